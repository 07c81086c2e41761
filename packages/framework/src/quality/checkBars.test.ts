/**
 * The acceptance fixture (exactly the planted problems, nothing else) and the properties:
 * clean calendar data passes, removed bars are counted exactly, counts survive the cap.
 * @module
 */
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BarInterval } from '../contracts/marketData.js';
import type { Bar } from '../domain/bar.js';
import { isMoexBotError } from '../errors.js';
import { formatMoscowDate, parseMoscowDate } from '../market/moscowTime.js';
import { generateMoexBars, SYNTHETIC_INSTRUMENTS } from '../testing/syntheticBars.js';
import { checkBars } from './checkBars.js';
import type { QualityReport } from './QualityReport.js';
import {
  ALL_ERRORS,
  acceptanceBars,
  calendarSeries,
  qualityOptions,
} from './qualityBars.fixture.js';
import { qualityError } from './qualityError.js';

const found = (report: QualityReport): string[] =>
  report.results.map((result) => `${result.check}:${result.count}:${result.bars}`);

describe('acceptance fixture', () => {
  it('reports exactly the hole, the duplicate and the bar with high < low', () => {
    const report = checkBars(
      [{ instrument: 'SBER', bars: acceptanceBars() }],
      qualityOptions(),
      '1m',
    );
    expect(found(report)).toEqual(['order:1:1', 'ohlc:1:1', 'missing:1:1']);
    const [order, ohlc, missing] = report.results;
    expect(order!.examples[0]).toMatchObject({
      kind: 'duplicate',
      time: '2026-09-04T12:00:00.000Z',
      moscow: '2026-09-04 15:00 MSK',
      policy: 'error',
    });
    expect(ohlc!.examples[0]).toMatchObject({
      kind: 'high-below-low',
      time: '2026-09-08T09:00:00.000Z',
      moscow: '2026-09-08 12:00 MSK',
    });
    expect(missing!.examples[0]).toMatchObject({
      kind: 'hole',
      time: '2026-09-07T08:00:00.000Z',
      end: '2026-09-07T08:00:00.000Z',
      moscow: '2026-09-07 11:00 MSK',
      policy: 'warn',
    });
    expect(report).toMatchObject({ passed: false, errors: 2, warnings: 1 });
    expect(report.instruments).toEqual([
      {
        instrument: 'SBER',
        bars: 4 * 520,
        invalid: 0,
        unordered: 1,
        from: '2026-09-03T07:00:00.000Z',
        to: '2026-09-08T15:39:00.000Z',
      },
    ]);
  });

  it('names instrument, checks and times in one error when all are at error policy', () => {
    const options = qualityOptions({ checks: ALL_ERRORS });
    const report = checkBars([{ instrument: 'SBER', bars: acceptanceBars() }], options, '1m');
    expect(report).toMatchObject({ passed: false, errors: 3, warnings: 0 });
    const error = qualityError(report);
    expect(isMoexBotError(error)).toBe(true);
    expect(error.code).toBe('MOEXBOT_ERR_DATA_QUALITY_FAILED');
    expect(error.message).toBe(
      'data quality failed (policy error) in SBER: ' +
        'SBER order: 1 duplicate at 2026-09-04 15:00 MSK; ' +
        'SBER ohlc: 1 bar (high-below-low) at 2026-09-08 12:00 MSK; ' +
        'SBER missing: 1 hole, 1 missing bar at 2026-09-07 11:00 MSK. ' +
        'Fix the data, or relax data.quality.checks.',
    );
    expect(error.problems.map((problem) => problem.path)).toEqual([
      'data.quality.checks.order',
      'data.quality.checks.ohlc',
      'data.quality.checks.missing',
    ]);
  });
});

const SESSION_SETS = [
  ['main'],
  ['main', 'evening'],
  ['morning', 'main', 'evening', 'weekend'],
  ['main', 'weekend'],
  ['evening'],
];

/** A clean series somewhere in 2025–2027, on any session set, interval and closed days. */
const cleanSeriesArbitrary = fc
  .record({
    startDay: fc.integer({
      min: parseMoscowDate('2025-01-01')!,
      max: parseMoscowDate('2027-12-01')!,
    }),
    days: fc.integer({ min: 1, max: 6 }),
    sessions: fc.constantFrom(...SESSION_SETS),
    closed: fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { maxLength: 2 }),
    interval: fc.constantFrom<BarInterval>('1m', '5m', '15m', '1h', '1d'),
    dailyAt: fc.constantFrom<'moscow' | 'utc'>('moscow', 'utc'),
    seed: fc.integer(),
  })
  .map((spec) => {
    const closedDays = spec.closed.map((offset) => formatMoscowDate(spec.startDay + offset));
    const bars = calendarSeries({
      start: formatMoscowDate(spec.startDay),
      days: spec.days,
      sessions: spec.sessions,
      closedDays,
      interval: spec.interval,
      dailyAt: spec.dailyAt,
      seed: spec.seed,
    });
    const options = qualityOptions({
      checks: ALL_ERRORS,
      sessions: spec.sessions,
      closedDays,
    });
    return { bars, options, interval: spec.interval };
  });

/** Distinct interior indexes of a series of `length` bars, from arbitrary picks. */
function interior(picks: readonly number[], length: number): Set<number> {
  return new Set(length < 3 ? [] : picks.map((pick) => 1 + (pick % (length - 2))));
}

/** Maximal runs of consecutive numbers in a set: each is one hole once those bars go. */
function runs(indexes: ReadonlySet<number>): number {
  let count = 0;
  for (const index of indexes) if (!indexes.has(index - 1)) count++;
  return count;
}

describe('properties', () => {
  fcTest.prop([cleanSeriesArbitrary], { numRuns: 60 })(
    'a clean series on the calendar reports nothing',
    ({ bars, options, interval }) => {
      const report = checkBars([{ instrument: 'X', bars }], options, interval);
      expect(report.results).toEqual([]);
      expect(report).toMatchObject({ passed: true, errors: 0, warnings: 0 });
    },
  );

  fcTest.prop([fc.integer(), fc.constantFrom<'main' | 'main+evening'>('main', 'main+evening')], {
    numRuns: 10,
  })('the synthetic MOEX generator passes every check', (seed, sessions) => {
    const series = generateMoexBars({
      instruments: SYNTHETIC_INSTRUMENTS,
      start: '2026-09-03',
      days: 3,
      seed,
      sessions,
    });
    const options = qualityOptions({
      checks: ALL_ERRORS,
      sessions: sessions === 'main' ? ['main'] : ['main', 'evening'],
    });
    const report = checkBars(
      [...series].map(([instrument, bars]) => ({ instrument, bars })),
      options,
      '1m',
    );
    expect(report.results).toEqual([]);
  });

  fcTest.prop([cleanSeriesArbitrary, fc.array(fc.nat(), { maxLength: 60 })], { numRuns: 60 })(
    'removing k in-session bars between the first and the last reports exactly k missing',
    ({ bars, options, interval }, picks) => {
      const removed = interior(picks, bars.length);
      const kept = bars.filter((_, i) => !removed.has(i));
      const report = checkBars([{ instrument: 'X', bars: kept }], options, interval);
      if (removed.size === 0) {
        expect(report.results).toEqual([]);
        return;
      }
      expect(found(report)).toEqual([`missing:${runs(removed)}:${removed.size}`]);
    },
  );

  fcTest.prop(
    [
      cleanSeriesArbitrary,
      fc.array(fc.nat(), { maxLength: 80 }),
      fc.array(fc.nat(), { maxLength: 80 }),
      fc.array(fc.nat(), { maxLength: 80 }),
      fc.integer({ min: 0, max: 5 }),
    ],
    { numRuns: 60 },
  )(
    'counts are exact beyond the example cap',
    ({ bars, options, interval }, negative, inverted, gone, maxExamples) => {
      const removed = interior(gone, bars.length);
      const negativeVolume = new Set(
        [...interior(negative, bars.length)].filter((i) => !removed.has(i)),
      );
      const highBelowLow = new Set(
        [...interior(inverted, bars.length)].filter((i) => !removed.has(i)),
      );
      const data = bars.flatMap((bar, i) => {
        if (removed.has(i)) return [];
        return [
          {
            ...bar,
            volume: negativeVolume.has(i) ? -bar.volume : bar.volume,
            high: highBelowLow.has(i) ? bar.low - 0.01 : bar.high,
          },
        ];
      });
      const report = checkBars([{ instrument: 'X', bars: data }], options, interval, maxExamples);
      const expected = [
        ['ohlc', highBelowLow.size, highBelowLow.size],
        ['volume', negativeVolume.size, negativeVolume.size],
        ['missing', runs(removed), removed.size],
      ].filter(([, count]) => count !== 0);
      expect(report.results.map((result) => [result.check, result.count, result.bars])).toEqual(
        expected,
      );
      for (const result of report.results) {
        expect(result.examples).toHaveLength(Math.min(result.count, maxExamples));
      }
      expect(report.errors).toBe(highBelowLow.size + negativeVolume.size + runs(removed));
    },
  );
});

it('accepts any iterable of bars', () => {
  function* bars(): Generator<Bar> {
    yield* calendarSeries({ start: '2026-09-01', days: 1 });
  }
  const report = checkBars([{ instrument: 'SBER', bars: bars() }], qualityOptions(), '1m');
  expect(report.instruments[0]!.bars).toBe(520);
  expect(report.passed).toBe(true);
});
