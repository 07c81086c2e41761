/**
 * `runStrategy`: runs one strategy plugin through the real engine (sizing, risk, the
 * simulated broker, the portfolio) on bars a test provides, and records its signals.
 * @module
 */
import type { z } from 'zod';
import type { PluginDefinition } from '../contracts/define.js';
import { prepareRun, type RunOptions, runHarness, type StrategyRun } from './harness.js';
import { recordSignals } from './recordSignals.js';

export type { BarsInput, RunOptions, StrategyRun } from './harness.js';

/** Options of {@link runStrategy}. */
export interface RunStrategyOptions<Params = unknown> extends RunOptions {
  /** The strategy's parameters, as an operator would write them; checked by its schema. */
  readonly params?: Params;
  /** Uids of the instruments the strategy trades; default every instrument of the run. */
  readonly strategyInstruments?: readonly string[];
  /** Instance name; default the plugin id. Fills and orders carry it as `strategyId`. */
  readonly name?: string;
  /**
   * A state from an earlier run's `snapshot()`, restored right after `create`; the strategy
   * then starts without warm-up, as a restarted live strategy would with its state warm.
   */
  readonly restore?: unknown;
}

/**
 * Runs a strategy definition on bars and returns the backtest result with every signal
 * the strategy returned. Invalid parameters reject with the engine's own error
 * (`MOEXBOT_ERR_PLUGIN_PARAMS_INVALID`, one problem per issue); a strategy that throws
 * rejects the run unless `allowFailure` is set.
 * @example
 * import { generateMoexBars, runStrategy, SYNTHETIC_INSTRUMENTS } from '@moex-bot/framework/testing';
 * import smaCross from './index.js';
 *
 * const run = await runStrategy(smaCross, {
 *   params: { fast: 5, slow: 20, lots: 2 },
 *   bars: generateMoexBars({ instruments: SYNTHETIC_INSTRUMENTS.slice(0, 1), start: '2026-09-01', days: 5, seed: 1 }),
 * });
 * run.signals[0]; // { time, instrument: 'SBER', barIndex: 23, signal: { kind: 'target', instrument: 'SBER', lots: 2 } }
 * run.positions(); // { SBER: 2 } or { SBER: 0 }
 */
export async function runStrategy<P extends z.ZodType>(
  definition: PluginDefinition<'strategy', P>,
  options: RunStrategyOptions<z.input<P>>,
): Promise<StrategyRun> {
  const prepared = prepareRun(options);
  const recorder = recordSignals(
    definition,
    options.restore === undefined ? {} : { restore: options.restore },
  );
  return runHarness(
    options,
    prepared,
    {
      definition: recorder.definition,
      params: options.params ?? {},
      instruments: options.strategyInstruments ?? prepared.instruments.map((i) => i.uid),
      ...(options.name === undefined ? {} : { name: options.name }),
    },
    recorder,
  );
}
