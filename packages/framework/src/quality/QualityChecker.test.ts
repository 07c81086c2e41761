/**
 * The quality checks one by one: what each reports, what it leaves alone, and the policies.
 * @module
 */
import { describe, expect, it } from 'vitest';
import type { BarInterval } from '../contracts/marketData.js';
import type { Bar } from '../domain/bar.js';
import { fromMoscow } from '../market/moscowTime.js';
import { makeBars } from '../testing/makeBars.js';
import { checkBars } from './checkBars.js';
import { QualityChecker } from './QualityChecker.js';
import type { QualityCheck, QualityReport } from './QualityReport.js';
import { ALL_ERRORS, calendarSeries, qualityOptions } from './qualityBars.fixture.js';

type OptionsInput = Parameters<typeof qualityOptions>[0];

/** 2026-09-01 (a Tuesday), Moscow wall-clock → UTC ms. */
const at = (hour: number, minute: number, day = 1): number =>
  fromMoscow(2026, 9, day, hour, minute);

function check(
  bars: readonly Bar[],
  input: OptionsInput = {},
  interval: BarInterval = '1m',
  maxExamples?: number,
): QualityReport {
  const options = qualityOptions({ ...input, checks: { ...ALL_ERRORS, ...input?.checks } });
  return checkBars([{ instrument: 'SBER', bars }], options, interval, maxExamples);
}

/** `check:count` of every result, for exact "this and nothing else" assertions. */
const found = (report: QualityReport): string[] =>
  report.results.map((result) => `${result.check}:${result.count}`);

const result = (report: QualityReport, check: QualityCheck) =>
  report.results.find((entry) => entry.check === check);

/** 40 one-minute bars from 10:00, closes moving 0.1 % a bar. */
const clean = (): Bar[] =>
  makeBars(
    'SBER',
    Array.from({ length: 40 }, (_, i) => 300 + (i % 2 === 0 ? i : -i) * 0.3),
  );

describe('schema', () => {
  it('reports each broken field once, with the bar position and the time when usable', () => {
    const bars: unknown[] = clean();
    bars[1] = { ...(bars[1] as Bar), close: Number.NaN };
    const { volume: _, ...noVolume } = bars[2] as Bar;
    bars[2] = noVolume;
    bars[3] = { ...(bars[3] as Bar), volume: '5' };
    bars[4] = { ...(bars[4] as Bar), time: (bars[4] as Bar).time + 30_000 };
    bars[5] = { ...(bars[5] as Bar), time: (bars[5] as Bar).time + 0.5 };
    bars[6] = null;
    bars[7] = { ...(bars[7] as Bar), time: 86_400_000 };
    const report = check(bars as Bar[]);
    const schema = result(report, 'schema')!;
    // The null bar and the 1970 bar say nothing of their minutes: 10:06–10:07 are a hole.
    expect(found(report)).toEqual(['schema:7', 'missing:1']);
    expect(result(report, 'missing')!.examples[0]!.moscow).toBe('2026-09-01 10:06 – 10:07 MSK');
    expect(schema.kinds).toEqual({
      'not-finite': 1,
      'missing-field': 1,
      'not-a-number': 1,
      'time-misaligned': 1,
      'time-not-integer': 1,
      'not-a-bar': 1,
      'time-out-of-range': 1,
    });
    expect(schema.examples.map((finding) => [finding.position, finding.detail])).toEqual([
      [2, 'close is NaN'],
      [3, 'volume is missing'],
      [4, 'volume is a string ("5"), not a number'],
      [5, 'time is 30 s past the start of a 1-minute slot'],
      [6, `time ${at(10, 5) + 0.5} is not a whole number of ms`],
      [7, 'not a bar but null'],
      [8, 'time 86400000 is outside 1990–2100'],
    ]);
    expect(schema.examples[0]).toMatchObject({
      time: new Date(at(10, 1)).toISOString(),
      moscow: '2026-09-01 10:01 MSK',
      policy: 'error',
    });
    expect(schema.examples[4]!.time).toBeUndefined();
    expect(report.instruments[0]).toMatchObject({ bars: 40, invalid: 7, unordered: 0 });
  });

  it('keeps invalid bars out of the other checks, though a usable time fills its slot', () => {
    const bars = clean();
    // A NaN close would be an outlier and a stale breaker if it were looked at; the bar with
    // no usable time leaves its minute empty, which is a hole.
    bars[10] = { ...bars[10]!, close: Number.NaN, high: -1 };
    bars[20] = { ...bars[20]!, time: Number.NaN };
    const report = check(bars);
    expect(found(report)).toEqual(['schema:2', 'missing:1']);
    expect(result(report, 'missing')!.examples[0]!.moscow).toBe('2026-09-01 10:20 MSK');
  });

  it('lets a late invalid bar fill its hole, and an invalid bar end a stale run', () => {
    const swapped = clean();
    [swapped[7], swapped[8]] = [swapped[8]!, { ...swapped[7]!, close: Number.NaN }];
    expect(found(check(swapped))).toEqual(['schema:1']);

    const flat = { open: 300, close: 300, volume: 0 };
    const stale = makeBars('SBER', [299, flat, flat, flat, { close: 301 }, flat, 302]);
    stale[4] = { ...stale[4]!, volume: Number.NaN };
    const report = check(stale, { staleRun: 3 });
    expect(found(report)).toEqual(['schema:1', 'stale:1']);
    expect(result(report, 'stale')!.bars).toBe(3);
  });

  it('with schema off reports nothing, yet the summary still counts invalid bars', () => {
    const bars = clean();
    bars[3] = { ...bars[3]!, open: Number.POSITIVE_INFINITY };
    const report = check(bars, { checks: { schema: 'off' } });
    expect(found(report)).toEqual([]);
    expect(report.instruments[0]!.invalid).toBe(1);
  });
});

describe('order', () => {
  it('reports a repeated time as a duplicate only, never also as unsorted', () => {
    const bars = clean();
    bars.splice(6, 0, { ...bars[5]! });
    const tenTen = bars[11]!;
    bars.splice(12, 0, { ...tenTen, close: tenTen.close + 0.1, high: tenTen.high + 1 });
    const report = check(bars);
    expect(found(report)).toEqual(['order:2']);
    const order = result(report, 'order')!;
    expect(order.kinds).toEqual({ duplicate: 2 });
    expect(order.examples.map((finding) => [finding.moscow, finding.position])).toEqual([
      ['2026-09-01 10:05 MSK', 7],
      ['2026-09-01 10:10 MSK', 13],
    ]);
    expect(order.examples[0]!.detail).toContain('same prices');
    expect(order.examples[1]!.detail).toContain('differs');
  });

  it('reports a bar earlier than the bars before it as unsorted; a late bar fills its hole', () => {
    const bars = clean();
    [bars[7], bars[8]] = [bars[8]!, bars[7]!];
    const report = check(bars);
    expect(found(report)).toEqual(['order:1']);
    expect(result(report, 'order')!.examples[0]).toMatchObject({
      kind: 'unsorted',
      moscow: '2026-09-01 10:07 MSK',
      detail: 'comes after the bar at 2026-09-01 10:08 MSK in the input',
    });
  });

  it('lets late bars fill a hole when they come in time order', () => {
    const bars = clean();
    const late = bars.splice(5, 3);
    bars.splice(6, 0, ...late);
    const report = check(bars);
    expect(found(report)).toEqual(['order:3']);
  });

  it('counts every bar of an overlapping second file', () => {
    const first = clean().slice(0, 20);
    const overlap = clean().slice(15, 30);
    const report = check([...first, ...overlap]);
    expect(found(report)).toEqual(['order:5']);
    expect(result(report, 'order')!.kinds).toEqual({ unsorted: 4, duplicate: 1 });
    expect(report.instruments[0]).toMatchObject({ bars: 35, unordered: 5 });
  });
});

describe('ohlc', () => {
  it('reports high below low, open or close outside the range and a non-positive low', () => {
    const bars = clean();
    bars[2] = { ...bars[2]!, high: bars[2]!.low - 0.5 };
    bars[4] = { ...bars[4]!, open: bars[4]!.high + 1 };
    bars[6] = { ...bars[6]!, close: bars[6]!.low - 1 };
    bars[8] = { ...bars[8]!, low: 0 };
    const report = check(bars, { checks: { outliers: 'off' } });
    expect(found(report)).toEqual(['ohlc:4']);
    const ohlc = result(report, 'ohlc')!;
    expect(ohlc.kinds).toEqual({
      'high-below-low': 1,
      'open-outside': 1,
      'close-outside': 1,
      'not-positive': 1,
    });
    expect(ohlc.examples[0]!.detail).toBe(`high ${bars[2]!.high} < low ${bars[2]!.low}`);
    expect(ohlc.examples[1]!.detail).toMatch(/^open \S+ outside low–high \S+–\S+$/);
    expect(ohlc.examples[0]!.values).toEqual({
      open: bars[2]!.open,
      high: bars[2]!.high,
      low: bars[2]!.low,
      close: bars[2]!.close,
    });
  });

  it('accepts a flat bar (open = high = low = close)', () => {
    expect(found(check(makeBars('SBER', [300, 300.5, 301])))).toEqual([]);
  });
});

describe('volume', () => {
  it('reports a negative volume and accepts zero', () => {
    const bars = makeBars('SBER', [300, { close: 301, volume: 0 }, { close: 302, volume: -5 }]);
    const report = check(bars);
    expect(found(report)).toEqual(['volume:1']);
    expect(result(report, 'volume')!.examples[0]).toMatchObject({
      detail: 'volume -5 is negative',
      position: 3,
    });
  });
});

describe('missing', () => {
  it('reports a hole inside the session as one range with its exact length', () => {
    const bars = clean();
    bars.splice(5, 3);
    const report = check(bars);
    expect(found(report)).toEqual(['missing:1']);
    const missing = result(report, 'missing')!;
    expect(missing.bars).toBe(3);
    expect(missing.examples[0]).toMatchObject({
      kind: 'hole',
      time: new Date(at(10, 5)).toISOString(),
      end: new Date(at(10, 7)).toISOString(),
      moscow: '2026-09-01 10:05 – 10:07 MSK',
      bars: 3,
      detail:
        '3 bars missing in session between the bars at 2026-09-01 10:04 MSK and 2026-09-01 10:08 MSK',
    });
  });

  it('ignores nights, weekends and the days before the first and after the last bar', () => {
    // Friday 4 September to Tuesday 8 September, from 12:00 Friday to 15:00 Tuesday.
    const bars = calendarSeries({ start: '2026-09-04', days: 5 }).filter(
      (bar) => bar.time >= at(12, 0, 4) && bar.time <= at(15, 0, 8),
    );
    expect(found(check(bars))).toEqual([]);
  });

  it('counts a trading day without bars unless it is a closed day', () => {
    const bars = calendarSeries({ start: '2026-08-31', days: 3 }).filter(
      (bar) => bar.time < at(0, 0, 1) || bar.time >= at(0, 0, 2),
    );
    const open = check(bars);
    expect(found(open)).toEqual(['missing:1']);
    expect(result(open, 'missing')!.bars).toBe(520);
    expect(result(open, 'missing')!.examples[0]!.moscow).toBe('2026-09-01 10:00 – 18:39 MSK');
    expect(found(check(bars, { closedDays: ['2026-09-01'] }))).toEqual([]);
  });

  it('counts the evening session only when configured', () => {
    const mainOnly = calendarSeries({ start: '2026-09-01', days: 2 });
    expect(found(check(mainOnly))).toEqual([]);
    const withEvening = check(mainOnly, { sessions: ['main', 'evening'] });
    // The first evening lies between bars; the second is after the last bar.
    expect(found(withEvening)).toEqual(['missing:1']);
    expect(result(withEvening, 'missing')!.examples[0]!.moscow).toBe(
      '2026-09-01 19:05 – 23:49 MSK',
    );
    expect(result(withEvening, 'missing')!.bars).toBe(285);

    const evening = calendarSeries({ start: '2026-09-01', days: 2, sessions: ['main', 'evening'] });
    const gap = evening.filter((bar) => bar.time !== at(21, 30));
    expect(found(check(gap))).toEqual([]);
    expect(found(check(gap, { sessions: ['main', 'evening'] }))).toEqual(['missing:1']);
  });

  it('expects weekend bars only with the weekend session', () => {
    const week = calendarSeries({ start: '2026-09-04', days: 4, sessions: ['main', 'weekend'] });
    expect(found(check(week, { sessions: ['main', 'weekend'] }))).toEqual([]);
    const noSaturday = week.filter((bar) => bar.time < at(0, 0, 5) || bar.time >= at(0, 0, 6));
    const report = check(noSaturday, { sessions: ['main', 'weekend'] });
    expect(found(report)).toEqual(['missing:1']);
    expect(result(report, 'missing')!.bars).toBe(540);
    expect(found(check(noSaturday))).toEqual([]);
  });

  it.each(['5m', '15m', '1h'] as const)(
    'checks %s bars against the slots sessions touch',
    (interval) => {
      const bars = calendarSeries({
        start: '2026-09-04',
        days: 5,
        interval,
        sessions: ['main', 'evening'],
      });
      expect(found(check(bars, { sessions: ['main', 'evening'] }, interval))).toEqual([]);
      const report = check(
        bars.slice(0, 20).concat(bars.slice(21)),
        { sessions: ['main', 'evening'] },
        interval,
      );
      expect(found(report)).toEqual(['missing:1']);
      expect(result(report, 'missing')!.bars).toBe(1);
    },
  );

  it('has nine hourly bars in a main-session day, 10:00 to 18:00', () => {
    const bars = calendarSeries({ start: '2026-09-01', days: 1, interval: '1h' });
    expect(bars.length).toBe(9);
    expect(found(check([bars[0]!, bars[8]!], {}, '1h'))).toEqual(['missing:1']);
    expect(result(check([bars[0]!, bars[8]!], {}, '1h'), 'missing')!.bars).toBe(7);
  });

  it.each(['moscow', 'utc'] as const)(
    'reports a missing trading day of daily bars opening at 00:00 %s',
    (dailyAt) => {
      // Monday 31 August to Sunday 13 September: ten trading days, two weekends.
      const bars = calendarSeries({ start: '2026-08-31', days: 14, interval: '1d', dailyAt });
      expect(bars.length).toBe(10);
      expect(found(check(bars, {}, '1d'))).toEqual([]);
      // 2 September is missing; 7 September is a holiday without a bar.
      const report = check(
        bars.filter((_, i) => i !== 2 && i !== 5),
        { closedDays: ['2026-09-07'] },
        '1d',
      );
      expect(found(report)).toEqual(['missing:1']);
      expect(result(report, 'missing')!.examples[0]).toMatchObject({
        moscow: '2026-09-02 MSK',
        bars: 1,
        detail:
          '1 trading day missing in session between the bars at 2026-09-01 MSK and 2026-09-03 MSK',
      });
    },
  );
});

describe('stale', () => {
  const flat = (count: number, volume = 0) =>
    Array.from({ length: count }, () => ({ open: 300, close: 300, volume }));

  it('reports a run of staleRun identical bars, not one bar shorter', () => {
    const run = makeBars('SBER', [299, ...flat(30), 301, ...flat(29), 299]);
    const report = check(run);
    expect(found(report)).toEqual(['stale:1']);
    expect(result(report, 'stale')!.examples[0]).toMatchObject({
      kind: 'run',
      time: new Date(at(10, 1)).toISOString(),
      end: new Date(at(10, 30)).toISOString(),
      bars: 30,
      detail: '30 identical bars in a row (price 300, volume 0)',
    });
  });

  it('continues a run on zero or equal volume, breaks it on another volume', () => {
    const rows = [...flat(3, 7), ...flat(3, 0), { close: 301, volume: 7 }];
    expect(result(check(makeBars('SBER', rows), { staleRun: 6 }), 'stale')?.bars).toBe(6);
    const broken = [...flat(4, 7), { close: 300, volume: 8 }, ...flat(3, 8)];
    expect(found(check(makeBars('SBER', broken), { staleRun: 5 }))).toEqual([]);
  });

  it('reports a run still open at the last bar, and a report does not close it', () => {
    const checker = new QualityChecker(qualityOptions({ staleRun: 3 }), { interval: '1m' });
    for (const bar of makeBars('SBER', [299, ...flat(4)])) checker.add('SBER', bar);
    const first = checker.report();
    expect(result(first, 'stale')!.bars).toBe(4);
    expect(checker.report()).toEqual(first);
    for (const bar of makeBars('SBER', flat(2), { start: at(10, 5) })) checker.add('SBER', bar);
    expect(result(checker.report(), 'stale')).toMatchObject({ count: 1, bars: 6 });
  });
});

describe('outliers', () => {
  it('reports close-to-close returns beyond ±outlierReturn with the closes', () => {
    const bars = makeBars('SBER', [100, 125, 125.5, 101, 100, 79]);
    const report = check(bars);
    expect(found(report)).toEqual(['outliers:2']);
    const outliers = result(report, 'outliers')!;
    expect(outliers.kinds).toEqual({ rise: 1, fall: 1 });
    expect(outliers.examples[0]).toMatchObject({
      moscow: '2026-09-01 10:01 MSK',
      values: { return: 0.25, previousClose: 100, close: 125 },
      detail: 'close 100 → 125 (+25.0 %, beyond ±20 %)',
    });
    // 125.5 → 101 (−19.5 %) is within the limit; 100 → 79 (−21 %) is not.
    expect(outliers.examples[1]!.values!['close']).toBe(79);
  });

  it('uses the configured threshold', () => {
    const bars = makeBars('SBER', [100, 104, 110]);
    expect(found(check(bars, { outlierReturn: 0.05 }))).toEqual(['outliers:1']);
  });
});

describe('policies', () => {
  const broken = (): Bar[] => {
    const bars = clean();
    bars[3] = { ...bars[3]!, high: bars[3]!.low - 1 };
    return bars;
  };

  it('error fails the report', () => {
    const report = check(broken());
    expect(report).toMatchObject({ passed: false, errors: 1, warnings: 0 });
  });

  it('warn reports without failing', () => {
    const report = check(broken(), { checks: { ohlc: 'warn' } });
    expect(report).toMatchObject({ passed: true, errors: 0, warnings: 1 });
    expect(result(report, 'ohlc')!.policy).toBe('warn');
    expect(result(report, 'ohlc')!.examples[0]!.policy).toBe('warn');
  });

  it('off skips the check', () => {
    const report = check(broken(), { checks: { ohlc: 'off' } });
    expect(report).toMatchObject({ passed: true, errors: 0, warnings: 0, results: [] });
  });

  it('defaults: data errors fail, missing, stale and outliers warn', () => {
    const bars = clean();
    bars.splice(5, 1);
    const report = checkBars([{ instrument: 'SBER', bars }], qualityOptions(), '1m');
    expect(report).toMatchObject({ passed: true, errors: 0, warnings: 1 });
  });
});

describe('report', () => {
  it('keeps at most maxExamples per check and instrument but counts every finding', () => {
    const bars = makeBars(
      'SBER',
      Array.from({ length: 50 }, (_, i) => ({ close: 300 + (i % 2), volume: -i - 1 })),
    );
    const report = check(bars, {}, '1m', 3);
    expect(result(report, 'volume')).toMatchObject({ count: 50, bars: 50 });
    expect(result(report, 'volume')!.examples.map((finding) => finding.position)).toEqual([
      1, 2, 3,
    ]);
  });

  it('checks interleaved instruments independently, in first-seen order', () => {
    const sber = clean();
    const gazp = makeBars('GAZP', [130, 131, 132, 133]);
    gazp.splice(1, 1);
    const checker = new QualityChecker(qualityOptions({ checks: ALL_ERRORS }), { interval: '1m' });
    for (let i = 0; i < sber.length; i++) {
      checker.add('SBER', sber[i]!);
      if (i < gazp.length) checker.add('GAZP', gazp[i]!);
    }
    const report = checker.report();
    expect(report.results.map((entry) => `${entry.check} ${entry.instrument}`)).toEqual([
      'missing GAZP',
    ]);
    expect(report.instruments.map((summary) => [summary.instrument, summary.bars])).toEqual([
      ['SBER', 40],
      ['GAZP', 3],
    ]);
    expect(report.instruments[1]).toMatchObject({
      from: new Date(at(10, 0)).toISOString(),
      to: new Date(at(10, 3)).toISOString(),
    });
  });

  it('is plain JSON', () => {
    const bars = clean();
    bars[3] = { ...bars[3]!, close: Number.NaN };
    bars.splice(10, 2);
    bars.push({ ...bars[bars.length - 1]! });
    const report = check(bars);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(report.options.checks.missing).toBe('error');
    expect(report.interval).toBe('1m');
  });

  it('rejects a negative example cap', () => {
    expect(() => new QualityChecker(qualityOptions(), { interval: '1m', maxExamples: -1 })).toThrow(
      RangeError,
    );
  });

  it('rejects an unknown session with the calendar error', () => {
    expect(() => check(clean(), { sessions: ['lunch'] })).toThrow(/unknown session "lunch"/);
  });

  it('reports nothing for nothing', () => {
    expect(check([])).toMatchObject({ passed: true, instruments: [], results: [] });
  });
});
