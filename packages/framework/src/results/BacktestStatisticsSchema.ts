/**
 * The statistics of a run as a zod schema, to read `run.json` back safely. The compiler
 * checks that it describes exactly `BacktestStatistics`.
 * @module
 */
import { z } from 'zod';
import type { BacktestStatistics, InstrumentStatistics } from '../backtest/statistics.js';

export const InstrumentStatisticsSchema = z.object({
  instrument: z.string(),
  trades: z.number().int().nonnegative(),
  pnl: z.number(),
  commission: z.number(),
  winRate: z.number().min(0).max(1),
});

/** Unknown members are dropped, so a run written by a newer engine still reads. */
export const BacktestStatisticsSchema = z.object({
  totalReturn: z.number(),
  cagr: z.number().optional(),
  maxDrawdown: z.number().nonnegative(),
  maxDrawdownDuration: z.number().nonnegative(),
  sharpe: z.number(),
  sortino: z.number(),
  fills: z.number().int().nonnegative(),
  closedTrades: z.number().int().nonnegative(),
  winRate: z.number().min(0).max(1),
  profitFactor: z.number().nullable(),
  averageTrade: z.number(),
  exposure: z.number().min(0).max(1),
  commission: z.number(),
  finalEquity: z.number(),
  start: z.number().nullable(),
  end: z.number().nullable(),
  // Runs written before the breakdown existed have none.
  perInstrument: z.array(InstrumentStatisticsSchema).readonly().default([]),
});

// Both directions: a field added to the interface but not here (or the reverse) fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameStatistics: Same<z.infer<typeof BacktestStatisticsSchema>, BacktestStatistics> = true;
const sameInstrument: Same<z.infer<typeof InstrumentStatisticsSchema>, InstrumentStatistics> = true;
void sameStatistics;
void sameInstrument;
