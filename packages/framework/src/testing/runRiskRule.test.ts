import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRisk, defineStrategy } from '../contracts/define.js';
import { decisions } from '../contracts/risk.js';
import { signals } from '../contracts/signal.js';
import { makeBars } from './makeBars.js';
import { runRiskRule } from './runRiskRule.js';

/** Caps the position of each instrument at `maxLots`: resizes what fits, denies the rest. */
const maxPosition = defineRisk({
  id: 'max-position',
  params: z.object({ maxLots: z.number().int().positive() }),
  create: (params, ctx) => ({
    check: (intent) => {
      if (intent.side === 'sell') return decisions.approve();
      const room = params.maxLots - ctx.portfolio.position(intent.instrument).lots;
      if (room <= 0) return decisions.deny('POSITION_TOO_LARGE', { max: params.maxLots });
      return room < intent.lots
        ? decisions.resize(room, 'POSITION_TOO_LARGE')
        : decisions.approve();
    },
  }),
});

const bars = makeBars('SBER', [300, 301, 302, 303, 304, 305, 306, 307]);

describe('runRiskRule', () => {
  it('records every decision of the rule with the intent it judged', async () => {
    const run = await runRiskRule(maxPosition, {
      params: { maxLots: 3 },
      script: {
        0: signals.targetLots('SBER', 2),
        2: signals.targetLots('SBER', 6),
        4: signals.targetLots('SBER', 9),
      },
      bars,
    });
    expect(run.decisions.map((d) => [d.intent.side, d.intent.lots, d.decision.action])).toEqual([
      ['buy', 2, 'approve'],
      ['buy', 4, 'resize'],
      ['buy', 6, 'deny'],
    ]);
    expect(run.decisions.map((d) => d.time)).toEqual([bars[0]!.time, bars[2]!.time, bars[4]!.time]);
    expect(run.denials).toEqual([run.decisions[2]]);
    expect(run.denials[0]?.decision).toEqual({
      action: 'deny',
      code: 'POSITION_TOO_LARGE',
      context: { max: 3 },
    });
    expect(run.positions()).toEqual({ SBER: 3 });
    expect(await run.metrics.value(run.metrics.riskDenials, { rule: 'POSITION_TOO_LARGE' })).toBe(
      1,
    );
  });

  it('sees only intents that passed the built-in checks, already resized by them', async () => {
    const run = await runRiskRule(maxPosition, {
      params: { maxLots: 100 },
      script: { 0: signals.targetLots('SBER', 10), 3: signals.targetLots('SBER', 1) },
      // One lot is 10 × 300 = 3,000 RUB: a 1,000 RUB order cap denies every buy.
      riskLimits: { maxInstrumentExposure: 6_500, maxOrderNotional: 1_000 },
      bars,
    });
    // Both intents are denied before the rule is asked.
    expect(run.decisions).toEqual([]);
    expect(run.positions()).toEqual({ SBER: 0 });

    // Without the order cap, 6,500 RUB of exposure fits 2 lots: the rule sees 2, not 10.
    const resized = await runRiskRule(maxPosition, {
      params: { maxLots: 100 },
      script: { 0: signals.targetLots('SBER', 10) },
      riskLimits: { maxInstrumentExposure: 6_500 },
      bars,
    });
    expect(resized.decisions.map((d) => d.intent.lots)).toEqual([2]);
  });

  it('can be driven by a strategy instead of a script', async () => {
    const always = defineStrategy({
      id: 'always-long',
      params: z.object({ lots: z.number().int() }),
      create: (params) => ({ onBar: (bar) => signals.targetLots(bar.instrument, params.lots) }),
    });
    const run = await runRiskRule(maxPosition, {
      params: { maxLots: 1 },
      strategy: { definition: always, params: { lots: 2 } },
      bars,
    });
    expect(run.positions()).toEqual({ SBER: 1 });
    expect(run.signals).toHaveLength(bars.length);
    expect(run.decisions[0]?.decision.action).toBe('resize');
  });

  it('reports halts and the trading state they leave', async () => {
    const haltOnSecond = defineRisk({
      id: 'halt-on-second',
      params: z.object({}),
      create: () => {
        let seen = 0;
        return {
          check: () => (++seen === 2 ? decisions.halt('SECOND_ORDER') : decisions.approve()),
        };
      },
    });
    const run = await runRiskRule(haltOnSecond, {
      script: {
        0: signals.targetLots('SBER', 1),
        2: signals.targetLots('SBER', 2),
        4: signals.targetLots('SBER', 5),
      },
      bars,
    });
    expect(run.denials.map((d) => d.decision.action)).toEqual(['halt']);
    expect(run.tradingState).toEqual({ state: 'halted', reason: 'SECOND_ORDER' });
    expect(run.tradingChanges).toEqual([
      { from: 'active', to: 'halted', reason: 'SECOND_ORDER', time: bars[2]!.time },
    ]);
    // Halted: the third intent stops at the trading-state gate, before the rule.
    expect(run.decisions).toHaveLength(2);
    expect(run.positions()).toEqual({ SBER: 1 });
  });

  it('validates the rule parameters and its options', async () => {
    await expect(
      runRiskRule(maxPosition, { params: { maxLots: -1 }, script: {}, bars }),
    ).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_PLUGIN_PARAMS_INVALID',
    });
    await expect(runRiskRule(maxPosition, { params: { maxLots: 1 }, bars })).rejects.toThrow(
      /exactly one of/,
    );
  });
});
