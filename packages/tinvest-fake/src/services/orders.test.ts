import {
  OrderDirection,
  OrderExecutionReportStatus,
  OrderIdType,
  OrderType,
  type PostOrderRequest,
} from 'tinkoff-invest-api/cjs/generated/orders.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decimal,
  failure,
  MINUTE,
  orderRequest,
  quotation,
  rampCandles,
  type Setup,
  setup,
  waitFor,
  watchTrades,
} from '../testing.fixture.js';

const { EXECUTION_REPORT_STATUS_FILL: FILL, EXECUTION_REPORT_STATUS_NEW: NEW } =
  OrderExecutionReportStatus;
const {
  EXECUTION_REPORT_STATUS_PARTIALLYFILL: PARTIALLY,
  EXECUTION_REPORT_STATUS_CANCELLED: CANCELLED,
} = OrderExecutionReportStatus;

let ctx: Setup;
afterEach(async () => {
  await ctx?.close();
});

const order = (overrides: Partial<PostOrderRequest> = {}) =>
  orderRequest(ctx, { orderId: 'key-1', ...overrides });

describe('PostOrder: market orders', () => {
  it('fills at the last price and reports the fill in pieces on TradesStream', async () => {
    ctx = await setup();
    const trades = await watchTrades(ctx.api, [ctx.account]);
    ctx.exchange.advance(2 * MINUTE); // last price 100.20
    const reply = await ctx.api.orders.postOrder(order({ quantity: 2 }));
    expect(reply).toMatchObject({
      executionReportStatus: FILL,
      lotsRequested: 2,
      lotsExecuted: 2,
      orderRequestId: 'key-1',
      instrumentUid: ctx.sber.uid,
      figi: ctx.sber.figi,
    });
    expect(reply.orderId).not.toBe('key-1');
    expect(decimal(reply.executedOrderPrice)).toBe('2004');
    expect(decimal(reply.executedCommission)).toBe('1');
    expect(decimal(reply.totalOrderAmount)).toBe('2005');
    const fill = await waitFor(() => trades.find((m) => m.orderTrades)?.orderTrades);
    expect(fill).toMatchObject({
      orderId: reply.orderId,
      accountId: ctx.account,
      instrumentUid: ctx.sber.uid,
    });
    expect(fill.trades).toHaveLength(1);
    expect(fill.trades[0]).toMatchObject({ quantity: 20, dateTime: new Date(ctx.exchange.now) });
    expect(decimal(fill.trades[0]!.price)).toBe('100.2');
    expect(ctx.exchange.cash(ctx.account)).toBe('97995');
  });

  it('fills in pieces, one execution per tick, each with its own trade id and commission', async () => {
    ctx = await setup({ maxLotsPerExecution: 1 });
    const trades = await watchTrades(ctx.api, [ctx.account]);
    const reply = await ctx.api.orders.postOrder(order({ quantity: 3 }));
    expect(reply.executionReportStatus).toBe(PARTIALLY);
    expect(reply.lotsExecuted).toBe(1);
    ctx.exchange.advance(MINUTE);
    const partly = await ctx.api.orders.getOrderState({
      accountId: ctx.account,
      orderId: reply.orderId,
      priceType: 0,
    });
    expect(partly).toMatchObject({ executionReportStatus: PARTIALLY, lotsExecuted: 2 });
    ctx.exchange.advance(MINUTE);
    const state = await ctx.api.orders.getOrderState({
      accountId: ctx.account,
      orderId: reply.orderId,
      priceType: 0,
    });
    expect(state).toMatchObject({
      executionReportStatus: FILL,
      lotsRequested: 3,
      lotsExecuted: 3,
      orderRequestId: 'key-1',
    });
    expect(state.stages.map((s) => [decimal(s.price), s.quantity])).toEqual([
      ['100', 1],
      ['100.1', 1],
      ['100.2', 1],
    ]);
    expect(new Set(state.stages.map((s) => s.tradeId)).size).toBe(3);
    expect(decimal(state.executedOrderPrice)).toBe('3003');
    expect(decimal(state.averagePositionPrice)).toBe('100.1');
    // 0.05% of 1000, 1001 and 1002 RUB, each rounded to the kopeck: 0.50 + 0.50 + 0.50.
    expect(decimal(state.executedCommission)).toBe('1.5');
    const fills = await waitFor(() => {
      const list = trades.flatMap((m) => m.orderTrades?.trades ?? []);
      return list.length === 3 && list;
    });
    expect(fills.map((t) => t.quantity)).toEqual([10, 10, 10]);
    expect(fills.map((t) => t.tradeId)).toEqual(state.stages.map((s) => s.tradeId));
    expect(ctx.exchange.cash(ctx.account)).toBe('96995.5');
  });
});

describe('PostOrder: limit orders', () => {
  it('rests below the market, shows in GetOrders with blocked money, and cancels', async () => {
    ctx = await setup();
    ctx.exchange.advance(3 * MINUTE); // last price 100.30
    const limit = order({
      orderType: OrderType.ORDER_TYPE_LIMIT,
      price: quotation('100.00'),
      quantity: 5,
    });
    const reply = await ctx.api.orders.postOrder(limit);
    expect(reply.executionReportStatus).toBe(NEW);
    expect(decimal(reply.initialOrderPrice)).toBe('5000');
    expect(decimal(reply.initialCommission)).toBe('2.5');
    const { orders } = await ctx.api.orders.getOrders({ accountId: ctx.account });
    expect(orders.map((o) => o.orderId)).toEqual([reply.orderId]);
    const positions = await ctx.api.operations.getPositions({ accountId: ctx.account });
    expect(positions.money.map(decimal)).toEqual(['94997.5']);
    expect(positions.blocked.map(decimal)).toEqual(['5002.5']);
    ctx.exchange.advance(10 * MINUTE); // the ramp only rises: still resting
    await ctx.api.orders.cancelOrder({ accountId: ctx.account, orderId: reply.orderId });
    const state = await ctx.api.orders.getOrderState({
      accountId: ctx.account,
      orderId: reply.orderId,
      priceType: 0,
    });
    expect(state.executionReportStatus).toBe(CANCELLED);
    expect((await ctx.api.orders.getOrders({ accountId: ctx.account })).orders).toEqual([]);
    expect(ctx.exchange.cash(ctx.account)).toBe('100000');
  });

  it('fills at the limit once a later candle trades through it', async () => {
    ctx = await setup();
    await ctx.api.orders.postOrder(order({ orderId: 'buy' })); // 10 pieces at 100.00
    const sell = await ctx.api.orders.postOrder(
      order({
        orderId: 'sell',
        direction: OrderDirection.ORDER_DIRECTION_SELL,
        orderType: OrderType.ORDER_TYPE_LIMIT,
        price: quotation('100.65'),
      }),
    );
    expect(sell.executionReportStatus).toBe(NEW);
    const positions = await ctx.api.operations.getPositions({ accountId: ctx.account });
    expect(positions.securities[0]).toMatchObject({ balance: 0, blocked: 10 });
    ctx.exchange.advance(5 * MINUTE); // candle 4 reached 100.55 only
    expect(ctx.exchange.orders(ctx.account)[1]!.status).toBe('new');
    ctx.exchange.advance(MINUTE); // candle 5 reached 100.65
    const state = await ctx.api.orders.getOrderState({
      accountId: ctx.account,
      orderId: sell.orderId,
      priceType: 0,
    });
    expect(state.executionReportStatus).toBe(FILL);
    expect(decimal(state.stages[0]!.price)).toBe('100.65');
    expect(state.stages[0]!.executionTime).toEqual(new Date(ctx.exchange.now));
    // 100 000 − 1000 − 0.50 + 1006.50 − 0.50 (0.50325 rounded)
    expect(ctx.exchange.cash(ctx.account)).toBe('100005.5');
    expect(ctx.exchange.position(ctx.account, 'SBER')).toBe(0);
  });

  it('fills a marketable limit at once, at the better last price', async () => {
    ctx = await setup();
    const reply = await ctx.api.orders.postOrder(
      order({ orderType: OrderType.ORDER_TYPE_LIMIT, price: quotation('101.00') }),
    );
    expect(reply.executionReportStatus).toBe(FILL);
    expect(decimal(reply.executedOrderPrice)).toBe('1000');
  });
});

describe('PostOrder: idempotency', () => {
  it('returns the existing order for a repeated key and never places a second one', async () => {
    ctx = await setup();
    const first = await ctx.api.orders.postOrder(order({ orderId: 'same-key' }));
    ctx.exchange.advance(MINUTE);
    const again = await ctx.api.orders.postOrder(order({ orderId: 'same-key', quantity: 7 }));
    expect(again.orderId).toBe(first.orderId);
    expect(again.lotsRequested).toBe(1);
    expect(decimal(again.executedOrderPrice)).toBe('1000');
    expect(ctx.exchange.orders(ctx.account)).toHaveLength(1);
    expect(ctx.exchange.requests('PostOrder').map((r) => r.orderId)).toEqual([
      'same-key',
      'same-key',
    ]);
  });

  it('can answer a repeated key with 30057 instead', async () => {
    ctx = await setup({ duplicateOrders: 'reject' });
    await ctx.api.orders.postOrder(order({ orderId: 'same-key' }));
    const error = await failure(ctx.api.orders.postOrder(order({ orderId: 'same-key' })));
    expect(error.details).toBe('The order is a duplicate, but the order report was not found');
    expect(ctx.exchange.requests('PostOrder')[1]!.code).toBe(30057);
    expect(ctx.exchange.orders(ctx.account)).toHaveLength(1);
  });

  it('keys are per account', async () => {
    ctx = await setup();
    const other = ctx.exchange.openAccount({ money: 10_000 });
    ctx.exchange.addToken('t.both', { accounts: [ctx.account, other] });
    const api = ctx.client('t.both');
    const a = await api.orders.postOrder(order({ orderId: 'k' }));
    const b = await api.orders.postOrder(order({ orderId: 'k', accountId: other }));
    expect(a.orderId).not.toBe(b.orderId);
  });
});

describe('GetOrderState and CancelOrder', () => {
  it('finds an order by the client key', async () => {
    ctx = await setup();
    const reply = await ctx.api.orders.postOrder(order({ orderId: 'client-key' }));
    const state = await ctx.api.orders.getOrderState({
      accountId: ctx.account,
      orderId: 'client-key',
      priceType: 0,
      orderIdType: OrderIdType.ORDER_ID_TYPE_REQUEST,
    });
    expect(state.orderId).toBe(reply.orderId);
  });

  it('refuses to cancel a filled order (30059) and an unknown one (50005)', async () => {
    ctx = await setup();
    const reply = await ctx.api.orders.postOrder(order());
    const filled = await failure(
      ctx.api.orders.cancelOrder({ accountId: ctx.account, orderId: reply.orderId }),
    );
    expect(filled.details).toBe('Cancel order error: order is filled');
    const unknown = await failure(
      ctx.api.orders.cancelOrder({ accountId: ctx.account, orderId: '42' }),
    );
    expect(unknown.details).toBe('Order not found');
  });
});

describe('GetPortfolio and GetPositions', () => {
  it('report exact cash and holdings in pieces', async () => {
    ctx = await setup({}, '100000.01');
    ctx.exchange.advance(2 * MINUTE);
    await ctx.api.orders.postOrder(order({ quantity: 2 })); // 20 × 100.20 + 1.00
    ctx.exchange.advance(3 * MINUTE); // last price 100.50
    const portfolio = await ctx.api.operations.getPortfolio({ accountId: ctx.account });
    const sber = portfolio.positions.find((p) => p.instrumentUid === ctx.sber.uid)!;
    expect(sber).toMatchObject({ figi: ctx.sber.figi, instrumentType: 'share' });
    expect(decimal(sber.quantity)).toBe('20');
    expect(decimal(sber.quantityLots)).toBe('2');
    expect(decimal(sber.averagePositionPrice)).toBe('100.2');
    expect(decimal(sber.currentPrice)).toBe('100.5');
    expect(decimal(sber.expectedYield)).toBe('6');
    const rub = portfolio.positions.find((p) => p.instrumentType === 'currency')!;
    expect(rub.figi).toBe('RUB000UTSTOM');
    expect(decimal(rub.quantity)).toBe('97995.01');
    expect(portfolio.totalAmountCurrencies).toEqual({
      currency: 'rub',
      units: 97995,
      nano: 10_000_000,
    });
    expect(decimal(portfolio.totalAmountShares)).toBe('2010');
    expect(decimal(portfolio.totalAmountPortfolio)).toBe('100005.01');
    const positions = await ctx.api.operations.getPositions({ accountId: ctx.account });
    expect(positions.money).toEqual([{ currency: 'rub', units: 97995, nano: 10_000_000 }]);
    expect(positions.securities).toEqual([
      expect.objectContaining({ instrumentUid: ctx.sber.uid, balance: 20, blocked: 0 }),
    ]);
  });
});

describe('short selling', () => {
  it('is allowed only for shortEnabledFlag papers; the short shows as negative pieces', async () => {
    ctx = await setup();
    ctx.exchange.loadInstruments([{ ticker: 'SHRT', shortEnabledFlag: true }]);
    ctx.exchange.loadCandles('SHRT', '1m', rampCandles(10));
    const sell = order({
      instrumentId: 'SHRT_TQBR',
      direction: OrderDirection.ORDER_DIRECTION_SELL,
    });
    const reply = await ctx.api.orders.postOrder(sell);
    expect(reply.executionReportStatus).toBe(FILL);
    ctx.exchange.advance(5 * MINUTE); // last price 100.50
    const portfolio = await ctx.api.operations.getPortfolio({ accountId: ctx.account });
    const short = portfolio.positions.find((p) => p.instrumentType === 'share')!;
    expect(short.quantity).toEqual({ units: -1, nano: 0 });
    expect(decimal(short.averagePositionPrice)).toBe('100');
    // 100.50 × (−1) − (−100.00): a loss of 0.50, nano negative like units would be.
    expect(short.expectedYield).toEqual({ units: 0, nano: -500_000_000 });
    expect(ctx.exchange.position(ctx.account, 'SHRT')).toBe(-1);
    expect(ctx.exchange.cash(ctx.account)).toBe('100099.95');
  });
});
