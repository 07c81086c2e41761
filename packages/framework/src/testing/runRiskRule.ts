/**
 * `runRiskRule`: runs one risk plugin through the real engine behind a driver strategy
 * (by default a scripted one) and records every decision the rule made.
 * @module
 */
import type { z } from 'zod';
import type { PluginDefinition } from '../contracts/define.js';
import { prepareRun, type RunOptions, runHarness, type StrategyRun } from './harness.js';
import { type RecordedDecision, recordDecisions } from './recordDecisions.js';
import { recordSignals } from './recordSignals.js';
import { type Script, scriptedStrategy } from './scriptedStrategy.js';

/** Options of {@link runRiskRule}: the rule's parameters and what drives it. */
export interface RunRiskRuleOptions<Params = unknown> extends RunOptions {
  /** The rule's parameters, as an operator would write them; checked by its schema. */
  readonly params?: Params;
  /** Instance name of the rule; default the plugin id. */
  readonly name?: string;
  /** Signals to send, by bar index (see {@link scriptedStrategy}). Give this or `strategy`. */
  readonly script?: Script;
  /** A strategy to drive the rule instead of a script. */
  readonly strategy?: {
    readonly definition: PluginDefinition<'strategy'>;
    readonly params?: unknown;
  };
  /** Uids of the instruments the driver trades; default every instrument of the run. */
  readonly strategyInstruments?: readonly string[];
}

/** A risk-rule run: the strategy run plus the rule's decisions. */
export interface RiskRuleRun extends StrategyRun {
  /** Every call of the rule's `check`, in order. */
  readonly decisions: readonly RecordedDecision[];
  /** The decisions that stopped an intent (`deny` and `halt`). */
  readonly denials: readonly RecordedDecision[];
}

/**
 * Runs a risk rule behind a driver strategy. The rule runs after `riskPlugins`, so those
 * can set up a chain. Invalid parameters reject with `MOEXBOT_ERR_PLUGIN_PARAMS_INVALID`.
 * @example
 * const run = await runRiskRule(maxPosition, {
 *   params: { maxLots: 3 },
 *   script: { 0: signals.targetLots('SBER', 2), 5: signals.targetLots('SBER', 6) },
 *   bars,
 * });
 * run.denials[0]?.decision; // { action: 'deny', code: 'POSITION_TOO_LARGE', context: { ... } }
 * run.positions(); // { SBER: 2 }
 */
export async function runRiskRule<P extends z.ZodType>(
  definition: PluginDefinition<'risk', P>,
  options: RunRiskRuleOptions<z.input<P>>,
): Promise<RiskRuleRun> {
  if ((options.script === undefined) === (options.strategy === undefined)) {
    throw new Error('runRiskRule: give exactly one of `script` and `strategy`');
  }
  const prepared = prepareRun(options);
  const driver = options.strategy ?? { definition: scriptedStrategy(options.script!), params: {} };
  const strategy = recordSignals(driver.definition);
  const rule = recordDecisions(definition);
  const run = await runHarness(
    {
      ...options,
      riskPlugins: [
        ...(options.riskPlugins ?? []),
        {
          definition: rule.definition,
          params: options.params ?? {},
          ...(options.name === undefined ? {} : { name: options.name }),
        },
      ],
    },
    prepared,
    {
      definition: strategy.definition,
      params: driver.params ?? {},
      instruments: options.strategyInstruments ?? prepared.instruments.map((i) => i.uid),
    },
    strategy,
  );
  const decisions = rule.decisions;
  return {
    ...run,
    decisions,
    denials: decisions.filter((d) => d.decision.action === 'deny' || d.decision.action === 'halt'),
  };
}
