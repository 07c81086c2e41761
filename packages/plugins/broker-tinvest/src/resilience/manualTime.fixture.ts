/** A clock for tests in which sleeping moves time forward at once. */
import type { Waiter } from './rateLimits.js';

export interface ManualTime extends Waiter {
  /** Every sleep requested, in ms. */
  readonly sleeps: number[];
  advance(ms: number): void;
}

export function manualTime(start = 0): ManualTime {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance(ms) {
      now += ms;
    },
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
    },
  };
}
