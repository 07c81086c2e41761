/**
 * Drives a composed backtest over a feed: advances the simulated clock to each
 * bar's time (firing timers such as the Moscow-midnight reset on the way), hands
 * the bar to the engine, and samples equity once per distinct time.
 * @module
 */
import type { Alert } from '../contracts/alert.js';
import type { Bar } from '../domain/bar.js';
import { nanosToNumber } from '../domain/decimal.js';
import type { Fill, Order } from '../domain/order.js';
import type { ClosedTrade } from '../domain/positionBook.js';
import type { StrategyStatus } from '../engine/StrategyRunner.js';
import type { BarFeed } from '../market/feed.js';
import type { EngineMetrics } from '../observability/metrics.js';
import type { DisplayCandleSeries } from '../results/DisplayCandles.js';
import type { EquityCurve } from './BacktestRecorder.js';
import { type BacktestSetup, type ComposedBacktest, createBacktest } from './createBacktest.js';
import { type BacktestStatistics, computeStatistics } from './statistics.js';

/** Progress of a run: bars done out of the total (when the feed knows it). */
export type ProgressListener = (done: number, total: number | undefined) => void;

export interface BacktestResult {
  readonly summary: BacktestStatistics;
  readonly orders: readonly Order[];
  readonly fills: readonly Fill[];
  readonly trades: readonly ClosedTrade[];
  readonly equity: EquityCurve;
  /** Display candles of each instrument's bars: at most a few thousand per instrument. */
  readonly candles: readonly DisplayCandleSeries[];
  readonly strategies: readonly {
    readonly name: string;
    readonly status: StrategyStatus;
    readonly failure?: string;
  }[];
  readonly alerts: readonly Alert[];
  readonly metrics: EngineMetrics;
  /** Bars the engine processed. */
  readonly bars: number;
}

/**
 * Runs a backtest end to end from plugin definitions and a feed.
 * @example
 * const result = await backtest(
 *   { instruments: [sber], strategies: [{ definition: smaCross, params: { fast: 5, slow: 20 }, instruments: ['SBER'] }] },
 *   arrayFeed(bars),
 * );
 * console.log(result.summary.totalReturn);
 */
export async function backtest(
  setup: BacktestSetup,
  feed: BarFeed,
  options: { onProgress?: ProgressListener } = {},
): Promise<BacktestResult> {
  return runComposedBacktest(await createBacktest(setup), feed, options);
}

/**
 * The hot loop, kept synchronous and apart from the async driver so that it compiles
 * as a plain loop. Samples equity once per distinct time and advances the clock to
 * each new time before the engine sees the bar. Returns the last bar.
 *
 * Times stay inside the bars: the previous time is read from the previous bar rather
 * than kept in a `let time`, and the time change is handled by a function that takes
 * bars. V8 boxes a number that is not a small integer (a time in ms) into a fresh heap
 * number when it becomes a loop variable or the argument of a call it does not inline,
 * so either would allocate once per bar.
 */
function driveBatch(run: ComposedBacktest, batch: readonly Bar[], previous: Bar): Bar {
  const engine = run.engine;
  const candles = run.recorder.candles;
  let last = previous;
  for (let i = 0; i < batch.length; i++) {
    const bar = batch[i]!;
    if (bar.time !== last.time) nextTime(run, last, bar);
    last = bar;
    engine.onBar(bar);
    // Here, while the bar is at hand: a second pass over a large batch would read every
    // bar from memory again.
    candles.add(bar);
  }
  return last;
}

/** Time moves on from `last` to `bar`: equity is sampled at the old time, then the clock moves. */
function nextTime(run: ComposedBacktest, last: Bar, bar: Bar): void {
  run.recorder.sampleAt(last);
  run.clock.advance(bar.time);
}

/** Runs an already composed backtest over a feed. */
export async function runComposedBacktest(
  run: ComposedBacktest,
  feed: BarFeed,
  options: { onProgress?: ProgressListener } = {},
): Promise<BacktestResult> {
  const { engine, clock, recorder } = run;
  if (feed.total !== undefined) recorder.reserve(feed.total);
  let last: Bar | undefined;
  let done = 0;
  for await (const batch of feed.batches()) {
    if (batch.length === 0) continue;
    if (last === undefined) {
      // The clock starts at the first bar, so timers (the Moscow-midnight reset) are
      // armed from the data's own time.
      clock.advance(batch[0]!.time);
      await engine.start();
      last = batch[0]!;
    }
    last = driveBatch(run, batch, last);
    done += batch.length;
    options.onProgress?.(done, feed.total);
  }
  if (last !== undefined) recorder.sampleAt(last);
  engine.stop();
  await run.alerts.close();

  const curve = recorder.curve();
  const portfolio = engine.portfolio;
  const summary = computeStatistics({
    times: curve.times,
    equity: curve.equity,
    initialCash: portfolio.initialCash,
    trades: recorder.trades,
    fills: recorder.fills.length,
    commission: nanosToNumber(portfolio.commissionNanos),
    exposureFraction: recorder.exposure,
    fillRecords: recorder.fills,
  });
  return {
    summary,
    orders: recorder.orders,
    fills: recorder.fills,
    trades: recorder.trades,
    equity: curve,
    candles: recorder.candles.series(),
    strategies: engine.strategies().map((runner) => ({
      name: runner.name,
      status: runner.status,
      ...(runner.failure === undefined ? {} : { failure: runner.failure }),
    })),
    alerts: [...run.alerts.recent],
    metrics: run.metrics,
    bars: run.metrics.barsProcessed,
  };
}
