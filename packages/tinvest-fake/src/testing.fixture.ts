/**
 * Test helpers: a small deterministic market, a server with the real client pointed at
 * it, and polling for stream deliveries. Times are Monday 2024-03-11 from 07:00 UTC, the
 * start of the MOEX main session.
 * @module
 */
import { TinkoffApiError, TinkoffInvestApi } from 'tinkoff-invest-api';
import { PriceType, type Quotation } from 'tinkoff-invest-api/cjs/generated/common.js';
import {
  OrderDirection,
  OrderType,
  type PostOrderRequest,
  TimeInForceType,
  type TradesStreamResponse,
} from 'tinkoff-invest-api/cjs/generated/orders.js';
import { formatNanos, fromQuotation, toNanos, toQuotation } from './decimal.js';
import {
  type CandleInput,
  FakeExchange,
  type FakeExchangeOptions,
  type FakeExchangeServer,
  startFakeExchange,
} from './index.js';

export const MINUTE = 60_000;
/** Monday 2024-03-11 07:00 UTC (10:00 Moscow), the open of the main session. */
export const T0 = Date.parse('2024-03-11T07:00:00Z');
export const FULL = 't.full';
export const READ_ONLY = 't.read-only';

/**
 * Minute candles from `T0`: candle `i` opens at 100 + 0.1·i and closes 0.1 higher, with
 * high = close + 0.05 and low = open − 0.05. So the last price at `T0 + k` minutes is
 * 100 + 0.1·k, the open of the candle just begun.
 */
export function rampCandles(count: number, start = T0): CandleInput[] {
  return Array.from({ length: count }, (_, i) => {
    const open = 10_000 + 10 * i;
    const cents = (value: number) => (value / 100).toFixed(2);
    return {
      time: start + i * MINUTE,
      open: cents(open),
      high: cents(open + 15),
      low: cents(open - 5),
      close: cents(open + 10),
      volume: 100 + i,
    };
  });
}

/** What `setup` returns. */
export interface Setup {
  readonly exchange: FakeExchange;
  readonly server: FakeExchangeServer;
  readonly account: string;
  readonly api: TinkoffInvestApi;
  readonly sber: { readonly uid: string; readonly figi: string };
  client(token: string): TinkoffInvestApi;
  close(): Promise<void>;
}

/**
 * An exchange with SBER (lot 10, step 0.01) and LKOH (lot 1, step 0.5) on ramp candles,
 * one account with 100 000 RUB reached by a full-access and a read-only token, a server,
 * and a client of the full-access token.
 */
export async function setup(
  options: FakeExchangeOptions = {},
  money: number | string = 100_000,
): Promise<Setup> {
  const exchange = new FakeExchange({ startTime: T0, ...options });
  exchange.loadInstruments([
    {
      ticker: 'SBER',
      uid: 'sber-uid-0000-0000-000000000001',
      figi: 'BBG004730N88',
      lot: 10,
      name: 'Sber',
    },
    { ticker: 'LKOH', lot: 1, minPriceIncrement: '0.5', name: 'Lukoil' },
  ]);
  exchange.loadCandles('SBER', '1m', rampCandles(120));
  exchange.loadCandles(
    'LKOH',
    '1m',
    rampCandles(120).map((c) => ({ ...c, open: 7000, high: 7010, low: 6990, close: 7000 })),
  );
  const account = exchange.openAccount({ money });
  exchange.addToken(FULL, { accounts: [account] });
  exchange.addToken(READ_ONLY, { access: 'read-only', accounts: [account] });
  const server = await startFakeExchange(exchange);
  const clients: TinkoffInvestApi[] = [];
  const client = (token: string) => {
    const api = new TinkoffInvestApi({
      token,
      endpoint: server.endpoint,
      channelOptions: { 'grpc.enable_http_proxy': 0 },
    });
    clients.push(api);
    return api;
  };
  const api = client(FULL);
  return {
    exchange,
    server,
    account,
    api,
    sber: { uid: 'sber-uid-0000-0000-000000000001', figi: 'BBG004730N88' },
    client,
    async close() {
      for (const each of clients) {
        // No reconnects into a closed server; the trades stream ends with the server.
        each.stream.market.options.autoReconnect = false;
        await each.stream.market.cancel();
      }
      await server.close();
    },
  };
}

/** Everything `TradesStream` sends to `api`, once the subscription is confirmed. */
export async function watchTrades(
  api: TinkoffInvestApi,
  accounts: string[],
): Promise<TradesStreamResponse[]> {
  const messages: TradesStreamResponse[] = [];
  api.stream.trades.on('error', () => {});
  api.stream.trades.on('data', (message) => messages.push(message));
  api.stream.trades.watch({ accounts });
  await waitFor(() => messages.some((m) => m.subscription));
  return messages;
}

/** Polls until `check` returns a truthy value (returned), or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T,
  timeoutMs = 3000,
): Promise<Exclude<T, false | 0 | '' | null | undefined>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value as Exclude<T, false | 0 | '' | null | undefined>;
    if (Date.now() > deadline) throw new Error(`waitFor timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The error a call fails with (fails the test if it succeeds). */
export async function failure(call: Promise<unknown>): Promise<TinkoffApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TinkoffApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** A `Quotation` as decimal text, exactly. */
export function decimal(value: Quotation | undefined): string {
  const nanos = fromQuotation(value);
  return nanos === undefined ? 'undefined' : formatNanos(nanos);
}

/** A price as a `Quotation`. */
export function quotation(text: string): Quotation {
  return toQuotation(toNanos(text));
}

/** A complete PostOrder request: a market buy of 1 lot of SBER on the test account. */
export function orderRequest(
  ctx: Pick<Setup, 'account' | 'sber'>,
  overrides: Partial<PostOrderRequest> = {},
): PostOrderRequest {
  return {
    quantity: 1,
    direction: OrderDirection.ORDER_DIRECTION_BUY,
    accountId: ctx.account,
    orderType: OrderType.ORDER_TYPE_MARKET,
    orderId: 'key',
    instrumentId: ctx.sber.uid,
    timeInForce: TimeInForceType.TIME_IN_FORCE_DAY,
    priceType: PriceType.PRICE_TYPE_CURRENCY,
    ...overrides,
  };
}
