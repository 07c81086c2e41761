import { fc, test } from '@fast-check/vitest';
import {
  decisions,
  defineInstrument,
  defineRisk,
  type OrderIntent,
  sideSign,
  z,
} from '@moex-bot/framework';
import { makeBars, runRiskRule } from '@moex-bot/framework/testing';
import { pricePathArbitrary, signalArbitrary } from '@moex-bot/framework/testing/arbitraries';
import { afterAll, describe, expect } from 'vitest';
import cooldown, { COOLDOWN_CODE } from './index.js';

const A = defineInstrument({ ticker: 'A', lot: 1, minPriceIncrement: 0.01 });
const B = defineInstrument({ ticker: 'B', lot: 10, minPriceIncrement: 0.5 });
const STOP_OUTS = new Set(['stop-loss', 'trailing-stop']);

/** What an intent met, as the model sees it. */
interface Seen {
  readonly intent: OrderIntent;
  /** Lots of the intent that only close the position, whichever same-side orders fill. */
  readonly exitLots: number;
  /** `barsLeft` the model expects while cooling, or undefined when not cooling. */
  readonly barsLeft: number | undefined;
}

/**
 * A rule placed before the plugin: it keeps its own account of bars and stop-outs per
 * instrument and writes down what each intent met. It approves everything, so the plugin
 * judges every intent it records, in the same order.
 */
function model(bars: number, afterAnyExit: boolean, seen: Seen[]) {
  return defineRisk({
    id: 'model',
    params: z.object({}),
    create: (_params, ctx) => {
      const count = new Map<string, number>();
      const cooledAt = new Map<string, number>();
      return {
        check: (intent) => {
          const uid = intent.instrument;
          const position = ctx.portfolio.position(uid).lots;
          const pending = ctx
            .openOrders()
            .filter((o) => o.instrument === uid && o.side === intent.side)
            .reduce((sum, o) => sum + o.lots - o.filledLots, 0);
          const closes = Math.sign(position) === -sideSign(intent.side);
          const exitLots = closes ? Math.max(0, Math.abs(position) - pending) : 0;
          const since = cooledAt.has(uid) ? count.get(uid)! - cooledAt.get(uid)! : undefined;
          const stopWorking = ctx
            .openOrders()
            .some((o) => o.instrument === uid && STOP_OUTS.has(o.reason));
          const barsLeft =
            since !== undefined && since <= bars
              ? bars - Math.max(0, since - 1)
              : stopWorking
                ? bars
                : undefined;
          seen.push({ intent, exitLots, barsLeft });
          return decisions.approve();
        },
        onBar: (bar) => {
          count.set(bar.instrument, (count.get(bar.instrument) ?? 0) + 1);
        },
        onFill: (fill) => {
          if (!afterAnyExit && !STOP_OUTS.has(fill.reason)) return;
          const after = ctx.portfolio.position(fill.instrument).lots;
          const before = after - sideSign(fill.side) * fill.lots;
          if (before !== 0 && Math.sign(before) !== sideSign(fill.side)) {
            cooledAt.set(fill.instrument, count.get(fill.instrument) ?? 0);
          }
        },
      };
    },
  });
}

const scenarios = fc.record({
  pathA: pricePathArbitrary({
    step: 0.01,
    start: 100,
    length: { min: 40, max: 100 },
    maxMoveTicks: 150,
  }),
  // B trades every other minute, so the two instruments' bar counts drift apart.
  pathB: pricePathArbitrary({
    step: 0.5,
    start: 500,
    length: { min: 20, max: 50 },
    maxMoveTicks: 8,
  }),
  actions: fc.array(fc.option(signalArbitrary([A, B]), { freq: 2 }), {
    minLength: 40,
    maxLength: 150,
  }),
  bars: fc.integer({ min: 1, max: 8 }),
  afterAnyExit: fc.boolean(),
  stopLossPercent: fc.constantFrom(0.5, 1, 2, 4),
  trailingStopPercent: fc.option(fc.constantFrom(0.5, 1, 3)),
});

const tally = { denied: 0, resized: 0, entries: 0 };

describe('cooldown properties', () => {
  test.prop([scenarios], { numRuns: 150 })(
    'no entry on an instrument within N bars of a stop-out, and nothing else is held back',
    async (s) => {
      const seen: Seen[] = [];
      const run = await runRiskRule(cooldown, {
        params: { bars: s.bars, afterAnyExit: s.afterAnyExit },
        riskPlugins: [{ definition: model(s.bars, s.afterAnyExit, seen) }],
        riskLimits: {
          stopLossPercent: s.stopLossPercent,
          ...(s.trailingStopPercent === null ? {} : { trailingStopPercent: s.trailingStopPercent }),
        },
        script: (_bar, index) => s.actions[index] ?? undefined,
        bars: new Map([
          ['A', makeBars('A', s.pathA)],
          ['B', makeBars('B', s.pathB, { intervalMs: 120_000 })],
        ]),
        instruments: [A, B],
        initialCash: 100_000,
        broker: { allowShort: true },
      });
      expect(run.decisions).toHaveLength(seen.length);
      run.decisions.forEach(({ decision }, i) => {
        const { intent, exitLots, barsLeft } = seen[i]!;
        const context = { instrument: intent.instrument, barsLeft: barsLeft ?? 0 };
        if (barsLeft === undefined || intent.lots <= exitLots) {
          if (barsLeft === undefined && intent.lots > exitLots) tally.entries++;
          expect(decision).toEqual(decisions.approve());
        } else if (exitLots > 0) {
          tally.resized++;
          expect(decision).toEqual(decisions.resize(exitLots, COOLDOWN_CODE, context));
        } else {
          tally.denied++;
          expect(decision).toEqual(decisions.deny(COOLDOWN_CODE, context));
        }
      });
    },
  );

  afterAll(() => {
    // The property says nothing unless runs did stop out, cool down and enter again.
    expect(tally.denied).toBeGreaterThan(50);
    expect(tally.entries).toBeGreaterThan(50);
    expect(tally.resized).toBeGreaterThan(0);
  });
});
