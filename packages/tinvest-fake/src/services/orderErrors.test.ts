import {
  ChannelCredentials,
  ClientError,
  createChannel,
  createClient,
  Metadata,
  Status,
} from 'nice-grpc';
import { TinkoffApiError } from 'tinkoff-invest-api';
import { SecurityTradingStatus } from 'tinkoff-invest-api/cjs/generated/common.js';
import {
  OrderDirection,
  OrdersServiceDefinition,
  OrderType,
  type PostOrderRequest,
} from 'tinkoff-invest-api/cjs/generated/orders.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FULL,
  failure,
  orderRequest,
  quotation,
  READ_ONLY,
  type Setup,
  setup,
  T0,
} from '../testing.fixture.js';

let ctx: Setup;
afterEach(async () => {
  await ctx?.close();
});

/** A limit buy at 100.00 unless overridden: most checks concern limit prices. */
const order = (overrides: Partial<PostOrderRequest> = {}) =>
  orderRequest(ctx, {
    orderType: OrderType.ORDER_TYPE_LIMIT,
    price: quotation('100.00'),
    ...overrides,
  });

/** Posts through the stock client and returns the status, text and logged code. */
async function rejection(request: PostOrderRequest, token = FULL) {
  const api = token === FULL ? ctx.api : ctx.client(token);
  const error = await failure(api.orders.postOrder(request));
  return {
    status: error.code,
    message: error.details,
    code: ctx.exchange.requests('PostOrder').at(-1)!.code,
  };
}

describe('order rejections carry the API codes', () => {
  it('30078: a price off the step grid', async () => {
    ctx = await setup();
    expect(await rejection(order({ price: quotation('100.005') }))).toEqual({
      status: Status.INVALID_ARGUMENT,
      message: 'Incorrect minimum price increment',
      code: 30078,
    });
  });

  it('30099: a price outside the band (±20% of the last price by default)', async () => {
    ctx = await setup();
    const above = await rejection(order({ price: quotation('120.01') }));
    expect(above).toEqual({
      status: Status.INVALID_ARGUMENT,
      message: 'The price is outside the limits for this instrument',
      code: 30099,
    });
    expect((await rejection(order({ price: quotation('79.99'), orderId: 'k2' }))).code).toBe(30099);
    await expect(
      ctx.api.orders.postOrder(order({ price: quotation('120.00'), orderId: 'k3' })),
    ).resolves.toBeDefined();
    ctx.exchange.setPriceBand('SBER', { limitDown: '99', limitUp: '101' });
    expect((await rejection(order({ price: quotation('101.01'), orderId: 'k4' }))).code).toBe(
      30099,
    );
  });

  it('30079: outside the sessions, or a trading status other than normal', async () => {
    ctx = await setup();
    ctx.exchange.setTime(T0 + (8 * 60 + 45) * 60_000); // 15:45 UTC, between main and evening
    expect(await rejection(order())).toEqual({
      status: Status.INVALID_ARGUMENT,
      message: 'Instrument is not available for trading',
      code: 30079,
    });
    ctx.exchange.setTime(T0 + 9.5 * 3_600_000); // 16:30 UTC, the evening session
    await expect(ctx.api.orders.postOrder(order({ orderId: 'evening' }))).resolves.toBeDefined();
    ctx.exchange.setTradingStatus(
      'SBER',
      SecurityTradingStatus.SECURITY_TRADING_STATUS_BREAK_IN_TRADING,
    );
    expect((await rejection(order({ orderId: 'break' }))).code).toBe(30079);
  });

  it('30092: a weekend, for a paper without weekend trading', async () => {
    ctx = await setup();
    ctx.exchange.setTime(Date.parse('2024-03-16T08:00:00Z')); // Saturday
    expect((await rejection(order())).code).toBe(30092);
  });

  it('30052: an instrument not tradable through the API', async () => {
    ctx = await setup();
    ctx.exchange.loadInstruments([{ ticker: 'OTC', apiTradeAvailableFlag: false }]);
    ctx.exchange.loadCandles('OTC', '1m', [{ time: T0, open: 1, high: 1, low: 1, close: 1 }]);
    expect((await rejection(order({ instrumentId: 'OTC_TQBR', price: quotation('1') }))).code).toBe(
      30052,
    );
  });

  it('30042: not enough money for a buy with its commission, or pieces for a sell', async () => {
    ctx = await setup({}, '1000.49');
    // 10 pieces × 100.00 = 1000 plus 0.50 commission is one kopeck more than there is.
    expect(await rejection(order())).toEqual({
      status: Status.INVALID_ARGUMENT,
      message: 'Not enough assets for a margin trade',
      code: 30042,
    });
    const sell = order({ direction: OrderDirection.ORDER_DIRECTION_SELL, orderId: 'sell' });
    expect((await rejection(sell)).code).toBe(30042);
    expect(ctx.exchange.orders(ctx.account)).toEqual([]);
  });

  it('40002: a read-only token may read but not trade', async () => {
    ctx = await setup();
    expect(await rejection(order(), READ_ONLY)).toEqual({
      status: Status.PERMISSION_DENIED,
      message: 'Insufficient privileges',
      code: 40002,
    });
    const readOnly = ctx.client(READ_ONLY);
    await expect(
      readOnly.operations.getPositions({ accountId: ctx.account }),
    ).resolves.toBeDefined();
  });

  it('40003: an unknown token', async () => {
    ctx = await setup();
    expect(await rejection(order(), 't.unknown')).toEqual({
      status: Status.UNAUTHENTICATED,
      message: 'Authentication token is missing or invalid',
      code: 40003,
    });
  });

  it('50002, 50004: an unknown instrument or account', async () => {
    ctx = await setup();
    expect(await rejection(order({ instrumentId: 'no-such-uid' }))).toEqual({
      status: Status.NOT_FOUND,
      message: 'Instrument not found',
      code: 50002,
    });
    expect((await rejection(order({ accountId: '999' }))).code).toBe(50004);
  });
});

describe('what the client sees of an API error', () => {
  it("the package's TinkoffApiError keeps the status and the text, not the numeric code", async () => {
    ctx = await setup();
    const error = await failure(ctx.api.orders.postOrder(order({ price: quotation('100.005') })));
    expect(error).toBeInstanceOf(TinkoffApiError);
    expect(error.code).toBe(Status.INVALID_ARGUMENT);
    expect(error.details).toBe('Incorrect minimum price increment');
    expect(error.message).toBe(
      '/tinkoff.public.invest.api.contract.v1.OrdersService/PostOrder INVALID_ARGUMENT: Incorrect minimum price increment',
    );
    expect(error.trackingId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.ratelimit).toBe('300');
    expect(error.ratelimitRemaining).toBe('299');
    expect(Number(error.ratelimitReset)).toBeGreaterThan(0);
    // The numeric code was in the status details and the middleware replaced it.
    expect(`${error.details} ${error.message}`).not.toContain('30078');
  });

  it('a raw nice-grpc client sees the code as the status details', async () => {
    ctx = await setup();
    const channel = createChannel(ctx.server.endpoint, ChannelCredentials.createInsecure(), {
      'grpc.enable_http_proxy': 0,
    });
    const metadata = Metadata({ Authorization: `Bearer ${FULL}` });
    const orders = createClient(OrdersServiceDefinition, channel, { '*': { metadata } });
    const error: unknown = await orders
      .postOrder(order({ price: quotation('100.005') }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).details).toBe('30078');
    channel.close();
  });
});
