import { fc, test } from '@fast-check/vitest';
import {
  arrayFeed,
  createBacktest,
  decisions,
  defineInstrument,
  defineRisk,
  runComposedBacktest,
  type Side,
  simulatedBroker,
  z,
} from '@moex-bot/framework';
import { makeBars, recordDecisions, scriptedStrategy } from '@moex-bot/framework/testing';
import { pricePathArbitrary, signalArbitrary } from '@moex-bot/framework/testing/arbitraries';
import { afterAll, describe, expect } from 'vitest';
import maxDrawdown, { MAX_DRAWDOWN_CODE } from './index.js';

const TEST = defineInstrument({ ticker: 'TEST', lot: 1, minPriceIncrement: 0.01 });

/** What an intent met: the position and open orders of its instrument, in lots. */
interface Picture {
  readonly position: number;
  readonly pendingBuy: number;
  readonly pendingSell: number;
  /** Whether the plugin had reached its limit when the intent came. */
  readonly reached: boolean;
}

/** The lots of an intent that only close the position, whichever same-side orders fill. */
function exitLots(picture: Picture, side: Side): number {
  if (side === 'sell')
    return picture.position > 0 ? Math.max(0, picture.position - picture.pendingSell) : 0;
  return picture.position < 0 ? Math.max(0, -picture.position - picture.pendingBuy) : 0;
}

const scenarios = fc.record({
  path: pricePathArbitrary({
    step: 0.01,
    start: 100,
    length: { min: 40, max: 120 },
    maxMoveTicks: 300,
  }),
  actions: fc.array(fc.option(signalArbitrary([TEST]), { freq: 2 }), {
    minLength: 40,
    maxLength: 120,
  }),
  limit: fc.integer({ min: 1, max: 15 }),
  mode: fc.constantFrom('halt' as const, 'reduce' as const),
});

type Scenario = typeof scenarios extends fc.Arbitrary<infer T> ? T : never;

const seen = { runs: 0, reached: 0, deniedAfter: 0, exitsAfter: 0 };

/**
 * One run with an operator who resumes trading at once whenever it is stopped, so that the
 * plugin's own `check` is all that stands between the strategy and the broker. An observer
 * rule placed before the plugin keeps an independent model of the peak and records what
 * every intent met.
 */
async function run(scenario: Scenario) {
  const state = {
    reached: false,
    modelReached: false,
    modelPeak: Number.NaN,
    mismatches: [] as string[],
  };
  const pictures: Picture[] = [];
  const observer = defineRisk({
    id: 'observer',
    params: z.object({}),
    create: (_params, ctx) => {
      const observe = (hook: string, equity: number) => {
        // The plugin has judged every earlier event; it must agree with the model on them.
        if (state.reached !== state.modelReached) {
          state.mismatches.push(
            `${hook} at ${ctx.clock.now()}: plugin ${state.reached}, model ${state.modelReached}`,
          );
        }
        if (state.modelReached) return;
        if (Number.isNaN(state.modelPeak) || equity > state.modelPeak) state.modelPeak = equity;
        else if (((state.modelPeak - equity) / state.modelPeak) * 100 >= scenario.limit)
          state.modelReached = true;
      };
      return {
        check: (intent) => {
          let pendingBuy = 0;
          let pendingSell = 0;
          for (const order of ctx.openOrders()) {
            if (order.side === 'buy') pendingBuy += order.lots - order.filledLots;
            else pendingSell += order.lots - order.filledLots;
          }
          const position = ctx.portfolio.position(intent.instrument).lots;
          pictures.push({ position, pendingBuy, pendingSell, reached: state.reached });
          return decisions.approve();
        },
        onBar: () => observe('onBar', ctx.portfolio.equity),
        onFill: () => observe('onFill', ctx.portfolio.equity),
      };
    },
  });
  const recorder = recordDecisions(maxDrawdown);
  const composed = await createBacktest({
    instruments: [TEST],
    initialCash: 20_000,
    broker: { definition: simulatedBroker, params: { allowShort: true, slippage: { ticks: 1 } } },
    strategies: [
      {
        definition: scriptedStrategy((_bar, index) => scenario.actions[index] ?? undefined),
        instruments: ['TEST'],
      },
    ],
    riskPlugins: [
      { definition: observer },
      {
        definition: recorder.definition,
        params: { maxDrawdownPercent: scenario.limit, mode: scenario.mode },
      },
    ],
  });
  composed.trading.onChange((change) => {
    if (change.reason === MAX_DRAWDOWN_CODE) state.reached = true;
    if (change.to !== 'active') composed.trading.resume('OPERATOR');
  });
  const result = await runComposedBacktest(composed, arrayFeed(makeBars('TEST', scenario.path)));
  if (state.reached !== state.modelReached)
    state.mismatches.push(`at the end: plugin ${state.reached}`);
  return {
    result,
    pictures,
    decided: recorder.decisions,
    mismatches: state.mismatches,
    reached: state.reached,
  };
}

describe('max-drawdown properties', () => {
  test.prop([scenarios], { numRuns: 150 })(
    'reaches its limit exactly when equity first falls the limit below its peak',
    async (scenario) => {
      const { mismatches, reached, result } = await run(scenario);
      expect(mismatches).toEqual([]);
      // One alert, and only when the limit was reached.
      expect(result.alerts.filter((a) => a.type === 'risk.max-drawdown')).toHaveLength(
        reached ? 1 : 0,
      );
    },
  );

  test.prop([scenarios], { numRuns: 150 })(
    'once the limit is reached no order that adds exposure is approved, and exits always are',
    async (scenario) => {
      const { pictures, decided, reached } = await run(scenario);
      seen.runs++;
      if (reached) seen.reached++;
      expect(decided).toHaveLength(pictures.length);
      decided.forEach(({ intent, decision }, i) => {
        const picture = pictures[i]!;
        if (!picture.reached) {
          expect(decision).toEqual(decisions.approve());
          return;
        }
        const exit = exitLots(picture, intent.side);
        if (intent.lots <= exit) {
          seen.exitsAfter++;
          expect(decision).toEqual(decisions.approve());
        } else if (exit > 0) {
          expect(decision).toMatchObject({ action: 'resize', lots: exit, code: MAX_DRAWDOWN_CODE });
        } else {
          seen.deniedAfter++;
          expect(decision).toMatchObject({ action: 'deny', code: MAX_DRAWDOWN_CODE });
        }
      });
    },
  );

  afterAll(() => {
    // The properties above say nothing if no run ever reached the limit.
    expect(seen.reached).toBeGreaterThan(seen.runs / 10);
    expect(seen.deniedAfter).toBeGreaterThan(0);
    expect(seen.exitsAfter).toBeGreaterThan(0);
  });
});
