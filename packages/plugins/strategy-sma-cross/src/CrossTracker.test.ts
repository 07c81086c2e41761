import { describe, expect, it } from 'vitest';
import { CrossTracker } from './CrossTracker.js';

describe('CrossTracker', () => {
  it('sets the regime silently on the first full window and reports later crosses', () => {
    const tracker = new CrossTracker(2, 4);
    expect([10, 11, 12, 13, 12].map((ticks) => tracker.push(ticks))).toEqual([0, 0, 0, 0, 0]);
    expect(tracker.regime).toBe(1);
    expect(tracker.push(10)).toBe(-1);
    expect(tracker.regime).toBe(-1);
  });

  it('keeps the regime while the averages are equal: a touch is not a cross', () => {
    const tracker = new CrossTracker(1, 2);
    expect([10, 12].map((ticks) => tracker.push(ticks))).toEqual([0, 0]);
    // 12 then 12: both averages are 12.
    expect(tracker.push(12)).toBe(0);
    expect(tracker.regime).toBe(1);
    expect(tracker.push(13)).toBe(0);
    expect(tracker.push(11)).toBe(-1);
  });

  it('round-trips its state through JSON', () => {
    const tracker = new CrossTracker(2, 3);
    for (const ticks of [5, 6, 7, 8]) tracker.push(ticks);
    const copy = new CrossTracker(2, 3);
    copy.load(JSON.parse(JSON.stringify(tracker.state())));
    expect(copy.state()).toEqual({ closes: [6, 7, 8], count: 4, regime: 1 });
    expect([4, 3].map((t) => copy.push(t))).toEqual([4, 3].map((t) => tracker.push(t)));
  });

  it('refuses impossible windows and states', () => {
    expect(() => new CrossTracker(3, 3)).toThrow(RangeError);
    expect(() => new CrossTracker(0, 3)).toThrow(RangeError);
    expect(() => new CrossTracker(2, 3).load({ closes: [1, 2], count: 5, regime: 0 })).toThrow(
      /must hold 3/,
    );
  });
});
