/**
 * The conformance suite every `StateStore` must pass: SQLite runs it on a file and in
 * memory, and the PostgreSQL store will run the same one, so the two stay exchangeable.
 * @module
 */
import { afterEach, describe, expect, it } from 'vitest';
import { afterFill, makeAccount, makeFill, makeOrder, T0 } from './records.fixture.js';
import type { StateStore } from './StateStore.js';

/** How the suite gets stores of one implementation. */
export interface StateStoreHarness {
  /** A new, empty store. */
  open(): Promise<StateStore>;
  /** Closes `store` and opens the same storage again; absent when the store does not persist. */
  reopen?(store: StateStore): Promise<StateStore>;
}

const code = (name: string) => ({ code: `MOEXBOT_ERR_${name}` });

/**
 * Declares the conformance tests of a store implementation.
 * @example
 * describeStateStore('SqliteStateStore (memory)', { open: () => openSqliteStateStore(':memory:') });
 */
export function describeStateStore(name: string, harness: StateStoreHarness): void {
  describe(`${name} conforms to StateStore`, () => {
    let store: StateStore;
    const open = async () => {
      store = await harness.open();
      return store;
    };
    afterEach(async () => {
      await store?.close();
    });

    describe('orders', () => {
      it('records an order and reads it back as written, optional fields absent', async () => {
        const s = await open();
        const plain = makeOrder('a1');
        const limit = makeOrder('a2', { type: 'limit', limitPrice: 0.000000001, side: 'sell' });
        await s.recordOrder(plain);
        await s.recordOrder(limit);
        expect(await s.getOrder('a1')).toStrictEqual(plain);
        expect(await s.getOrder('a2')).toStrictEqual(limit);
        expect(await s.getOrder('missing')).toBeUndefined();
      });

      it('refuses a second order with the same id and keeps the first', async () => {
        const s = await open();
        await s.recordOrder(makeOrder('dup'));
        await expect(s.recordOrder(makeOrder('dup', { lots: 9 }))).rejects.toMatchObject(
          code('STATE_DUPLICATE_ORDER'),
        );
        expect((await s.getOrder('dup'))?.lots).toBe(3);
        expect(await s.orders()).toHaveLength(1);
      });

      it('updates status, filled lots, broker id, reject reason and time', async () => {
        const s = await open();
        await s.recordOrder(makeOrder('u1'));
        const accepted = { ...makeOrder('u1'), status: 'submitted' as const, brokerOrderId: 'B-7' };
        await s.updateOrder({ ...accepted, updatedAt: T0 + 5 });
        const rejected = {
          ...accepted,
          status: 'rejected' as const,
          rejectReason: '30042: not enough assets',
          updatedAt: T0 + 9,
        };
        await s.updateOrder(rejected);
        expect(await s.getOrder('u1')).toStrictEqual(rejected);
      });

      it('refuses to update an order never recorded', async () => {
        const s = await open();
        await expect(s.updateOrder(makeOrder('ghost'))).rejects.toMatchObject(
          code('STATE_ORDER_UNKNOWN'),
        );
      });

      it('lists open orders (new, submitted, partly filled) in the order recorded', async () => {
        const s = await open();
        const statuses = [
          'new',
          'filled',
          'submitted',
          'cancelled',
          'partially_filled',
          'rejected',
        ];
        for (const [i, status] of statuses.entries()) {
          await s.recordOrder(makeOrder(`o${i}`));
          const filledLots = status === 'filled' ? 3 : status === 'partially_filled' ? 1 : 0;
          await s.updateOrder({ ...makeOrder(`o${i}`), status: status as never, filledLots });
        }
        expect((await s.openOrders()).map((o) => [o.id, o.status])).toEqual([
          ['o0', 'new'],
          ['o2', 'submitted'],
          ['o4', 'partially_filled'],
        ]);
      });

      it('lists orders since a time, up to a limit', async () => {
        const s = await open();
        for (let i = 0; i < 5; i++) await s.recordOrder(makeOrder(`t${i}`, { createdAt: T0 + i }));
        expect((await s.orders()).map((o) => o.id)).toEqual(['t0', 't1', 't2', 't3', 't4']);
        expect((await s.orders({ since: T0 + 2 })).map((o) => o.id)).toEqual(['t2', 't3', 't4']);
        expect((await s.orders({ since: T0 + 1, limit: 2 })).map((o) => o.id)).toEqual([
          't1',
          't2',
        ]);
      });
    });

    describe('executions', () => {
      it('books the fill, the order, the account and a journal entry together', async () => {
        const s = await open();
        const order = makeOrder('e1');
        await s.recordOrder(order);
        const fill = makeFill(order, 2);
        const account = makeAccount();
        const booked = await s.recordExecution({
          executionId: 'x1',
          fill,
          order: afterFill(order, 2),
          account,
        });
        expect(booked).toBe(true);
        expect(await s.fills()).toStrictEqual([{ ...fill, executionId: 'x1' }]);
        expect(await s.getOrder('e1')).toStrictEqual(afterFill(order, 2));
        expect(await s.loadAccount()).toStrictEqual(account);
        expect(await s.hasExecution('x1')).toBe(true);
        expect(await s.hasExecution('x2')).toBe(false);
        const [, filled] = await s.journal();
        expect(filled).toMatchObject({ seq: 2, type: 'OrderFilled', time: fill.time });
        expect(filled?.data).toMatchObject({ executionId: 'x1', orderId: 'e1', lots: 2 });
      });

      it('books a repeated execution id once and changes nothing the second time', async () => {
        const s = await open();
        const order = makeOrder('e2');
        await s.recordOrder(order);
        const first = { executionId: 'x', fill: makeFill(order, 1), order: afterFill(order, 1) };
        expect(await s.recordExecution({ ...first, account: makeAccount() })).toBe(true);
        const journal = await s.journal();
        const again = await s.recordExecution({
          executionId: 'x',
          fill: makeFill(order, 2, { price: 999 }),
          order: afterFill(order, 3),
          account: makeAccount({ cashNanos: 1n }),
        });
        expect(again).toBe(false);
        expect(await s.fills()).toHaveLength(1);
        expect((await s.getOrder('e2'))?.filledLots).toBe(1);
        expect((await s.loadAccount())?.cashNanos).toBe(makeAccount().cashNanos);
        expect(await s.journal()).toStrictEqual(journal);
      });

      it('writes nothing when any part of an execution is refused', async () => {
        const s = await open();
        const order = makeOrder('e3');
        await s.recordOrder(order);
        await s.saveAccount(makeAccount());
        const journal = await s.journal();
        const badAccount = makeAccount({
          positions: [{ ...makeAccount().positions[0]!, quantity: 31 }],
        });
        await expect(
          s.recordExecution({
            executionId: 'bad',
            fill: makeFill(order, 1),
            order: afterFill(order, 1),
            account: badAccount,
          }),
        ).rejects.toMatchObject(code('STATE_RECORD_INVALID'));
        await expect(
          s.recordExecution({
            executionId: 'ghost',
            fill: makeFill(makeOrder('nope'), 1),
            order: afterFill(makeOrder('nope'), 1),
          }),
        ).rejects.toMatchObject(code('STATE_ORDER_UNKNOWN'));
        await expect(
          s.recordExecution({
            executionId: 'mixed',
            fill: makeFill(makeOrder('other'), 1),
            order: afterFill(order, 1),
          }),
        ).rejects.toMatchObject(code('STATE_RECORD_INVALID'));
        expect(await s.fills()).toEqual([]);
        expect(await s.getOrder('e3')).toStrictEqual(order);
        expect(await s.loadAccount()).toStrictEqual(makeAccount());
        expect(await s.journal()).toStrictEqual(journal);
        expect(await s.hasExecution('bad')).toBe(false);
      });

      it('lists fills since a time and of one order', async () => {
        const s = await open();
        const a = makeOrder('fa');
        const b = makeOrder('fb');
        await s.recordOrder(a);
        await s.recordOrder(b);
        await s.recordExecution({
          executionId: 'a1',
          fill: makeFill(a, 1, { time: T0 + 1 }),
          order: afterFill(a, 1),
        });
        await s.recordExecution({
          executionId: 'b1',
          fill: makeFill(b, 1, { time: T0 + 2 }),
          order: afterFill(b, 1),
        });
        await s.recordExecution({
          executionId: 'a2',
          fill: makeFill(a, 2, { time: T0 + 3 }),
          order: afterFill(afterFill(a, 1), 2),
        });
        const ids = (fills: Array<{ executionId: string }>) => fills.map((f) => f.executionId);
        expect(ids(await s.fills())).toEqual(['a1', 'b1', 'a2']);
        expect(ids(await s.fills({ since: T0 + 2 }))).toEqual(['b1', 'a2']);
        expect(ids(await s.fills({ orderId: 'fa' }))).toEqual(['a1', 'a2']);
        expect(ids(await s.fills({ orderId: 'fa', since: T0 + 2 }))).toEqual(['a2']);
      });

      it('keeps prices and commissions exact', async () => {
        const s = await open();
        let order = makeOrder('px', { lots: 5 });
        await s.recordOrder(order);
        const prices = [0.000000001, 0.0195, 250.37, 123456.789, 9_999_999.99];
        for (const [i, price] of prices.entries()) {
          order = afterFill(order, 1);
          await s.recordExecution({
            executionId: `p${i}`,
            fill: makeFill(order, 1, { price, commission: price / 1000 }),
            order,
          });
        }
        const fills = await s.fills();
        expect(fills.map((f) => f.price)).toEqual(prices);
        expect(fills.map((f) => f.commission)).toEqual(prices.map((p) => p / 1000));
      });
    });

    describe('account', () => {
      it('is absent until saved, then reads back exactly, bigint and NaN included', async () => {
        const s = await open();
        expect(await s.loadAccount()).toBeUndefined();
        await s.saveAccount(makeAccount());
        expect(await s.loadAccount()).toStrictEqual(makeAccount());
      });

      it('is replaced whole: positions left out of the new snapshot are gone', async () => {
        const s = await open();
        await s.saveAccount(makeAccount());
        const next = makeAccount({ positions: [makeAccount().positions[1]!], cashNanos: -5n });
        await s.saveAccount(next);
        expect(await s.loadAccount()).toStrictEqual(next);
      });

      it('refuses a snapshot whose lots do not add up to the position', async () => {
        const s = await open();
        const [sber] = makeAccount().positions;
        for (const bad of [
          { ...sber!, costNanos: sber!.costNanos + 1n },
          { ...sber!, openLots: [{ quantity: 0, priceNanos: 1n }, ...sber!.openLots] },
          { ...sber!, quantity: -30 },
        ]) {
          await expect(s.saveAccount(makeAccount({ positions: [bad] }))).rejects.toMatchObject(
            code('STATE_RECORD_INVALID'),
          );
        }
        await expect(
          s.saveAccount(makeAccount({ positions: [sber!, sber!] })),
        ).rejects.toMatchObject(code('STATE_RECORD_INVALID'));
        expect(await s.loadAccount()).toBeUndefined();
      });
    });

    describe('trading state and risk counters', () => {
      it('keeps the trading state with its holds in order', async () => {
        const s = await open();
        expect(await s.loadTradingState()).toBeUndefined();
        const state = {
          state: 'halted' as const,
          reason: 'OPERATOR',
          holds: [
            { reason: 'DAILY_LOSS_LIMIT_REACHED', state: 'halted' as const },
            { reason: 'DRAWDOWN', state: 'reducing' as const },
            { reason: 'OPERATOR', state: 'halted' as const },
          ],
          time: T0,
        };
        await s.saveTradingState(state);
        expect(await s.loadTradingState()).toStrictEqual(state);
        const resumed = { state: 'active' as const, reason: 'RESUME', holds: [], time: T0 + 1 };
        await s.saveTradingState(resumed);
        expect(await s.loadTradingState()).toStrictEqual(resumed);
      });

      it('keeps the risk counters, equity to the last bit', async () => {
        const s = await open();
        expect(await s.loadRiskCounters()).toBeUndefined();
        const counters = {
          moscowDay: '2024-03-01',
          dayStartEquity: 1_000_123.4500000001,
          dailyLossTripped: true,
          equityPeak: 0.1 + 0.2,
          time: T0,
        };
        await s.saveRiskCounters(counters);
        expect(await s.loadRiskCounters()).toStrictEqual(counters);
        await s.saveRiskCounters({ ...counters, dailyLossTripped: false, moscowDay: '2024-03-02' });
        expect(await s.loadRiskCounters()).toMatchObject({
          dailyLossTripped: false,
          moscowDay: '2024-03-02',
        });
      });

      it('refuses malformed risk counters', async () => {
        const s = await open();
        const good = {
          moscowDay: '2024-03-01',
          dayStartEquity: 1,
          dailyLossTripped: false,
          equityPeak: 1,
          time: T0,
        };
        for (const bad of [
          { ...good, moscowDay: '01.03.2024' },
          { ...good, dayStartEquity: Number.NaN },
          { ...good, equityPeak: Number.POSITIVE_INFINITY },
        ]) {
          await expect(s.saveRiskCounters(bad)).rejects.toMatchObject(code('STATE_RECORD_INVALID'));
        }
        expect(await s.loadRiskCounters()).toBeUndefined();
      });
    });

    describe('snapshots', () => {
      it('keeps one snapshot per scope and name, replaced on save', async () => {
        const s = await open();
        expect(await s.loadSnapshots('strategy')).toEqual([]);
        const data = { fast: [1.5, 2], state: 'long', nested: { ok: true, none: null } };
        await s.saveSnapshot({ scope: 'strategy', name: 'sma-b', data, time: T0 });
        await s.saveSnapshot({ scope: 'strategy', name: 'sma-a', data: 1, time: T0 });
        await s.saveSnapshot({ scope: 'plugin', name: 'sma-a', data: 'risk', time: T0 });
        await s.saveSnapshot({ scope: 'strategy', name: 'sma-a', data: [2], time: T0 + 1 });
        expect(await s.loadSnapshots('strategy')).toStrictEqual([
          { scope: 'strategy', name: 'sma-a', data: [2], time: T0 + 1 },
          { scope: 'strategy', name: 'sma-b', data, time: T0 },
        ]);
        expect(await s.loadSnapshots('plugin')).toStrictEqual([
          { scope: 'plugin', name: 'sma-a', data: 'risk', time: T0 },
        ]);
      });

      it('refuses data JSON would alter, naming where', async () => {
        const s = await open();
        const bad: unknown[] = [
          { a: Number.NaN },
          { a: undefined },
          [new Date(0)],
          { big: 1n },
          () => 1,
        ];
        for (const data of bad) {
          await expect(
            s.saveSnapshot({ scope: 'plugin', name: 'p', data: data as never, time: T0 }),
          ).rejects.toMatchObject(code('STATE_RECORD_INVALID'));
        }
        await expect(
          s.saveSnapshot({
            scope: 'plugin',
            name: 'p',
            data: { x: [0, { y: 1n }] } as never,
            time: T0,
          }),
        ).rejects.toThrow('plugin snapshot "p".x[1].y is a bigint');
        expect(await s.loadSnapshots('plugin')).toEqual([]);
      });
    });

    describe('journal', () => {
      it('numbers entries 1, 2, 3 and reads them after a sequence, by type, up to a limit', async () => {
        const s = await open();
        const types = ['BotStarted', 'TradingStateChanged', 'BotStarted', 'Reconciled'];
        for (const [i, type] of types.entries()) {
          expect(await s.append({ time: T0 + i, type, data: { i } })).toBe(i + 1);
        }
        expect((await s.journal()).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
        expect(await s.journal({ after: 2 })).toStrictEqual([
          { seq: 3, time: T0 + 2, type: 'BotStarted', data: { i: 2 } },
          { seq: 4, time: T0 + 3, type: 'Reconciled', data: { i: 3 } },
        ]);
        expect((await s.journal({ types: ['BotStarted'] })).map((e) => e.seq)).toEqual([1, 3]);
        expect((await s.journal({ types: [] })).map((e) => e.seq)).toEqual([]);
        expect((await s.journal({ after: 1, limit: 2 })).map((e) => e.seq)).toEqual([2, 3]);
      });

      it('journals order writes in the same sequence, and never skips a number', async () => {
        const s = await open();
        const order = makeOrder('j1');
        await s.recordOrder(order);
        await expect(s.recordOrder(order)).rejects.toMatchObject(code('STATE_DUPLICATE_ORDER'));
        await expect(
          s.append({ time: T0, type: 'Bad', data: { x: Number.NaN } }),
        ).rejects.toMatchObject(code('STATE_RECORD_INVALID'));
        await s.updateOrder({ ...order, status: 'submitted' });
        await s.append({ time: T0, type: 'Note', data: null });
        await s.recordExecution({
          executionId: 'jx',
          fill: makeFill(order, 3),
          order: afterFill({ ...order, status: 'submitted' }, 3),
        });
        const journal = await s.journal();
        expect(journal.map((e) => [e.seq, e.type])).toEqual([
          [1, 'OrderRecorded'],
          [2, 'OrderUpdated'],
          [3, 'Note'],
          [4, 'OrderFilled'],
        ]);
        expect(journal[0]?.data).toMatchObject({ id: 'j1', lots: 3 });
      });
    });

    describe('lifecycle', () => {
      it('closes twice without error and refuses calls after close', async () => {
        const s = await open();
        await s.close();
        await s.close();
        await expect(s.openOrders()).rejects.toMatchObject(code('STATE_CLOSED'));
        await expect(s.recordOrder(makeOrder('late'))).rejects.toMatchObject(code('STATE_CLOSED'));
      });

      // An in-memory store has nothing to reopen, so the case is only declared for stores on disk.
      const reopen = harness.reopen;
      if (reopen)
        it('keeps everything across a reopen', async () => {
          const s = await open();
          const order = makeOrder('r1', { type: 'limit', limitPrice: 250.37 });
          await s.recordOrder(order);
          await s.recordOrder(makeOrder('r2'));
          await s.recordExecution({
            executionId: 'rx',
            fill: makeFill(order, 3),
            order: afterFill(order, 3),
            account: makeAccount(),
          });
          const trading = {
            state: 'reducing' as const,
            reason: 'X',
            holds: [{ reason: 'X', state: 'reducing' as const }],
            time: T0,
          };
          await s.saveTradingState(trading);
          const counters = {
            moscowDay: '2024-03-01',
            dayStartEquity: 1e6,
            dailyLossTripped: false,
            equityPeak: 1.1e6,
            time: T0,
          };
          await s.saveRiskCounters(counters);
          await s.saveSnapshot({ scope: 'strategy', name: 'sma', data: { n: 1 }, time: T0 });
          await s.append({ time: T0, type: 'Note', data: 'x' });
          const before = {
            orders: await s.orders(),
            open: await s.openOrders(),
            fills: await s.fills(),
            journal: await s.journal(),
          };

          store = await reopen(s);
          expect(await store.orders()).toStrictEqual(before.orders);
          expect(await store.openOrders()).toStrictEqual(before.open);
          expect(before.open.map((o) => o.id)).toEqual(['r2']);
          expect(await store.fills()).toStrictEqual(before.fills);
          expect(await store.journal()).toStrictEqual(before.journal);
          expect(await store.loadAccount()).toStrictEqual(makeAccount());
          expect(await store.loadTradingState()).toStrictEqual(trading);
          expect(await store.loadRiskCounters()).toStrictEqual(counters);
          expect(await store.loadSnapshots('strategy')).toHaveLength(1);
          expect(await store.hasExecution('rx')).toBe(true);
          expect(await store.append({ time: T0, type: 'Note', data: 'y' })).toBe(
            before.journal.length + 1,
          );
        });
    });
  });
}
