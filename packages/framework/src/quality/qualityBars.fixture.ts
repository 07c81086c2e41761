/**
 * Test data of the quality checks: options with the config defaults, and clean bar series
 * laid on the session calendar (a bar in every expected slot, consistent prices, no two
 * bars alike), from which tests remove, copy or break bars.
 * @module
 */
import type { z } from 'zod';
import { QualityConfigSchema } from '../config/schema.js';
import { BAR_INTERVAL_MS, type BarInterval } from '../contracts/marketData.js';
import type { Bar } from '../domain/bar.js';
import {
  DAY_MS,
  fromMoscow,
  MOSCOW_OFFSET_MS,
  moscowDayStart,
  parseMoscowDate,
} from '../market/moscowTime.js';
import { createSessionCalendar } from '../market/sessions.js';
import { generateMoexBars, SYNTHETIC_INSTRUMENTS, seededRandom } from '../testing/syntheticBars.js';
import type { QualityOptions } from './QualityReport.js';

/** Quality options as the config would give them: defaults filled in. */
export function qualityOptions(input: z.input<typeof QualityConfigSchema> = {}): QualityOptions {
  return QualityConfigSchema.parse(input);
}

/** Every check at `error`, so a test sees all findings in `errors`. */
export const ALL_ERRORS = {
  schema: 'error',
  order: 'error',
  ohlc: 'error',
  volume: 'error',
  missing: 'error',
  stale: 'error',
  outliers: 'error',
} as const;

/** What {@link calendarSeries} lays out. */
export interface CalendarSeriesOptions {
  readonly instrument?: string;
  /** First calendar day, `YYYY-MM-DD` Moscow. */
  readonly start: string;
  /** Calendar days (weekends and closed days give no bars). */
  readonly days: number;
  readonly sessions?: readonly string[];
  readonly closedDays?: readonly string[];
  readonly interval?: BarInterval;
  /** Where daily bars open: 00:00 Moscow (default) or 00:00 UTC of the date. */
  readonly dailyAt?: 'moscow' | 'utc';
  readonly seed?: number;
}

/**
 * A clean series: one bar per interval slot that holds a counted session minute, prices on a
 * 0.01 grid moving 1 to 3 ticks each bar (never flat, far from any outlier threshold).
 */
export function calendarSeries(options: CalendarSeriesOptions): Bar[] {
  const interval = options.interval ?? '1m';
  const intervalMs = BAR_INTERVAL_MS[interval];
  const calendar = createSessionCalendar({
    sessions: options.sessions ?? ['main'],
    closedDays: options.closedDays ?? [],
  });
  const startDay = parseMoscowDate(options.start);
  if (startDay === undefined) throw new Error(`bad start ${options.start}`);
  const random = seededRandom(options.seed ?? 1);
  const instrument = options.instrument ?? 'SBER';
  const bars: Bar[] = [];
  let ticks = 30_000;
  for (let day = startDay; day < startDay + options.days; day++) {
    const times = new Set<number>();
    for (const minute of calendar.sessionMinutes(day)) {
      if (interval === '1d') {
        times.add(options.dailyAt === 'utc' ? day * DAY_MS : moscowDayStart(day));
      } else {
        const slot = Math.floor((minute + MOSCOW_OFFSET_MS) / intervalMs);
        times.add(slot * intervalMs - MOSCOW_OFFSET_MS);
      }
    }
    for (const time of times) {
      const move = (1 + Math.floor(random.next() * 3)) * (random.next() < 0.5 ? -1 : 1);
      const open = ticks;
      ticks = Math.max(1_000, ticks + move);
      const high = Math.max(open, ticks) + Math.floor(random.next() * 3);
      const low = Math.min(open, ticks) - Math.floor(random.next() * 3);
      bars.push({
        instrument,
        time,
        open: open / 100,
        high: high / 100,
        low: low / 100,
        close: ticks / 100,
        volume: 1 + Math.floor(random.next() * 1000),
      });
    }
  }
  return bars;
}

/**
 * Four trading days of SYNTHETIC SBER minute bars, Thursday 3 to Tuesday 8 September 2026
 * (nights and a weekend in between), with three planted problems: the 11:00 bar of Monday
 * removed, the 15:00 bar of Friday written twice, and Tuesday 12:00 with high below low.
 */
export function acceptanceBars(): Bar[] {
  const bars = generateMoexBars({
    instruments: [SYNTHETIC_INSTRUMENTS[0]!],
    start: '2026-09-03',
    days: 4,
    seed: 11,
  }).get('SBER')!;
  const index = (time: number): number => bars.findIndex((bar) => bar.time === time);
  const broken = index(fromMoscow(2026, 9, 8, 12, 0));
  bars[broken] = { ...bars[broken]!, high: bars[broken]!.low - 0.01 };
  const duplicate = index(fromMoscow(2026, 9, 4, 15, 0));
  bars.splice(duplicate + 1, 0, { ...bars[duplicate]! });
  bars.splice(index(fromMoscow(2026, 9, 7, 11, 0)), 1);
  return bars;
}
