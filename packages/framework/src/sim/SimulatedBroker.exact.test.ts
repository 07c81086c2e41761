import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNanos, KOPECK_NANOS, nanosToNumber, toNanos } from '../domain/decimal.js';
import { defineInstrument } from '../domain/instrument.js';
import { stepNanos } from '../domain/priceGrid.js';
import { commissionKopecks, commissionModel } from './commission.js';
import { executionPrice, type MatchRules } from './matching.js';
import { recordBrokerEvents } from './recordBrokerEvents.js';
import { SimulatedBroker } from './SimulatedBroker.js';
import { bar, MINUTE, order } from './sim.fixture.js';

/**
 * The broker computes fills in plain numbers when every amount is a safe integer of nanos
 * and in bigints otherwise. Whichever it takes, prices, commissions and the cash check
 * must be those of the exact bigint rules.
 */
describe('SimulatedBroker: exact fills on both paths', () => {
  const commission = commissionModel({ percent: 0.05, minimum: 0.33 });
  const instruments = [
    // Small amounts: the number path.
    defineInstrument({ ticker: 'SBER', lot: 10, minPriceIncrement: 0.01 }),
    // Notionals up to ~10^22 nanos: the bigint path.
    defineInstrument({ ticker: 'HUGE', lot: 1000, minPriceIncrement: 1 }),
    defineInstrument({ ticker: 'NANO', lot: 1_000_000, minPriceIncrement: '0.000000001' }),
  ];

  const orderArb = fc.record({
    instrument: fc.nat({ max: instruments.length - 1 }),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    lots: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5_000 })),
  });

  it('reports the bigint price and commission, and accepts a buy exactly when the cash covers it', () => {
    fc.assert(
      fc.property(
        fc.array(orderArb, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 3_000_000 }),
        fc.nat({ max: 8 }),
        fc.integer({ min: -1, max: 1 }),
        (drawn, oneInstrument, ticks, coveredBuys, nudge) => {
          // Often all on one instrument: its buys then share one bar's cash, to the nano.
          const orders = oneInstrument
            ? drawn.map((o) => ({ ...o, instrument: drawn[0]!.instrument }))
            : drawn;
          // One bar opens every instrument at `ticks` steps (for HUGE: ticks × 1000 roubles).
          const opens = instruments.map((instrument, i) =>
            Number(
              formatNanos(
                BigInt(ticks) * (i === 1 ? 1000n : 1n) * stepNanos(instrument.minPriceIncrement),
              ),
            ),
          );
          // The oracle: fill price, commission and cash movement of each order, in bigints.
          const terms = orders.map((o) => {
            const instrument = instruments[o.instrument]!;
            const rules: MatchRules = {
              step: stepNanos(instrument.minPriceIncrement),
              slippage: 'none',
              limitFill: 'through',
            };
            const open = opens[o.instrument]!;
            const request = {
              side: o.side,
              type: 'market' as const,
              limitPrice: 0,
              limitNanos: 0n,
            };
            const price = executionPrice(
              request,
              bar(MINUTE, { open, high: open, low: open, close: open }),
              rules,
            )!;
            const kopecks = commissionKopecks(commission, o.lots, instrument.lot, price);
            const notional = BigInt(o.lots * instrument.lot) * price;
            return { price, kopecks, notional, fee: kopecks * KOPECK_NANOS };
          });
          // Cash set right at the cost of the first `coveredBuys` buys (± one nano).
          let needed = 0n;
          let buys = 0;
          for (const [i, o] of orders.entries()) {
            const t = terms[i]!;
            if (o.side === 'buy' && buys < coveredBuys) {
              needed += t.notional + t.fee;
              buys++;
            }
          }
          const cashNanos = needed + BigInt(nudge) > 0n ? needed + BigInt(nudge) : 0n;

          const broker = new SimulatedBroker(instruments, {
            commission,
            allowShort: true,
            account: { cashNanos: () => cashNanos, position: () => 0 },
          });
          const events = recordBrokerEvents();
          broker.connect(events);
          const ids = orders.map((o) =>
            order({ instrument: instruments[o.instrument]!.uid, side: o.side, lots: o.lots }),
          );
          for (const id of ids) broker.submit(id);
          // Each instrument's bar, all at one time: cash is read once for the bar.
          for (const [i, instrument] of instruments.entries()) {
            const open = opens[i]!;
            broker.onBar(
              bar(MINUTE, { instrument: instrument.uid, open, high: open, low: open, close: open }),
            );
          }

          const fills = new Map(events.fills.map((f) => [f.orderId, f]));
          const rejected = new Set(
            events.log.filter((e) => e.kind === 'rejected').map((e) => e.orderId),
          );
          // Fills happen instrument by instrument (each bar), in submission order within one.
          // The account here books nothing, so each bar starts from the same cash.
          for (const [index] of instruments.entries()) {
            let cash = cashNanos;
            for (const [i, o] of orders.entries()) {
              if (o.instrument !== index) continue;
              const t = terms[i]!;
              const id = ids[i]!.id;
              if (o.side === 'buy' && t.notional + t.fee > cash) {
                expect(rejected.has(id), `order ${i} should be refused`).toBe(true);
                continue;
              }
              cash += o.side === 'buy' ? -(t.notional + t.fee) : t.notional - t.fee;
              const fill = fills.get(id);
              expect(fill, `order ${i} should fill`).toBeDefined();
              expect(fill!.price).toBe(nanosToNumber(t.price));
              expect(fill!.commission).toBe(Number(t.kopecks) / 100);
              expect(toNanos(fill!.commission) % KOPECK_NANOS).toBe(0n);
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
