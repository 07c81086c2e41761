/**
 * Records what a risk rule decides by wrapping its definition's `create`: every intent
 * the engine hands to `check`, with the decision returned, in order.
 * @module
 */
import type { z } from 'zod';
import { defineRisk, type PluginDefinition, type RiskRule } from '../contracts/define.js';
import type { RiskDecision } from '../contracts/risk.js';
import type { OrderIntent } from '../domain/order.js';

/** One call of a risk rule's `check`. */
export interface RecordedDecision {
  /** The intent's time: the bar time at which it was judged (UTC ms). */
  readonly time: number;
  /** The intent as the rule saw it (earlier checks may have resized it). */
  readonly intent: OrderIntent;
  readonly decision: RiskDecision;
}

/** A risk definition whose instances append every decision to `decisions`. */
export interface DecisionRecorder<P extends z.ZodType> {
  readonly definition: PluginDefinition<'risk', P>;
  readonly decisions: RecordedDecision[];
}

/**
 * Wraps a risk definition so that its decisions are recorded. A `check` that throws is
 * not recorded: the throw reaches the engine, which denies with `RISK_RULE_FAILED`.
 * @example
 * const recorder = recordDecisions(maxDrawdown);
 * await backtest({ ...setup, riskPlugins: [{ definition: recorder.definition, params }] }, feed);
 * recorder.decisions.filter((d) => d.decision.action === 'deny');
 */
export function recordDecisions<P extends z.ZodType>(
  definition: PluginDefinition<'risk', P>,
): DecisionRecorder<P> {
  const decisions: RecordedDecision[] = [];
  const wrapped = defineRisk({
    id: definition.id,
    ...(definition.description === undefined ? {} : { description: definition.description }),
    params: definition.params,
    create: async (params, context) =>
      recording(await definition.create(params, context), decisions),
  });
  return { definition: wrapped, decisions };
}

/** Delegates as method calls and defines only the optional hooks the rule has. */
function recording(rule: RiskRule, decisions: RecordedDecision[]): RiskRule {
  const hooks: RiskRule = {
    check: (intent) => {
      const decision = rule.check(intent);
      decisions.push({ time: intent.time, intent, decision });
      return decision;
    },
  };
  if (rule.onBar) hooks.onBar = (bar) => rule.onBar?.(bar);
  if (rule.onFill) hooks.onFill = (fill) => rule.onFill?.(fill);
  if (rule.onDayStart) hooks.onDayStart = (time) => rule.onDayStart?.(time);
  return hooks;
}
