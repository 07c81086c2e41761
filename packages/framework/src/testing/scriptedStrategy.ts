/**
 * A strategy that does what a test tells it to: it returns scripted signals at scripted
 * bars. It drives risk rules, brokers and the engine in tests without any indicator logic.
 * @module
 */
import { z } from 'zod';
import { defineStrategy, type PluginDefinition } from '../contracts/define.js';
import type { SignalOutput } from '../contracts/signal.js';
import type { Bar } from '../domain/bar.js';

/**
 * What to return when: either signals keyed by bar index, or a function of the bar and
 * its index. The index counts every bar the strategy receives, from 0, across all of its
 * instruments in time order; for a one-instrument strategy it is the bar's index in its series.
 */
export type Script =
  | Readonly<Record<number, SignalOutput>>
  | ((bar: Bar, index: number) => SignalOutput);

/** Options of {@link scriptedStrategy}. */
export interface ScriptedStrategyOptions {
  /** Plugin id (and default instance name); default `scripted`. */
  readonly id?: string;
  /** Bars per instrument the engine waits for before it acts on signals; default 0. */
  readonly warmup?: number;
}

const NO_PARAMS = z.object({}).strict();

/**
 * A strategy definition that follows a script. Each instance starts the script from bar 0,
 * so one definition can drive many runs.
 * @example
 * const driver = scriptedStrategy({
 *   0: signals.targetLots('SBER', 5),
 *   10: signals.flat('SBER'),
 * });
 * const run = await runStrategy(driver, { bars });
 */
export function scriptedStrategy(
  script: Script,
  options: ScriptedStrategyOptions = {},
): PluginDefinition<'strategy', typeof NO_PARAMS> {
  const at = typeof script === 'function' ? script : (_bar: Bar, index: number) => script[index];
  return defineStrategy({
    id: options.id ?? 'scripted',
    description: 'Returns scripted signals at scripted bars (test kit)',
    params: NO_PARAMS,
    create: () => {
      let index = 0;
      return {
        ...(options.warmup === undefined ? {} : { warmup: options.warmup }),
        onBar: (bar) => at(bar, index++),
      };
    },
  });
}
