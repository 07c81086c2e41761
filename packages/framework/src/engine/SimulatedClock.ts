/**
 * The backtest clock: time moves only when the driver advances it to the next
 * bar, firing any timers that fell due in between (e.g. the Moscow-midnight
 * reset of daily risk counters, even when no bar arrives at midnight).
 * @module
 */
import type { CancelTimer, Clock } from '../contracts/services.js';

interface Timer {
  at: number;
  callback: () => void;
  cancelled: boolean;
}

/** A clock driven by data. */
export class SimulatedClock implements Clock {
  /**
   * Initialised with a double, not left to the constructor: a field declared without a
   * value starts as `undefined`, and V8 then stores every later time (not a small
   * integer) as a new heap number, one allocation per bar.
   */
  private current = Number.NaN;
  /** Pending timers sorted by time; there are only ever a few. */
  private readonly timers: Timer[] = [];
  private nextDue = Number.POSITIVE_INFINITY;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(at: number, callback: () => void): CancelTimer {
    const timer: Timer = { at, callback, cancelled: false };
    let index = this.timers.length;
    while (index > 0 && this.timers[index - 1]!.at > at) index--;
    this.timers.splice(index, 0, timer);
    this.nextDue = this.timers[0]!.at;
    return () => {
      timer.cancelled = true;
    };
  }

  /** Moves time forward to `time`, firing due timers at their own times first. */
  advance(time: number): void {
    if (time >= this.nextDue) this.fireUntil(time);
    if (time > this.current) this.current = time;
  }

  private fireUntil(time: number): void {
    while (this.timers.length > 0 && this.timers[0]!.at <= time) {
      const timer = this.timers.shift()!;
      if (timer.cancelled) continue;
      if (timer.at > this.current) this.current = timer.at;
      timer.callback();
    }
    this.nextDue = this.timers[0]?.at ?? Number.POSITIVE_INFINITY;
  }
}

/** Wall-clock time for live runs. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(at: number, callback: () => void): CancelTimer {
    // setTimeout caps at about 24.8 days; re-arm in steps for longer waits.
    const MAX_DELAY = 2 ** 31 - 1;
    let handle: NodeJS.Timeout;
    const arm = () => {
      const delay = at - Date.now();
      handle = setTimeout(
        delay > MAX_DELAY ? arm : callback,
        Math.max(0, Math.min(delay, MAX_DELAY)),
      );
      handle.unref?.();
    };
    arm();
    return () => clearTimeout(handle);
  }
}
