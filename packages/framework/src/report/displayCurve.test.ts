import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayCurve } from './displayCurve.js';

describe('displayCurve', () => {
  it('thins a long curve to the point budget, keeping the last equity and the deepest drawdown', () => {
    const n = 100_000;
    const times = Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 60_000);
    const equity = times.map((_, i) => (i === 50_000 ? 500 : 1_000 + (i % 7)));
    const curve = displayCurve(times, equity, 1_000, 1_000);
    expect(curve.time.length).toBeLessThanOrEqual(1_001);
    expect(curve.equity.at(-1)).toBe(equity.at(-1));
    expect(Math.min(...curve.drawdown)).toBeCloseTo(500 / 1_006 - 1, 12);
  });

  it('gives strictly increasing whole-second times, as the chart requires', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 90_000 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 2, max: 50 }),
        (gaps, points) => {
          let t = Date.UTC(2024, 0, 1);
          const times = gaps.map((gap) => (t += gap));
          const curve = displayCurve(
            times,
            times.map(() => 1),
            1,
            points,
          );
          for (let i = 1; i < curve.time.length; i++) {
            expect(curve.time[i]!).toBeGreaterThan(curve.time[i - 1]!);
            expect(Number.isInteger(curve.time[i])).toBe(true);
          }
        },
      ),
    );
  });
});
