/**
 * Property tests of the risk invariants, run through the real engine with an
 * independent oracle: a risk plugin placed last in the chain that recomputes
 * worst-case exposure from the portfolio view, open orders and each instrument's
 * own last price, for every order the host is about to approve.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBacktest } from '../backtest/createBacktest.js';
import { backtest, runComposedBacktest } from '../backtest/runBacktest.js';
import { defineRisk } from '../contracts/define.js';
import { decisions } from '../contracts/risk.js';
import { type Signal, signals } from '../contracts/signal.js';
import type { Bar } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import { roundPrice, stepNanos } from '../domain/priceGrid.js';
import { arrayFeed } from '../market/feed.js';
import { nextMoscowMidnight } from '../market/moscowTime.js';
import { simulatedBroker } from '../sim/simulatedBrokerPlugin.js';
import { flatBar, INSTRUMENTS, MINUTE, START, scripted } from './engine.fixture.js';
import type { TradingStateChange } from './TradingState.js';

const BASE_PRICES: Record<string, number> = { SBER: 300, LKOH: 7000, VTBR: 0.02 };

/** Random walks on each instrument's grid: prices differ by five orders of magnitude. */
const pathArb = (length: number) =>
  fc.array(
    fc.array(fc.integer({ min: -300, max: 300 }), { minLength: length, maxLength: length }),
    {
      minLength: INSTRUMENTS.length,
      maxLength: INSTRUMENTS.length,
    },
  );

function barsFromMoves(moves: number[][]): Bar[] {
  const bars: Bar[] = [];
  const prices = INSTRUMENTS.map((i) => BASE_PRICES[i.uid]!);
  const length = moves[0]!.length;
  for (let t = 0; t < length; t++) {
    INSTRUMENTS.forEach((instrument, k) => {
      // Moves in basis points, rounded onto the grid, never below one step.
      const next = Math.max(
        prices[k]! * (1 + moves[k]![t]! / 10_000),
        instrument.minPriceIncrement,
      );
      prices[k] = roundPrice(next, stepNanos(instrument.minPriceIncrement), 'nearest');
      bars.push(flatBar(instrument.uid, START + t * MINUTE, prices[k]!));
    });
  }
  return bars;
}

const actionArb = fc.oneof(
  fc.record({
    kind: fc.constant('target' as const),
    instrument: fc.nat({ max: 2 }),
    lots: fc.integer({ min: -400, max: 400 }),
  }),
  fc.record({
    kind: fc.constant('fraction' as const),
    instrument: fc.nat({ max: 2 }),
    fraction: fc.double({ min: -1.5, max: 1.5, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('order' as const),
    instrument: fc.nat({ max: 2 }),
    buy: fc.boolean(),
    lots: fc.integer({ min: 1, max: 300 }),
  }),
  fc.constant({ kind: 'none' as const }),
);

type Action = typeof actionArb extends fc.Arbitrary<infer A> ? A : never;

function toSignal(action: Action, instruments: readonly Instrument[]): Signal | undefined {
  if (action.kind === 'none') return undefined;
  const uid = instruments[action.instrument]!.uid;
  if (action.kind === 'target') return signals.targetLots(uid, action.lots);
  if (action.kind === 'fraction') return signals.targetFraction(uid, action.fraction);
  return action.buy ? signals.buy(uid, action.lots) : signals.sell(uid, action.lots);
}

const looseBroker = { definition: simulatedBroker, params: { checkCash: false, allowShort: true } };

/** Worst-case lots of an instrument if any subset of its open orders fills, with an extra order. */
function worstCase(
  position: number,
  orders: readonly { instrument: string; side: string; lots: number; filledLots: number }[],
  uid: string,
  extra?: { side: string; lots: number },
) {
  let buy = 0;
  let sell = 0;
  for (const o of orders) {
    if (o.instrument !== uid) continue;
    if (o.side === 'buy') buy += o.lots - o.filledLots;
    else sell += o.lots - o.filledLots;
  }
  if (extra?.side === 'buy') buy += extra.lots;
  else if (extra) sell += extra.lots;
  return Math.max(Math.abs(position + buy), Math.abs(position - sell));
}

/** The oracle: last in the chain, it sees every intent the host would approve. */
function exposureOracle(caps: { instrument?: number; gross?: number }, violations: string[]) {
  return defineRisk({
    id: 'oracle',
    params: z.object({}),
    create: (_p, ctx) => ({
      check(intent) {
        const orders = ctx.openOrders();
        let grossBefore = 0;
        let grossAfter = 0;
        for (const instrument of ctx.instruments) {
          const uid = instrument.uid;
          const price = ctx.portfolio.lastPrice(uid); // its OWN price
          if (!(price > 0)) continue;
          const lots = ctx.portfolio.position(uid).lots;
          const before = worstCase(lots, orders, uid) * instrument.lot * price;
          const after =
            worstCase(lots, orders, uid, uid === intent.instrument ? intent : undefined) *
            instrument.lot *
            price;
          grossBefore += before;
          grossAfter += after;
          if (
            uid === intent.instrument &&
            caps.instrument !== undefined &&
            after > caps.instrument * (1 + 1e-12) &&
            after > before
          ) {
            violations.push(`${uid} exposure ${after} > ${caps.instrument}`);
          }
        }
        if (
          caps.gross !== undefined &&
          grossAfter > caps.gross * (1 + 1e-12) &&
          grossAfter > grossBefore
        ) {
          violations.push(`gross ${grossAfter} > ${caps.gross}`);
        }
        return decisions.approve();
      },
    }),
  });
}

describe('risk invariants (property)', () => {
  it('never approves an order that takes gross or per-instrument exposure over its cap', async () => {
    await fc.assert(
      fc.asyncProperty(
        pathArb(60),
        fc.array(fc.array(actionArb, { maxLength: 3 }), { minLength: 60, maxLength: 60 }),
        fc.integer({ min: 50_000, max: 2_000_000 }),
        fc.integer({ min: 20_000, max: 1_000_000 }),
        fc.constantFrom('resize' as const, 'deny' as const),
        async (moves, script, gross, perInstrument, onExposureBreach) => {
          const violations: string[] = [];
          const strategy = scripted('random', (i) =>
            (script[Math.floor(i / 3)] ?? [])
              .map((a) => toSignal(a, INSTRUMENTS))
              .filter((s): s is Signal => s !== undefined),
          );
          const result = await backtest(
            {
              instruments: INSTRUMENTS,
              strategies: [{ definition: strategy, instruments: INSTRUMENTS.map((i) => i.uid) }],
              riskLimits: {
                maxGrossExposure: gross,
                maxInstrumentExposure: perInstrument,
                onExposureBreach,
              },
              riskPlugins: [
                { definition: exposureOracle({ gross, instrument: perInstrument }, violations) },
              ],
              broker: looseBroker,
              initialCash: 1_000_000,
            },
            arrayFeed(barsFromMoves(moves)),
          );
          expect(violations).toEqual([]);
          expect(result.bars).toBe(180);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('after a halt or a switch to reducing, no fill increases any position', async () => {
    await fc.assert(
      fc.asyncProperty(
        pathArb(40),
        fc.array(fc.array(actionArb, { maxLength: 3 }), { minLength: 40, maxLength: 40 }),
        fc.integer({ min: 0, max: 100 }),
        fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        fc.constantFrom('halt' as const, 'reduce' as const),
        async (moves, script, haltBar, stopLossPercent, mode) => {
          const increases: string[] = [];
          let halted = false;
          const watcher = defineRisk({
            id: 'watcher',
            params: z.object({}),
            create: (_p, ctx) => {
              let bars = 0;
              const before = new Map<string, number>();
              return {
                check: () => decisions.approve(),
                onBar() {
                  if (bars++ === haltBar) {
                    ctx.trading[mode]('TEST_HALT');
                    halted = true;
                  }
                  for (const i of ctx.instruments)
                    before.set(i.uid, ctx.portfolio.position(i.uid).quantity);
                },
                onFill(fill) {
                  const now = ctx.portfolio.position(fill.instrument).quantity;
                  const was = before.get(fill.instrument) ?? 0;
                  if (halted && Math.abs(now) > Math.abs(was))
                    increases.push(`${fill.instrument} ${was} → ${now} (${fill.reason})`);
                  before.set(fill.instrument, now);
                },
              };
            },
          });
          const strategy = scripted('random', (i) =>
            (script[Math.floor(i / 3)] ?? [])
              .map((a) => toSignal(a, INSTRUMENTS))
              .filter((s): s is Signal => s !== undefined),
          );
          await backtest(
            {
              instruments: INSTRUMENTS,
              strategies: [{ definition: strategy, instruments: INSTRUMENTS.map((i) => i.uid) }],
              riskLimits: stopLossPercent === undefined ? {} : { stopLossPercent },
              riskPlugins: [{ definition: watcher }],
              broker: looseBroker,
            },
            arrayFeed(barsFromMoves(moves)),
          );
          expect(increases).toEqual([]);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('the daily loss limit halts when the day loss reaches it and lifts at the next Moscow midnight, bar or no bar', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -400, max: 300 }), { minLength: 3, maxLength: 8 }),
        fc.integer({ min: 1_000, max: 20_000 }),
        async (dailyMoves, limit) => {
          // One SBER position of 100 lots; each trading day has bars 10:00–10:30 Moscow only,
          // so no bar ever arrives at midnight.
          const bars: Bar[] = [];
          let price = 300;
          dailyMoves.forEach((move, day) => {
            const open = START + day * 86_400_000;
            for (let m = 0; m < 30; m++) {
              price = roundPrice(
                Math.max(1, price + (move / 100) * (m === 29 ? 1 : 0.05)),
                stepNanos(0.01),
                'nearest',
              );
              bars.push(flatBar('SBER', open + m * MINUTE, price));
            }
          });
          const strategy = scripted('hold', (i) =>
            i === 0 ? signals.targetLots('SBER', 100) : undefined,
          );
          const run = await createBacktest({
            instruments: INSTRUMENTS,
            strategies: [{ definition: strategy, instruments: ['SBER'] }],
            riskLimits: { dailyLossLimit: limit },
            broker: looseBroker,
          });
          const changes: (TradingStateChange & { dayStart: number; equity: number })[] = [];
          run.trading.onChange((c) =>
            changes.push({
              ...c,
              dayStart: run.engine.risk.dayStartEquity,
              equity: run.engine.portfolio.equity,
            }),
          );
          await runComposedBacktest(run, arrayFeed(bars));
          for (const change of changes) {
            if (change.to === 'halted') {
              expect(change.reason).toBe('DAILY_LOSS_LIMIT_REACHED');
              expect(change.dayStart - change.equity).toBeGreaterThanOrEqual(limit);
            } else {
              // Lifted exactly at 00:00 Moscow (21:00 UTC), never at a bar's time.
              expect(change.reason).toBe('DAY_ROLLOVER');
              expect(change.time).toBe(nextMoscowMidnight(change.time - 1));
              expect(new Date(change.time).getUTCHours()).toBe(21);
            }
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('trips on a known losing day and is active again at the next Moscow midnight', async () => {
    const bars: Bar[] = [];
    const day1 = [300, 300, 290, 280, 270];
    for (const [m, p] of day1.entries()) bars.push(flatBar('SBER', START + m * MINUTE, p));
    // Next bar only at 10:00 Moscow the day after.
    bars.push(flatBar('SBER', START + 86_400_000, 270));
    const strategy = scripted('hold', (i) =>
      i === 0 ? signals.targetLots('SBER', 10) : undefined,
    );
    const run = await createBacktest({
      instruments: INSTRUMENTS,
      strategies: [{ definition: strategy, instruments: ['SBER'] }],
      riskLimits: { dailyLossLimit: 1_500 },
      broker: looseBroker,
    });
    const changes: TradingStateChange[] = [];
    run.trading.onChange((c) => changes.push(c));
    await runComposedBacktest(run, arrayFeed(bars));
    // 100 pieces bought at 300: −1,000 at 290, −2,000 at 280 ≥ 1,500 → halt on the 4th bar.
    expect(changes.map((c) => [c.to, c.reason, new Date(c.time).toISOString()])).toEqual([
      ['halted', 'DAILY_LOSS_LIMIT_REACHED', new Date(START + 3 * MINUTE).toISOString()],
      ['active', 'DAY_ROLLOVER', '2026-09-01T21:00:00.000Z'],
    ]);
  });
});
