/**
 * Bars (candles). Times are UTC epoch milliseconds of the bar's open.
 * @module
 */

/** One OHLCV bar of one instrument. */
export interface Bar {
  /** Instrument uid. */
  readonly instrument: string;
  /** Open time, UTC epoch milliseconds. */
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Traded volume in lots. */
  readonly volume: number;
}

/** Read access to the most recent bars of an instrument, newest first. */
export interface BarHistory {
  /** How many bars are held (at most the configured history size). */
  readonly length: number;
  /** The bar `ago` bars back: `at(0)` is the newest. */
  at(ago: number): Bar | undefined;
}

/**
 * Whether prices make a bar that can trade: a positive low, open and close inside
 * low–high. The one test the CSV reader, the data-quality checks and the backtest's
 * clean-up share. Written out in comparisons so that it inlines into their per-bar loops.
 * @example
 * saneOhlc(300, 301, 299, 300.5); // true
 * saneOhlc(300, 299, 301, 300); // false: high below low
 */
export function saneOhlc(open: number, high: number, low: number, close: number): boolean {
  return low > 0 && low <= open && low <= close && high >= open && high >= close;
}
