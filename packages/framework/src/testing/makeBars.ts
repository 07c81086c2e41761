/**
 * Hand-made bars for tests: write the closes (or the few prices that matter) and get
 * consistent bars at regular times, so a test reads as the price story it checks.
 * @module
 */
import type { Bar } from '../domain/bar.js';

/** One row: a close, or the prices that matter for the test (the rest are derived). */
export type BarRow =
  | number
  | {
      readonly close: number;
      readonly open?: number;
      readonly high?: number;
      readonly low?: number;
      readonly volume?: number;
    };

/** Options of {@link makeBars}. */
export interface MakeBarsOptions {
  /** Time of the first bar, UTC ms; default 2026-09-01 10:00 Moscow (a Tuesday). */
  readonly start?: number;
  /** Time between bars; default one minute. */
  readonly intervalMs?: number;
  /** Volume of rows that give none, in lots; default 1000. */
  readonly volume?: number;
}

/** 2026-09-01 10:00 Moscow (UTC+3): the main session is open. */
export const DEFAULT_BARS_START = Date.UTC(2026, 8, 1, 7, 0);

/**
 * Builds bars of one instrument. A row's open defaults to the previous close (its own close
 * for the first bar); high and low default to the larger and smaller of open and close and
 * always include them. Prices are taken as written: put them on the instrument's grid.
 * @example
 * const bars = makeBars('SBER', [300, 301, 302.5, { close: 299, low: 298 }]);
 * bars[3]; // { instrument: 'SBER', time, open: 302.5, high: 302.5, low: 298, close: 299, volume: 1000 }
 */
export function makeBars(
  instrument: string,
  rows: readonly BarRow[],
  options: MakeBarsOptions = {},
): Bar[] {
  const start = options.start ?? DEFAULT_BARS_START;
  const interval = options.intervalMs ?? 60_000;
  let previous: number | undefined;
  return rows.map((row, i) => {
    const given = typeof row === 'number' ? { close: row } : row;
    const close = given.close;
    const open = given.open ?? previous ?? close;
    previous = close;
    return {
      instrument,
      time: start + i * interval,
      open,
      high: Math.max(open, close, given.high ?? close),
      low: Math.min(open, close, given.low ?? close),
      close,
      volume: given.volume ?? options.volume ?? 1000,
    };
  });
}
