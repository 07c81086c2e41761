import { Status } from 'nice-grpc';
import type { Candle } from 'tinkoff-invest-api/cjs/generated/marketdata.js';
import {
  OrderExecutionReportStatus,
  type PostOrderRequest,
} from 'tinkoff-invest-api/cjs/generated/orders.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decimal,
  failure,
  MINUTE,
  orderRequest,
  type Setup,
  setup,
  waitFor,
  watchTrades,
} from '../testing.fixture.js';

const { EXECUTION_REPORT_STATUS_FILL: FILL, EXECUTION_REPORT_STATUS_NEW: NEW } =
  OrderExecutionReportStatus;

let ctx: Setup;
afterEach(async () => {
  await ctx?.close();
});

const order = (overrides: Partial<PostOrderRequest> = {}) => orderRequest(ctx, overrides);

describe('call faults', () => {
  it('unavailable, for the next `times` calls of a method', async () => {
    ctx = await setup();
    ctx.exchange.faults.next('GetAccounts', { kind: 'unavailable' }, { times: 2 });
    for (let i = 0; i < 2; i++)
      expect((await failure(ctx.api.users.getAccounts({}))).code).toBe(Status.UNAVAILABLE);
    await expect(ctx.api.users.getAccounts({})).resolves.toBeDefined();
    expect(ctx.exchange.requests('GetAccounts').map((r) => [r.fault, r.outcome])).toEqual([
      ['unavailable', 'UNAVAILABLE'],
      ['unavailable', 'UNAVAILABLE'],
      [undefined, 'OK'],
    ]);
    expect(ctx.exchange.faults.pending()).toBe(0);
  });

  it('rate-limit: 80002 with the given reset', async () => {
    ctx = await setup();
    ctx.exchange.faults.next('GetCandles', { kind: 'rate-limit', resetSeconds: 7 });
    const error = await failure(
      ctx.api.marketdata.getCandles({
        instrumentId: ctx.sber.uid,
        interval: 1,
        from: new Date(0),
        to: new Date(1),
      }),
    );
    expect([error.code, error.details, error.ratelimitRemaining, error.ratelimitReset]).toEqual([
      Status.RESOURCE_EXHAUSTED,
      'Request limit exceeded',
      '0',
      '7',
    ]);
  });

  it('deadline: waits, then DEADLINE_EXCEEDED', async () => {
    ctx = await setup();
    ctx.exchange.faults.next('GetInfo', { kind: 'deadline', delayMs: 20 });
    const started = Date.now();
    const error = await failure(ctx.api.users.getInfo({}));
    expect(error.code).toBe(Status.DEADLINE_EXCEEDED);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('slow: waits, then answers as usual', async () => {
    ctx = await setup();
    ctx.exchange.faults.next('GetInfo', { kind: 'slow', delayMs: 120 });
    const started = performance.now();
    const slow = await ctx.api.users.getInfo({});
    const slowMs = performance.now() - started;
    const next = performance.now();
    const fast = await ctx.api.users.getInfo({});
    expect(slow).toEqual(fast);
    expect(slowMs).toBeGreaterThanOrEqual(110);
    expect(performance.now() - next).toBeLessThan(110);
  });

  it('error: any API code with its status and text', async () => {
    ctx = await setup();
    ctx.exchange.faults.next('PostOrder', { kind: 'error', code: 70001 });
    ctx.exchange.faults.next('PostOrder', {
      kind: 'error',
      code: 90001,
      detail: 'order over 30 M RUB',
    });
    const internal = await failure(ctx.api.orders.postOrder(order()));
    expect([internal.code, internal.details]).toEqual([Status.INTERNAL, 'Internal error']);
    const confirm = await failure(ctx.api.orders.postOrder(order()));
    expect([confirm.code, confirm.details]).toEqual([
      Status.FAILED_PRECONDITION,
      'Need confirmation: order over 30 M RUB',
    ]);
    expect(ctx.exchange.orders(ctx.account)).toEqual([]);
  });
});

describe('lost replies', () => {
  it('response-lost: the order is placed, the client sees a dropped connection, a retry finds it', async () => {
    ctx = await setup();
    ctx.exchange.faults.next('PostOrder', { kind: 'response-lost' });
    const lost = await failure(ctx.api.orders.postOrder(order({ orderId: 'retry-me' })));
    expect([lost.code, lost.details, lost.trackingId]).toEqual([
      Status.UNAVAILABLE,
      'Connection dropped',
      '',
    ]);
    const placed = ctx.exchange.orders(ctx.account);
    expect(placed).toHaveLength(1);
    expect(placed[0]).toMatchObject({ orderRequestId: 'retry-me', status: 'filled' });
    const retry = await ctx.api.orders.postOrder(order({ orderId: 'retry-me' }));
    expect(retry.orderId).toBe(placed[0]!.orderId);
    expect(retry.executionReportStatus).toBe(FILL);
    expect(ctx.exchange.orders(ctx.account)).toHaveLength(1);
    expect(ctx.exchange.requests('PostOrder').map((r) => [r.orderId, r.outcome])).toEqual([
      ['retry-me', 'UNAVAILABLE'],
      ['retry-me', 'OK'],
    ]);
  });

  it('response-lost as a server-side UNAVAILABLE or a deadline', async () => {
    ctx = await setup();
    ctx.exchange.faults.next('PostOrder', { kind: 'response-lost', as: 'unavailable' });
    ctx.exchange.faults.next('PostOrder', { kind: 'response-lost', as: 'deadline' });
    const unavailable = await failure(ctx.api.orders.postOrder(order({ orderId: 'a' })));
    expect([unavailable.code, unavailable.details]).toEqual([
      Status.UNAVAILABLE,
      'Service is unavailable',
    ]);
    expect(unavailable.trackingId).not.toBe('');
    const deadline = await failure(ctx.api.orders.postOrder(order({ orderId: 'b' })));
    expect(deadline.code).toBe(Status.DEADLINE_EXCEEDED);
    expect(ctx.exchange.orders(ctx.account).map((o) => o.orderRequestId)).toEqual(['a', 'b']);
  });
});

describe('order faults', () => {
  it('delay-fill: the order rests the given ticks, then fills', async () => {
    ctx = await setup();
    ctx.exchange.faults.next('PostOrder', { kind: 'delay-fill', ticks: 2 });
    const reply = await ctx.api.orders.postOrder(order());
    expect(reply.executionReportStatus).toBe(NEW);
    ctx.exchange.advance(MINUTE);
    ctx.exchange.advance(MINUTE);
    expect(ctx.exchange.orders(ctx.account)[0]!.status).toBe('new');
    ctx.exchange.advance(MINUTE);
    const state = await ctx.api.orders.getOrderState({
      accountId: ctx.account,
      orderId: reply.orderId,
      priceType: 0,
    });
    expect(state.executionReportStatus).toBe(FILL);
    expect(decimal(state.stages[0]!.price)).toBe('100.3');
  });

  it('partial-fill: one order in slices, each on TradesStream', async () => {
    ctx = await setup();
    const trades = await watchTrades(ctx.api, [ctx.account]);
    ctx.exchange.faults.next('PostOrder', { kind: 'partial-fill', lotsPerExecution: 2 });
    await ctx.api.orders.postOrder(order({ quantity: 5 }));
    ctx.exchange.advance(MINUTE);
    ctx.exchange.advance(MINUTE);
    const fills = await waitFor(() => {
      const list = trades.flatMap((m) => m.orderTrades?.trades ?? []);
      return list.length === 3 && list;
    });
    expect(fills.map((t) => [t.quantity, decimal(t.price)])).toEqual([
      [20, '100'],
      [20, '100.1'],
      [10, '100.2'],
    ]);
  });

  it('reject-order: accepted and rejected at once, nothing booked', async () => {
    ctx = await setup();
    ctx.exchange.faults.next('PostOrder', { kind: 'reject-order', message: 'exchange is busy' });
    const reply = await ctx.api.orders.postOrder(order());
    expect([reply.executionReportStatus, reply.message]).toEqual([
      OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_REJECTED,
      'exchange is busy',
    ]);
    ctx.exchange.advance(MINUTE);
    expect(ctx.exchange.cash(ctx.account)).toBe('100000');
  });
});

describe('stream faults', () => {
  it('a dropped market data stream is re-established by the client, subscriptions and all', async () => {
    ctx = await setup();
    const errors: Error[] = [];
    const candles: Candle[] = [];
    ctx.api.stream.market.on('error', (error) => errors.push(error));
    await ctx.api.stream.market.candles(
      {
        instruments: [{ figi: ctx.sber.figi, instrumentId: ctx.sber.uid, interval: 1 }],
        waitingClose: true,
      },
      (candle) => candles.push(candle),
    );
    expect(ctx.exchange.faults.dropStreams('MarketDataStream')).toBe(1);
    await waitFor(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ code: Status.UNAVAILABLE });
    // The client reconnects at once and re-sends its subscriptions.
    await waitFor(() => ctx.exchange.requests('MarketDataStream').length === 2);
    await waitFor(() => ctx.exchange.candleSubscribers('SBER', '1m') === 1);
    ctx.exchange.advance(MINUTE);
    await waitFor(() => candles.length === 1);
  });

  it('stream lifetime exceeded (80005) ends the trades stream, which the client does not restore', async () => {
    ctx = await setup();
    const errors: Error[] = [];
    ctx.api.stream.trades.on('error', (error) => errors.push(error));
    await watchTrades(ctx.api, [ctx.account]);
    ctx.exchange.faults.dropStreams('TradesStream', 'stream-lifetime');
    const error = await waitFor(() => errors[0]);
    expect(error).toMatchObject({
      code: Status.RESOURCE_EXHAUSTED,
      details: 'Stream lifetime exceeded',
    });
    expect(ctx.api.stream.trades.connected).toBe(false);
  });

  it('a fault queued for a stream method fails the next stream at once', async () => {
    ctx = await setup();
    const errors: Error[] = [];
    ctx.api.stream.trades.on('error', (error) => errors.push(error));
    ctx.exchange.faults.next('TradesStream', { kind: 'unavailable' });
    ctx.api.stream.trades.watch({ accounts: [ctx.account] });
    const error = await waitFor(() => errors[0]);
    expect(error).toMatchObject({ code: Status.UNAVAILABLE });
  });
});
