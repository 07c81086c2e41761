/**
 * The statistics table of a report: which figures, in which order, in which format.
 * One list serves the run page and the comparison page.
 * @module
 */
import type { BacktestStatistics } from '../backtest/statistics.js';
import { duration, percent, rub } from './html.js';

export interface StatisticsRow {
  /** The field of `BacktestStatistics`. */
  readonly key: keyof BacktestStatistics;
  readonly label: string;
  /** The raw value (null or undefined when the figure does not exist for the run). */
  readonly value: number | null | undefined;
  readonly text: string;
}

const fixed2 = (v: number) => v.toFixed(2);
const whole = (v: number) => String(Math.round(v));

const ROWS: readonly (readonly [keyof BacktestStatistics, string, (v: number) => string])[] = [
  ['totalReturn', 'Return', percent],
  ['cagr', 'CAGR', percent],
  ['sharpe', 'Sharpe', fixed2],
  ['sortino', 'Sortino', fixed2],
  ['maxDrawdown', 'Max drawdown', percent],
  ['maxDrawdownDuration', 'Max drawdown duration', duration],
  ['winRate', 'Win rate', percent],
  ['profitFactor', 'Profit factor', fixed2],
  ['exposure', 'Exposure', percent],
  ['commission', 'Commission, RUB', rub],
  ['closedTrades', 'Trades', whole],
  ['fills', 'Fills', whole],
  ['averageTrade', 'Average trade, RUB', rub],
  ['finalEquity', 'Final equity, RUB', rub],
];

/**
 * @example
 * for (const row of statisticsRows(result.summary)) console.log(row.label, row.text);
 */
export function statisticsRows(summary: BacktestStatistics): StatisticsRow[] {
  return ROWS.map(([key, label, format]) => {
    const value = summary[key] as number | null | undefined;
    return {
      key,
      label,
      value,
      text: value === null || value === undefined ? '—' : format(value),
    };
  });
}
