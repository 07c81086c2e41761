/**
 * Records what a strategy returns from `onBar` by wrapping its definition's `create`: the
 * engine runs unchanged and sees exactly the values the strategy returned.
 * @module
 */
import type { z } from 'zod';
import { defineStrategy, type PluginDefinition, type Strategy } from '../contracts/define.js';
import type { Signal, SignalOutput } from '../contracts/signal.js';
import type { Bar } from '../domain/bar.js';

/** One signal a strategy returned, with the bar that produced it. */
export interface RecordedSignal {
  /** Time of the bar whose `onBar` returned the signal (UTC ms). */
  readonly time: number;
  /** Instrument of that bar (a signal may name another instrument of the strategy). */
  readonly instrument: string;
  /** Index of that bar in its instrument's series as the strategy saw it, from 0. */
  readonly barIndex: number;
  readonly signal: Signal;
}

/** A strategy definition whose instances append every returned signal to `signals`. */
export interface SignalRecorder<P extends z.ZodType> {
  readonly definition: PluginDefinition<'strategy', P>;
  /** Every signal returned by every instance created so far, in call order. */
  readonly signals: RecordedSignal[];
  /** The strategy instances created so far, as the plugin made them (unwrapped). */
  readonly instances: Strategy[];
}

/** Options of {@link recordSignals}. */
export interface RecordSignalsOptions {
  /**
   * A state from the strategy's `snapshot`, handed to `restore` right after `create`. The
   * instance then starts without warm-up, like a restarted strategy whose state is warm.
   */
  readonly restore?: unknown;
}

/**
 * Wraps a strategy definition so that its signals are recorded. Signals returned during
 * warm-up are recorded too (the engine ignores them), so a test can assert there are none.
 * @example
 * const recorder = recordSignals(smaCross);
 * await backtest({ instruments, strategies: [{ definition: recorder.definition, instruments: ['SBER'] }] }, feed);
 * recorder.signals; // [{ time, instrument: 'SBER', barIndex: 31, signal: { kind: 'target', ... } }]
 */
export function recordSignals<P extends z.ZodType>(
  definition: PluginDefinition<'strategy', P>,
  options: RecordSignalsOptions = {},
): SignalRecorder<P> {
  const signals: RecordedSignal[] = [];
  const instances: Strategy[] = [];
  const restoring = options.restore !== undefined;
  const wrapped = defineStrategy({
    id: definition.id,
    ...(definition.description === undefined ? {} : { description: definition.description }),
    params: definition.params,
    create: async (params, context) => {
      const strategy = await definition.create(params, context);
      instances.push(strategy);
      if (restoring) {
        if (strategy.restore === undefined)
          throw new Error(`strategy ${definition.id} has no restore hook`);
        strategy.restore(options.restore);
      }
      return recording(strategy, signals, restoring);
    },
  });
  return { definition: wrapped, signals, instances };
}

/**
 * Delegates every hook to the strategy as a method call (class-based strategies keep
 * their `this`), defining only the optional hooks the strategy has, because the engine
 * treats a present hook as implemented.
 */
function recording(strategy: Strategy, signals: RecordedSignal[], restored: boolean): Strategy {
  const seen = new Map<string, number>();
  const onBar = (bar: Bar): SignalOutput => {
    const barIndex = seen.get(bar.instrument) ?? 0;
    seen.set(bar.instrument, barIndex + 1);
    const output = strategy.onBar(bar);
    if (output === undefined || output === null) return output;
    const list: readonly Signal[] = Array.isArray(output) ? output : [output as Signal];
    for (const signal of list) {
      signals.push({ time: bar.time, instrument: bar.instrument, barIndex, signal });
    }
    return output;
  };
  const hooks: { -readonly [K in keyof Strategy]: Strategy[K] } = { onBar };
  if (strategy.warmup !== undefined && !restored) hooks.warmup = strategy.warmup;
  if (strategy.onStart) hooks.onStart = () => strategy.onStart?.();
  if (strategy.onFill) hooks.onFill = (fill) => strategy.onFill?.(fill);
  if (strategy.onStop) hooks.onStop = () => strategy.onStop?.();
  if (strategy.snapshot) hooks.snapshot = () => strategy.snapshot?.();
  if (strategy.restore) hooks.restore = (state) => strategy.restore?.(state);
  return hooks;
}
