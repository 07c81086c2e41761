/**
 * Property test of the SQLite store against an in-memory model: random sequences of
 * order records, updates and executions (execution ids drawn from a small pool, so
 * replays are frequent), then a reopen of the file. What reads back must equal the
 * model, and a replayed execution must never be booked twice.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNanos } from '../domain/decimal.js';
import { defineInstrument } from '../domain/instrument.js';
import type { Fill, OrderStatus } from '../domain/order.js';
import { Portfolio } from '../domain/portfolio.js';
import type { AccountSnapshot, PositionSnapshot } from './AccountSnapshot.js';
import { openSqliteStateStore } from './openSqliteStateStore.js';
import { ledgerView, makeOrder, T0 } from './records.fixture.js';
import { accountDifferences, replayAccount } from './replayAccount.js';
import type { FillRecord, OrderRecord } from './StateStore.js';

const INSTRUMENTS = [
  defineInstrument({ ticker: 'SBER', lot: 10, minPriceIncrement: 0.01 }),
  defineInstrument({ ticker: 'VTBR', lot: 10_000, minPriceIncrement: 0.000005 }),
];
const INITIAL = 1_000_000_000_000_000n;

/** Orders are recorded and executed often, so a run holds many fills and many replays. */
const opArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('record' as const),
      instrument: fc.nat({ max: 1 }),
      side: fc.constantFrom('buy' as const, 'sell' as const),
      lots: fc.integer({ min: 1, max: 5 }),
      limitSteps: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('update' as const),
      pick: fc.nat(),
      status: fc.constantFrom<OrderStatus>('submitted', 'cancelled', 'rejected'),
      brokerOrderId: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('execute' as const),
      pick: fc.nat(),
      lots: fc.integer({ min: 1, max: 3 }),
      // A small pool of execution ids: about every other execution is a replay.
      execution: fc.nat({ max: 9 }),
      priceSteps: fc.integer({ min: 1, max: 100_000 }),
      withAccount: fc.boolean(),
    }),
  },
);

/** The account the test hands the store: a self-consistent function of the unique fills. */
function accountOf(fills: readonly Fill[], time: number): AccountSnapshot {
  let cashNanos = INITIAL;
  const positions = new Map<string, { quantity: number; price: bigint; commission: bigint }>();
  for (const fill of fills) {
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    const commission = toNanos(fill.commission);
    cashNanos -= BigInt(signed) * toNanos(fill.price) + commission;
    const held = positions.get(fill.instrument) ?? { quantity: 0, price: 0n, commission: 0n };
    positions.set(fill.instrument, {
      quantity: held.quantity + signed,
      price: toNanos(fill.price),
      commission: held.commission + commission,
    });
  }
  const list: PositionSnapshot[] = [...positions].map(([instrument, held]) => ({
    instrument,
    quantity: held.quantity,
    openLots: held.quantity === 0 ? [] : [{ quantity: held.quantity, priceNanos: held.price }],
    costNanos: BigInt(held.quantity) * held.price,
    realizedNanos: 0n,
    commissionNanos: held.commission,
    lastPrice: Number.NaN,
  }));
  return { cashNanos, initialCashNanos: INITIAL, positions: list, time };
}

let dir: string;
let runs = 0;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'moexbot-state-prop-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SqliteStateStore against a model', () => {
  it('reads back what the model holds after any sequence of writes and a reopen', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 40, size: 'max' }), async (ops) => {
        const file = path.join(dir, `run-${++runs}.db`);
        let store = await openSqliteStateStore(file);
        const orders: OrderRecord[] = [];
        const fills: FillRecord[] = [];
        const model = new Portfolio(INITIAL, INSTRUMENTS);
        let account: AccountSnapshot | undefined;
        let updates = 0;
        let time = T0;
        const replace = (order: OrderRecord) => {
          orders[orders.findIndex((o) => o.id === order.id)] = order;
        };

        for (const op of ops) {
          time += 1_000;
          if (op.kind === 'record') {
            const instrument = INSTRUMENTS[op.instrument]!;
            const order = makeOrder(`o${orders.length}`, {
              instrument: instrument.uid,
              side: op.side,
              lots: op.lots,
              createdAt: time,
              updatedAt: time,
              ...(op.limitSteps === undefined
                ? {}
                : { type: 'limit', limitPrice: op.limitSteps * instrument.minPriceIncrement }),
            });
            await store.recordOrder(order);
            orders.push(order);
            continue;
          }
          const order = orders[op.pick % Math.max(orders.length, 1)];
          if (order === undefined) continue;
          if (op.kind === 'duplicate') {
            await expect(store.recordOrder({ ...order, lots: 99 })).rejects.toMatchObject({
              code: 'MOEXBOT_ERR_STATE_DUPLICATE_ORDER',
            });
          } else if (op.kind === 'update') {
            const next = { ...order, status: op.status, updatedAt: time };
            if (op.brokerOrderId === undefined) delete next.brokerOrderId;
            else next.brokerOrderId = op.brokerOrderId;
            await store.updateOrder(next);
            replace(next);
            updates += 1;
          } else {
            const lots = Math.min(op.lots, order.lots - order.filledLots);
            if (lots === 0) continue;
            const instrument = INSTRUMENTS.find((i) => i.uid === order.instrument)!;
            const filledLots = order.filledLots + lots;
            const next: OrderRecord = {
              ...order,
              filledLots,
              status: filledLots === order.lots ? 'filled' : 'partially_filled',
              updatedAt: time,
            };
            const fill: Fill = {
              orderId: order.id,
              strategyId: order.strategyId,
              instrument: order.instrument,
              side: order.side,
              lots,
              quantity: lots * instrument.lot,
              price: op.priceSteps * instrument.minPriceIncrement,
              commission: Math.round(op.priceSteps * lots) / 100,
              time,
              reason: order.reason,
            };
            const executionId = `x${op.execution}`;
            const isNew = !fills.some((f) => f.executionId === executionId);
            const snapshot = op.withAccount ? accountOf([...fills, fill], time) : undefined;
            expect(
              await store.recordExecution({ executionId, fill, order: next, account: snapshot }),
            ).toBe(isNew);
            if (isNew) {
              replace(next);
              fills.push({ ...fill, executionId });
              model.applyFill(fill);
              if (snapshot) account = snapshot;
            }
          }
        }

        await store.close();
        store = await openSqliteStateStore(file);
        try {
          expect(await store.orders()).toStrictEqual(orders);
          expect(await store.openOrders()).toStrictEqual(
            orders.filter((o) => ['new', 'submitted', 'partially_filled'].includes(o.status)),
          );
          expect(await store.fills()).toStrictEqual(fills);
          expect(await store.loadAccount()).toStrictEqual(account);
          // Replaying the stored fills books each execution once: the ledger equals the model's.
          const replayed = replayAccount({
            initialCashNanos: INITIAL,
            instruments: INSTRUMENTS,
            fills: await store.fills(),
          });
          expect(accountDifferences(replayed, ledgerView(model, time))).toEqual([]);
          const journal = await store.journal();
          expect(journal.map((e) => e.seq)).toEqual(journal.map((_, i) => i + 1));
          const count = (type: string) => journal.filter((e) => e.type === type).length;
          expect([count('OrderRecorded'), count('OrderUpdated'), count('OrderFilled')]).toEqual([
            orders.length,
            updates,
            fills.length,
          ]);
        } finally {
          await store.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
