import type { Candle, LastPrice } from 'tinkoff-invest-api/cjs/generated/marketdata.js';
import {
  SubscriptionAction,
  SubscriptionInterval,
} from 'tinkoff-invest-api/cjs/generated/marketdata.js';
import { afterEach, describe, expect, it } from 'vitest';
import { decimal, MINUTE, type Setup, setup, T0, waitFor } from '../testing.fixture.js';

let ctx: Setup;
afterEach(async () => {
  await ctx?.close();
});

/** A candle as [minutes after T0, complete?, close, volume]. A forming candle has volume 0. */
const row = (c: Candle) => [
  (c.time!.getTime() - T0) / MINUTE,
  c.volume > 0,
  decimal(c.close),
  c.volume,
];

async function subscribeCandles(
  waitingClose = false,
  interval = SubscriptionInterval.SUBSCRIPTION_INTERVAL_ONE_MINUTE,
) {
  const candles: Candle[] = [];
  ctx.api.stream.market.on('error', () => {});
  const unsubscribe = await ctx.api.stream.market.candles(
    { instruments: [{ figi: ctx.sber.figi, instrumentId: ctx.sber.uid, interval }], waitingClose },
    (candle) => candles.push(candle),
  );
  return { candles, unsubscribe };
}

describe('MarketDataStream: candles', () => {
  it('streams each completed candle once, in order, after an in-progress update with the same time', async () => {
    ctx = await setup();
    const { candles } = await subscribeCandles();
    ctx.exchange.advance(3 * MINUTE);
    await waitFor(() => candles.length === 6);
    expect(candles.map(row)).toEqual([
      [0, true, '100.1', 100],
      [1, false, '100.1', 0],
      [1, true, '100.2', 101],
      [2, false, '100.2', 0],
      [2, true, '100.3', 102],
      [3, false, '100.3', 0],
    ]);
    expect(candles[0]).toMatchObject({
      figi: ctx.sber.figi,
      instrumentUid: ctx.sber.uid,
      interval: SubscriptionInterval.SUBSCRIPTION_INTERVAL_ONE_MINUTE,
    });
    ctx.exchange.advance(30_000);
    ctx.exchange.advance(30_000);
    ctx.exchange.advance(MINUTE);
    await waitFor(() => candles.length === 10);
    expect(candles.slice(6).map(row)).toEqual([
      [3, true, '100.4', 103],
      [4, false, '100.4', 0],
      [4, true, '100.5', 104],
      [5, false, '100.5', 0],
    ]);
  });

  it('sends completed candles only with waitingClose, or when partial candles are off', async () => {
    ctx = await setup();
    const { candles } = await subscribeCandles(true);
    ctx.exchange.advance(3 * MINUTE);
    await waitFor(() => candles.length === 3);
    expect(candles.map(row).map(([minute, complete]) => [minute, complete])).toEqual([
      [0, true],
      [1, true],
      [2, true],
    ]);
    await ctx.close();
    ctx = await setup({ partialCandles: false });
    const quiet = await subscribeCandles(false);
    ctx.exchange.advance(2 * MINUTE);
    await waitFor(() => quiet.candles.length === 2);
    expect(quiet.candles.every((c) => c.volume > 0)).toBe(true);
  });

  it('streams aggregated intervals at their own boundaries', async () => {
    ctx = await setup();
    const { candles } = await subscribeCandles(
      true,
      SubscriptionInterval.SUBSCRIPTION_INTERVAL_FIVE_MINUTES,
    );
    ctx.exchange.advance(11 * MINUTE);
    await waitFor(() => candles.length === 2);
    expect(candles.map(row)).toEqual([
      [0, true, '100.5', 510],
      [5, true, '101', 535],
    ]);
  });

  it('stops after unsubscribing, and the stream ends when the client cancels', async () => {
    ctx = await setup();
    const { candles, unsubscribe } = await subscribeCandles(true);
    ctx.exchange.advance(MINUTE);
    await waitFor(() => candles.length === 1);
    await unsubscribe();
    expect(ctx.exchange.candleSubscribers('SBER', '1m')).toBe(0);
    // Last prices follow candles on the same stream: once they are in, no candle is pending.
    const prices: LastPrice[] = [];
    await ctx.api.stream.market.lastPrice(
      { instruments: [{ figi: ctx.sber.figi, instrumentId: ctx.sber.uid }] },
      (p) => prices.push(p),
    );
    ctx.exchange.advance(5 * MINUTE);
    await waitFor(() => prices.length === 5);
    expect(candles).toHaveLength(1);
    await ctx.api.stream.market.cancel();
    expect(ctx.api.stream.market.connected).toBe(false);
    await waitFor(() => ctx.exchange.openStreams() === 0);
  });

  it('refuses subscriptions to unknown instruments', async () => {
    ctx = await setup();
    ctx.api.stream.market.on('error', () => {});
    const subscribing = ctx.api.stream.market.candles(
      { instruments: [{ figi: 'NOPE', instrumentId: 'NOPE', interval: 1 }], waitingClose: false },
      () => {},
    );
    await expect(subscribing).rejects.toThrow(/NOPE: status 2/);
  });
});

describe('MarketDataStream: last prices', () => {
  it('streams the last price at every candle boundary', async () => {
    ctx = await setup();
    const prices: LastPrice[] = [];
    ctx.api.stream.market.on('error', () => {});
    await ctx.api.stream.market.lastPrice(
      { instruments: [{ figi: ctx.sber.figi, instrumentId: ctx.sber.uid }] },
      (p) => prices.push(p),
    );
    ctx.exchange.advance(2 * MINUTE);
    await waitFor(() => prices.length === 2);
    expect(prices.map((p) => [decimal(p.price), p.time?.getTime(), p.figi])).toEqual([
      ['100.1', T0 + MINUTE, ctx.sber.figi],
      ['100.2', T0 + 2 * MINUTE, ctx.sber.figi],
    ]);
  });
});

describe('MarketDataServerSideStream', () => {
  it('subscribes from the single request and streams until the client stops reading', async () => {
    ctx = await setup();
    const stream = ctx.api.marketdataStream.marketDataServerSideStream({
      subscribeCandlesRequest: {
        subscriptionAction: SubscriptionAction.SUBSCRIPTION_ACTION_SUBSCRIBE,
        instruments: [{ figi: ctx.sber.figi, instrumentId: ctx.sber.uid, interval: 1 }],
        waitingClose: true,
      },
    });
    const received: string[] = [];
    for await (const message of stream) {
      if (message.subscribeCandlesResponse) {
        received.push('subscribed');
        ctx.exchange.advance(MINUTE);
      }
      if (message.candle) {
        received.push(`candle ${decimal(message.candle.close)}`);
        break;
      }
    }
    expect(received).toEqual(['subscribed', 'candle 100.1']);
    await waitFor(() => ctx.exchange.openStreams() === 0);
  });
});
