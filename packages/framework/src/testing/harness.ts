/**
 * What `runStrategy` and `runRiskRule` share: turning test input (bars, optional
 * instruments, broker parameters) into a real backtest, and the run they hand back.
 * Internal to the test kit.
 * @module
 */
import type { z } from 'zod';
import type { BacktestSetup, PluginSetup, StrategySetup } from '../backtest/createBacktest.js';
import { createBacktest } from '../backtest/createBacktest.js';
import { type BacktestResult, runComposedBacktest } from '../backtest/runBacktest.js';
import type { RiskLimits } from '../config/schema.js';
import type { Logger, TradingStateName } from '../contracts/services.js';
import type { Bar } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import type { TradingStateChange } from '../engine/TradingState.js';
import { arrayFeed } from '../market/feed.js';
import { mergeBars } from '../market/mergeBars.js';
import { type SimulatedBrokerParamsSchema, simulatedBroker } from '../sim/simulatedBrokerPlugin.js';
import type { RecordedSignal, SignalRecorder } from './recordSignals.js';
import { SYNTHETIC_INSTRUMENTS } from './syntheticBars.js';

/** Bars of one or more instruments: one time-sorted array, or one array per instrument. */
export type BarsInput = readonly Bar[] | ReadonlyMap<string, readonly Bar[]>;

/** What every test-kit run accepts. */
export interface RunOptions {
  /** The bars to run on. A map is merged by time (ties keep the map's order). */
  readonly bars: BarsInput;
  /**
   * The instruments of the run. Default: those of {@link SYNTHETIC_INSTRUMENTS} whose uids
   * the bars use; bars of any other instrument then need this option.
   */
  readonly instruments?: readonly Instrument[];
  /** Default 1,000,000 RUB. */
  readonly initialCash?: number;
  /** Built-in risk limits; default none. */
  readonly riskLimits?: Partial<RiskLimits>;
  /** Risk plugins, run in this order after the built-in checks. */
  readonly riskPlugins?: readonly PluginSetup<'risk'>[];
  /** Parameters of the built-in `simulated` broker; default its defaults (no shorting). */
  readonly broker?: z.input<typeof SimulatedBrokerParamsSchema>;
  /** Bars of history kept per instrument; default the engine's. */
  readonly historySize?: number;
  /** Where the engine logs; default nowhere. */
  readonly logger?: Logger;
  /**
   * The engine stops a strategy that throws and carries on; in a test that is almost
   * always a bug, so the run rejects unless this is true.
   */
  readonly allowFailure?: boolean;
}

/** A finished test-kit run: the backtest result plus what the kit recorded. */
export interface StrategyRun extends BacktestResult {
  /** Every signal the strategy returned, in order (also during warm-up). */
  readonly signals: readonly RecordedSignal[];
  /** Equity at the end of the run (the last mark of every position). */
  readonly finalEquity: number;
  /** The trading state at the end of the run. */
  readonly tradingState: { readonly state: TradingStateName; readonly reason: string };
  /** Every change of trading state during the run, in order. */
  readonly tradingChanges: readonly TradingStateChange[];
  /** Final signed position in whole lots per instrument of the run (0 when flat). */
  positions(): Readonly<Record<string, number>>;
  /** The strategy's `snapshot()` after the run, or undefined when it has no such hook. */
  snapshot(): unknown;
}

/** Merges the bars and checks that each belongs to an instrument of the run. */
export function prepareRun(options: RunOptions): {
  bars: Bar[];
  instruments: readonly Instrument[];
} {
  const series = Array.isArray(options.bars)
    ? [options.bars as readonly Bar[]]
    : [...(options.bars as ReadonlyMap<string, readonly Bar[]>).values()];
  const bars = mergeBars(series);
  const used = [...new Set(bars.map((bar) => bar.instrument))];
  if (options.instruments !== undefined) {
    const known = new Set(options.instruments.map((instrument) => instrument.uid));
    const unknown = used.filter((uid) => !known.has(uid));
    if (unknown.length > 0) {
      // The engine would skip these bars silently; a test almost certainly meant them.
      throw new Error(
        `test kit: bars of ${unknown.join(', ')} have no instrument in \`instruments\``,
      );
    }
    return { bars, instruments: options.instruments };
  }
  if (used.length === 0) throw new Error('test kit: no bars and no `instruments` to run on');
  const instruments = used.map((uid) => {
    const instrument = SYNTHETIC_INSTRUMENTS.find((candidate) => candidate.uid === uid);
    if (instrument === undefined) {
      throw new Error(
        `test kit: ${uid} is not a synthetic instrument (${SYNTHETIC_INSTRUMENTS.map((i) => i.uid).join(', ')}); pass \`instruments\``,
      );
    }
    return instrument;
  });
  return { bars, instruments };
}

/** Runs one strategy setup through the real engine and wraps the result. */
export async function runHarness(
  options: RunOptions,
  prepared: { bars: readonly Bar[]; instruments: readonly Instrument[] },
  strategy: StrategySetup,
  recorder: SignalRecorder<z.ZodType>,
): Promise<StrategyRun> {
  const setup: BacktestSetup = {
    instruments: prepared.instruments,
    strategies: [strategy],
    broker: { definition: simulatedBroker, params: options.broker ?? {} },
    ...(options.riskLimits === undefined ? {} : { riskLimits: options.riskLimits }),
    ...(options.riskPlugins === undefined ? {} : { riskPlugins: options.riskPlugins }),
    ...(options.initialCash === undefined ? {} : { initialCash: options.initialCash }),
    ...(options.historySize === undefined ? {} : { historySize: options.historySize }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  };
  const composed = await createBacktest(setup);
  const tradingChanges: TradingStateChange[] = [];
  composed.trading.onChange((change) => tradingChanges.push(change));
  const result = await runComposedBacktest(composed, arrayFeed(prepared.bars));
  const failed = result.strategies.find((s) => s.status === 'failed');
  if (failed !== undefined && options.allowFailure !== true) {
    throw new Error(`test kit: strategy ${failed.name} failed: ${failed.failure}`);
  }
  const portfolio = composed.engine.portfolio;
  return {
    ...result,
    signals: recorder.signals,
    finalEquity: portfolio.equity,
    tradingState: { state: composed.trading.state, reason: composed.trading.reason },
    tradingChanges,
    positions: () => {
      const lots: Record<string, number> = {};
      for (const book of portfolio.allBooks())
        lots[book.instrument.uid] = book.quantity / book.instrument.lot;
      return lots;
    },
    snapshot: () => recorder.instances[0]?.snapshot?.(),
  };
}
