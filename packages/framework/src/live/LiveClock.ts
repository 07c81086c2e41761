/**
 * The clock of a live session: wall time, unless the venue keeps its own time (the
 * built-in fake exchange replaying sample data faster than real time), in which case
 * the session follows the venue so that days, sessions and timers agree with its bars.
 * @module
 */
import type { CancelTimer, Clock } from '../contracts/services.js';

/** Wall time. Timers do not keep the process alive: the session's stream does. */
export const wallClock: Clock = {
  now: () => Date.now(),
  setTimer(at: number, callback: () => void): CancelTimer {
    const timer = setTimeout(callback, Math.max(0, at - Date.now()));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** A clock that reads wall time until told to follow another (the venue's). */
export class LiveClock implements Clock {
  private source: Clock = wallClock;

  /** From now on, time is the venue's. */
  follow(source: Clock): void {
    this.source = source;
  }

  now(): number {
    return this.source.now();
  }

  setTimer(at: number, callback: () => void): CancelTimer {
    return this.source.setTimer(at, callback);
  }
}
