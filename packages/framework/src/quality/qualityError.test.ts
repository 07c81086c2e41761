/**
 * The DATA_QUALITY_FAILED error built from a report.
 * @module
 */
import { describe, expect, it } from 'vitest';
import type { Bar } from '../domain/bar.js';
import { makeBars } from '../testing/makeBars.js';
import { checkBars } from './checkBars.js';
import { ALL_ERRORS, qualityOptions } from './qualityBars.fixture.js';
import { assertQualityPassed, qualityError } from './qualityError.js';

const closes = Array.from({ length: 20 }, (_, i) => 300 + (i % 2));

function broken(instrument: string, negative: number): Bar[] {
  const bars = makeBars(instrument, closes);
  for (let i = 0; i < negative; i++) bars[i * 2] = { ...bars[i * 2]!, volume: -1 };
  return bars;
}

describe('qualityError', () => {
  it('names every failing instrument and check with the first times', () => {
    const report = checkBars(
      [
        { instrument: 'SBER', bars: broken('SBER', 5) },
        { instrument: 'GAZP', bars: broken('GAZP', 1) },
        { instrument: 'LKOH', bars: makeBars('LKOH', closes) },
      ],
      qualityOptions({ checks: ALL_ERRORS }),
      '1m',
    );
    const error = qualityError(report);
    expect(error.code).toBe('MOEXBOT_ERR_DATA_QUALITY_FAILED');
    expect(error.message).toBe(
      'data quality failed (policy error) in SBER, GAZP: ' +
        'SBER volume: 5 bars (negative) at 2026-09-01 10:00 MSK, 2026-09-01 10:02 MSK, 2026-09-01 10:04 MSK and 2 more; ' +
        'GAZP volume: 1 bar (negative) at 2026-09-01 10:00 MSK. ' +
        'Fix the data, or relax data.quality.checks.',
    );
    expect(error.problems).toEqual([
      {
        path: 'data.quality.checks.volume',
        message:
          'SBER: 5 bars (negative) at 2026-09-01 10:00 MSK, 2026-09-01 10:02 MSK, 2026-09-01 10:04 MSK and 2 more; volume -1 is negative',
      },
      {
        path: 'data.quality.checks.volume',
        message: 'GAZP: 1 bar (negative) at 2026-09-01 10:00 MSK; volume -1 is negative',
      },
    ]);
  });

  it('leaves warnings out of the message', () => {
    const report = checkBars(
      [{ instrument: 'SBER', bars: broken('SBER', 1) }],
      qualityOptions({ checks: { ...ALL_ERRORS, outliers: 'warn' }, outlierReturn: 0.001 }),
      '1m',
    );
    expect(report.warnings).toBeGreaterThan(0);
    expect(qualityError(report).message).not.toContain('outliers');
  });

  it('caps the message at five results and says how many more', () => {
    const series = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((instrument) => ({
      instrument,
      bars: broken(instrument, 1),
    }));
    const report = checkBars(series, qualityOptions(), '1m');
    const message = qualityError(report).message;
    expect(message).toContain('in A, B, C, D, E, F, G:');
    expect(message).toContain('E volume');
    expect(message).not.toContain('F volume');
    expect(message).toContain('2 more check results');
    expect(qualityError(report).problems).toHaveLength(7);
  });

  it('assertQualityPassed throws only for a failed report', () => {
    const clean = checkBars(
      [{ instrument: 'SBER', bars: makeBars('SBER', closes) }],
      qualityOptions(),
      '1m',
    );
    expect(() => assertQualityPassed(clean)).not.toThrow();
    expect(qualityError(clean).message).toContain('the report passed');
    const failed = checkBars(
      [{ instrument: 'SBER', bars: broken('SBER', 1) }],
      qualityOptions(),
      '1m',
    );
    expect(() => assertQualityPassed(failed)).toThrow(/SBER volume/);
  });
});
