/**
 * What a report shows of one run: plain data, so that a report can be drawn from a run
 * in memory or from a run folder read back from disk.
 * @module
 */
import type { BacktestStatistics } from '../backtest/statistics.js';
import type { ClosedTrade } from '../domain/positionBook.js';

/** Display candles of one instrument: parallel arrays, time in UTC ms, oldest first. */
export interface ReportCandles {
  readonly instrument: string;
  readonly time: ArrayLike<number>;
  readonly open: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
}

/** One instrument's share of a run. */
export interface ReportInstrumentRow {
  readonly instrument: string;
  readonly trades: number;
  readonly pnl: number;
  readonly commission: number;
  /** Winning trades / trades, 0 with none. */
  readonly winRate: number;
}

/** A labelled fact shown as a row of a table (data versions, plugins). */
export interface ReportFact {
  readonly label: string;
  readonly value: string;
}

export interface ReportRun {
  readonly runId: string;
  readonly name: string;
  /** ISO time the run was made. */
  readonly createdAt: string;
  readonly engineVersion: string;
  readonly initialCash: number;
  readonly summary: BacktestStatistics;
  readonly perInstrument: readonly ReportInstrumentRow[];
  /** The whole equity curve: time UTC ms, equity RUB. */
  readonly equity: { readonly times: ArrayLike<number>; readonly equity: ArrayLike<number> };
  readonly candles: readonly ReportCandles[];
  readonly trades: readonly ClosedTrade[];
  /** What the run read: data versions or files, each a row. */
  readonly data: readonly ReportFact[];
  /** Plugins used, `kind:id` → `package@version`. */
  readonly plugins: Readonly<Record<string, string>>;
  /** The data-quality report, as text, and whether it passed; absent when none ran. */
  readonly quality?: { readonly passed: boolean; readonly text: string } | undefined;
}
