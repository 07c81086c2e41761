import { describe, expect, it } from 'vitest';
import {
  MAX_TRACKED_UNKNOWN_USERS,
  UNKNOWN_USER_WINDOW_MS,
  UnknownUserThrottle,
} from './UnknownUserThrottle.js';

const T0 = Date.UTC(2026, 8, 1, 7, 30);
const WINDOW = UNKNOWN_USER_WINDOW_MS;

describe('UnknownUserThrottle', () => {
  it('admits the first command per id per window and reports the count on the next', () => {
    const throttle = new UnknownUserThrottle();
    expect(throttle.admit(1, T0)).toBe(0);
    expect(throttle.admit(1, T0 + 1)).toBeUndefined();
    expect(throttle.admit(1, T0 + WINDOW - 1)).toBeUndefined();
    expect(throttle.admit(2, T0 + 5)).toBe(0);
    // The window runs from the audited command, not from the last counted one.
    expect(throttle.admit(1, T0 + WINDOW)).toBe(2);
    expect(throttle.admit(1, T0 + WINDOW + 1)).toBeUndefined();
    expect(throttle.admit(1, T0 + 2 * WINDOW)).toBe(1);
  });

  it('forgets ids whose window has passed with nothing to report, and keeps the counts', () => {
    const throttle = new UnknownUserThrottle({ windowMs: 1_000 });
    throttle.admit(1, 0);
    throttle.admit(2, 10);
    throttle.admit(2, 20); // counted: 2 has something to report
    throttle.admit(3, 500);
    expect(throttle.size).toBe(3);
    throttle.admit(4, 1_200); // 1 and 2 are past their window; only 1 is forgotten
    expect(throttle.size).toBe(3);
    expect(throttle.admit(2, 1_300)).toBe(1);
    expect(throttle.admit(1, 1_300)).toBe(0);
  });

  it('remembers at most maxTracked ids, forgetting the one audited longest ago', () => {
    expect(MAX_TRACKED_UNKNOWN_USERS).toBe(1_000);
    const throttle = new UnknownUserThrottle({ maxTracked: 3 });
    for (const id of [1, 2, 3]) throttle.admit(id, T0);
    throttle.admit(1, T0 + 1); // counted
    throttle.admit(4, T0 + 2); // pushes out 1, the oldest, with its count
    expect(throttle.size).toBe(3);
    expect(throttle.admit(2, T0 + 3)).toBeUndefined();
    expect(throttle.admit(1, T0 + 4)).toBe(0); // forgotten: audited again, pushing out 2
    expect(throttle.admit(2, T0 + 5)).toBe(0); // and 2's count went with it
    expect(throttle.admit(4, T0 + 6)).toBeUndefined();
    for (let id = 100; id < 10_000; id++) throttle.admit(id, T0 + id);
    expect(throttle.size).toBe(3);
  });
});
