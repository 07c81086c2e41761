/**
 * Performance statistics of a run, computed from its equity curve and closed trades.
 * Pure functions of plain arrays, so a report, a CLI summary and an optimiser all
 * compute the same figures. Every result is finite or null: it must survive JSON.
 * @module
 */
import { isSafeNanos, nanosOf, nanosToNumber, toNanos } from '../domain/decimal.js';
import type { Fill } from '../domain/order.js';
import type { ClosedTrade } from '../domain/positionBook.js';
// Daily returns use Moscow days: a day starts at 00:00 Europe/Moscow (UTC+3 all year).
import { DAY_MS as DAY, moscowDay, moscowDayStart } from '../market/moscowTime.js';

const YEAR = 365.25 * DAY;
const TRADING_DAYS = 252;
/** Below this a standard deviation of daily returns is float noise, not risk. */
const NOISE = 1e-12;

/** What `computeStatistics` reads. `times` and `equity` are parallel and time-ordered. */
export interface StatisticsInput {
  /** UTC epoch milliseconds of each equity point. */
  readonly times: ArrayLike<number>;
  readonly equity: ArrayLike<number>;
  readonly initialCash: number;
  readonly trades: readonly ClosedTrade[];
  /** Number of executions. */
  readonly fills: number;
  /** Total commission paid, RUB. */
  readonly commission: number;
  /** Fraction of the run with a position, when the caller measured it per bar. */
  readonly exposureFraction?: number | undefined;
  /**
   * The fills themselves, for the commission of each instrument: a fill of a position
   * still open at the end paid commission that no closed trade holds yet. Without them
   * each instrument's commission is that of its closed trades.
   */
  readonly fillRecords?: readonly Pick<Fill, 'instrument' | 'commission'>[] | undefined;
}

/** One instrument's share of a run. */
export interface InstrumentStatistics {
  readonly instrument: string;
  /** Closed trades. */
  readonly trades: number;
  /** Net P&L of its closed trades (commission deducted). */
  readonly pnl: number;
  /** Commission paid on its fills (see `StatisticsInput.fillRecords`). */
  readonly commission: number;
  /** Winning trades / closed trades; 0 with no trades. */
  readonly winRate: number;
}

/** Figures of a run. Fractions are plain (0.05 is 5%); durations are milliseconds. */
export interface BacktestStatistics {
  /** finalEquity / initialCash − 1. */
  readonly totalReturn: number;
  /** Compound annual growth; absent for runs shorter than a day or when it overflows. */
  readonly cagr?: number;
  /** Largest fall from a running peak (seeded with the initial cash), as a fraction of it. */
  readonly maxDrawdown: number;
  /** Longest time from a peak until equity regained it (or the run ended). */
  readonly maxDrawdownDuration: number;
  /** Annualised (√252) from Moscow-day returns, risk-free 0; 0 when undefined. */
  readonly sharpe: number;
  /** Like `sharpe` with the downside deviation (target 0); 0 when undefined. */
  readonly sortino: number;
  readonly fills: number;
  readonly closedTrades: number;
  /** Winning trades / closed trades; 0 with no trades. */
  readonly winRate: number;
  /** Gross profit / gross loss; null when no trade lost (the ratio would be infinite or 0/0). */
  readonly profitFactor: number | null;
  /** Mean net P&L per closed trade; 0 with no trades. */
  readonly averageTrade: number;
  /** Fraction of the run with a position, in [0, 1]. */
  readonly exposure: number;
  readonly commission: number;
  readonly finalEquity: number;
  /** Time of the first and last equity point; null for an empty curve. */
  readonly start: number | null;
  readonly end: number | null;
  /** Each instrument that traded (a fill or a closed trade), sorted by instrument. */
  readonly perInstrument: readonly InstrumentStatistics[];
}

/**
 * Largest drawdown from the running peak and the longest time spent below a peak.
 * The peak starts at `initialCash`, so a loss before the first new high counts.
 * Equity below zero gives a drawdown above 1.
 * @example
 * drawdown([0, 1, 2], [100, 80, 120], 100); // { maxDrawdown: 0.2, maxDrawdownDuration: 2 }
 */
export function drawdown(
  times: ArrayLike<number>,
  equity: ArrayLike<number>,
  initialCash: number,
): { maxDrawdown: number; maxDrawdownDuration: number } {
  const { maxDrawdown, maxDrawdownDuration } = scanCurve(times, equity, initialCash);
  return { maxDrawdown, maxDrawdownDuration };
}

/**
 * The fall below the running peak at every point of a curve, as a fraction of the peak
 * (0 at a new high), with the peak seeded as `drawdown` seeds it.
 * @example
 * drawdownSeries([100, 80, 120, 90], 100); // Float64Array [0, 0.2, 0, 0.25]
 */
export function drawdownSeries(equity: ArrayLike<number>, initialCash: number): Float64Array {
  const series = new Float64Array(equity.length);
  let peak = initialCash;
  for (let i = 0; i < equity.length; i++) {
    const value = equity[i]!;
    if (value >= peak) peak = value;
    else if (peak > 0) series[i] = (peak - value) / peak;
  }
  return series;
}

/**
 * Returns between the last equity of consecutive Moscow days; the first day is
 * measured against `initialCash`. Days whose base is not positive are skipped.
 * @example
 * dailyReturns([day1, day2], [110, 99], 100); // [0.1, -0.1]
 */
export function dailyReturns(
  times: ArrayLike<number>,
  equity: ArrayLike<number>,
  initialCash: number,
): number[] {
  return scanCurve(times, equity, initialCash).returns;
}

/** What one pass over an equity curve yields: see `drawdown` and `dailyReturns`. */
interface CurveFigures {
  readonly maxDrawdown: number;
  readonly maxDrawdownDuration: number;
  readonly returns: number[];
}

/**
 * `drawdown` and `dailyReturns` in one pass: a million-point curve is read once, not
 * twice. Each figure is computed exactly as its function describes, in the same order.
 */
function scanCurve(
  times: ArrayLike<number>,
  equity: ArrayLike<number>,
  initialCash: number,
): CurveFigures {
  const count = equity.length;
  // Drawdown. `+ 0` makes these plain doubles in V8's optimised loop: a loop variable
  // that starts as a parameter is otherwise kept boxed, and every new peak would
  // allocate a heap number.
  let peak = initialCash + 0;
  let peakTime = (times.length > 0 ? times[0]! : 0) + 0;
  let underwater = false;
  let maxDrawdown = 0;
  let maxDrawdownDuration = 0;
  // Daily returns. The Moscow day of point i, and the times at least 1 ms inside it: a
  // time there is surely of the same day (1 ms is far more than the rounding of
  // `moscowDay`'s arithmetic), so most points need no division; others ask `moscowDay`.
  const returns: number[] = [];
  let base = initialCash + 0;
  let day = count > 0 ? moscowDay(times[0]!) : 0;
  let inside = dayInterior(day);
  for (let i = 0; i < count; i++) {
    const value = equity[i]!;
    const time = times[i]!;
    if (value >= peak) {
      if (underwater && time - peakTime > maxDrawdownDuration)
        maxDrawdownDuration = time - peakTime;
      underwater = false;
      peak = value;
      peakTime = time;
    } else {
      underwater = true;
      if (peak > 0 && (peak - value) / peak > maxDrawdown) maxDrawdown = (peak - value) / peak;
    }
    let lastOfDay = i === count - 1;
    if (!lastOfDay) {
      const next = times[i + 1]!;
      if (!(next >= inside.from && next <= inside.to)) {
        const nextDay = moscowDay(next);
        lastOfDay = nextDay !== day;
        if (lastOfDay) {
          day = nextDay;
          inside = dayInterior(day);
        }
      }
    }
    if (!lastOfDay) continue;
    if (base > 0) returns.push(value / base - 1);
    base = value;
  }
  if (underwater)
    maxDrawdownDuration = Math.max(maxDrawdownDuration, times[times.length - 1]! - peakTime);
  return { maxDrawdown, maxDrawdownDuration, returns };
}

/** Times at least 1 ms after the start and before the end of a Moscow day. */
function dayInterior(day: number): { from: number; to: number } {
  return { from: moscowDayStart(day) + 1, to: moscowDayStart(day + 1) - 1 };
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/**
 * Annualised Sharpe ratio of daily returns (sample deviation, risk-free 0). Returns 0,
 * not NaN or Infinity, when it is undefined: fewer than 2 returns or no variation.
 * @example
 * sharpeRatio([0.1, -0.1, 0.1, 0.1]); // 0.05 / 0.1 × √252 ≈ 7.94
 */
export function sharpeRatio(returns: readonly number[]): number {
  if (returns.length < 2) return 0;
  const average = mean(returns);
  let squares = 0;
  for (const value of returns) squares += (value - average) ** 2;
  const deviation = Math.sqrt(squares / (returns.length - 1));
  return deviation > NOISE ? (average / deviation) * Math.sqrt(TRADING_DAYS) : 0;
}

/**
 * Annualised Sortino ratio: the mean over the downside deviation
 * √(Σ min(r, 0)² / n). Returns 0 when undefined: fewer than 2 returns or no losing day.
 * @example
 * sortinoRatio([0.1, -0.1, 0.1, 0.1]); // 0.05 / 0.05 × √252 ≈ 15.87
 */
export function sortinoRatio(returns: readonly number[]): number {
  if (returns.length < 2) return 0;
  let squares = 0;
  for (const value of returns) if (value < 0) squares += value * value;
  const downside = Math.sqrt(squares / returns.length);
  return downside > NOISE ? (mean(returns) / downside) * Math.sqrt(TRADING_DAYS) : 0;
}

/** Fraction of [start, end] covered by at least one closed trade (overlaps counted once). */
export function timeInMarket(trades: readonly ClosedTrade[], start: number, end: number): number {
  if (!(end > start)) return 0;
  const spans = trades
    .map((trade) => [Math.max(trade.entryTime, start), Math.min(trade.exitTime, end)] as const)
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reach = start;
  for (const [from, to] of spans) {
    if (to <= reach) continue;
    covered += to - Math.max(from, reach);
    reach = to;
  }
  return covered / (end - start);
}

/**
 * Trades, net P&L, commission and win rate of each instrument, sorted by instrument.
 * Commission comes from `fills` when given, else from the closed trades. Sums are exact
 * in nanos, as the ledger keeps them: 0.1 + 0.2 commission is 0.3.
 * @example
 * instrumentBreakdown(trades, fills); // [{ instrument: 'GAZP', trades: 3, pnl: 120.5, commission: 9.3, winRate: 0.667 }, …]
 */
export function instrumentBreakdown(
  trades: readonly ClosedTrade[],
  fills?: readonly Pick<Fill, 'instrument' | 'commission'>[],
): InstrumentStatistics[] {
  const rows = new Map<
    string,
    { trades: number; wins: number; pnl: ExactSum; commission: ExactSum }
  >();
  const row = (instrument: string) => {
    let found = rows.get(instrument);
    if (found === undefined) {
      found = { trades: 0, wins: 0, pnl: new ExactSum(), commission: new ExactSum() };
      rows.set(instrument, found);
    }
    return found;
  };
  for (const trade of trades) {
    const r = row(trade.instrument);
    r.trades++;
    if (trade.pnl > 0) r.wins++;
    r.pnl.add(trade.pnl);
    if (fills === undefined) r.commission.add(trade.commission);
  }
  for (const fill of fills ?? []) row(fill.instrument).commission.add(fill.commission);
  return [...rows]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([instrument, r]) => ({
      instrument,
      trades: r.trades,
      pnl: r.pnl.value(),
      commission: r.commission.value(),
      winRate: r.trades > 0 ? r.wins / r.trades : 0,
    }));
}

/**
 * A sum of money amounts in exact nanos: in a plain number while it stays a safe
 * integer (no bigint per value), in a bigint from the first amount that could leave it.
 */
class ExactSum {
  private nanos = 0;
  private big: bigint | undefined;

  add(value: number): void {
    if (this.big === undefined) {
      const sum = this.nanos + nanosOf(value);
      // NaN (no exact fast form) fails the range check too.
      if (isSafeNanos(sum)) {
        this.nanos = sum;
        return;
      }
      this.big = BigInt(this.nanos);
    }
    this.big += toNanos(value);
  }

  value(): number {
    return this.big === undefined ? this.nanos / 1e9 : nanosToNumber(this.big);
  }
}

function profitFactor(grossProfit: number, grossLoss: number): number | null {
  const factor = grossProfit / grossLoss;
  // Covers no losses (x / 0) and a loss so small that the ratio overflows.
  return Number.isFinite(factor) ? factor : null;
}

function compoundGrowth(
  initialCash: number,
  finalEquity: number,
  span: number,
): number | undefined {
  if (!(initialCash > 0) || span < DAY) return undefined;
  if (finalEquity <= 0) return -1;
  const growth = (finalEquity / initialCash) ** (YEAR / span) - 1;
  return Number.isFinite(growth) ? growth : undefined;
}

/**
 * Computes every figure of a run. See `BacktestStatistics` for the definitions and for what
 * each figure is when it is undefined.
 * @example
 * const stats = computeStatistics({ times, equity, initialCash: 1_000_000, trades, fills: 42, commission: 310.5 });
 * console.log(`${(stats.totalReturn * 100).toFixed(2)}%, Sharpe ${stats.sharpe.toFixed(2)}`);
 */
export function computeStatistics(input: StatisticsInput): BacktestStatistics {
  const { times, equity, initialCash, trades } = input;
  const empty = equity.length === 0;
  const finalEquity = empty ? initialCash : equity[equity.length - 1]!;
  const start = empty ? null : times[0]!;
  const end = empty ? null : times[times.length - 1]!;
  const curve = scanCurve(times, equity, initialCash);
  const returns = curve.returns;
  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  for (const trade of trades) {
    if (trade.pnl > 0) {
      wins++;
      grossProfit += trade.pnl;
    } else grossLoss -= trade.pnl;
  }
  const exposure =
    input.exposureFraction ??
    (start === null || end === null ? 0 : timeInMarket(trades, start, end));
  const cagr =
    start === null || end === null
      ? undefined
      : compoundGrowth(initialCash, finalEquity, end - start);
  return {
    totalReturn: initialCash > 0 ? finalEquity / initialCash - 1 : 0,
    ...(cagr === undefined ? {} : { cagr }),
    maxDrawdown: curve.maxDrawdown,
    maxDrawdownDuration: curve.maxDrawdownDuration,
    sharpe: sharpeRatio(returns),
    sortino: sortinoRatio(returns),
    fills: input.fills,
    closedTrades: trades.length,
    winRate: trades.length > 0 ? wins / trades.length : 0,
    profitFactor: profitFactor(grossProfit, grossLoss),
    averageTrade: trades.length > 0 ? (grossProfit - grossLoss) / trades.length : 0,
    exposure: Math.min(1, Math.max(0, exposure)),
    commission: input.commission,
    finalEquity,
    start,
    end,
    perInstrument: instrumentBreakdown(trades, input.fillRecords),
  };
}
