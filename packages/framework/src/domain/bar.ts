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
