import { Status } from 'nice-grpc';
import { SecurityTradingStatus } from 'tinkoff-invest-api/cjs/generated/common.js';
import { CandleInterval } from 'tinkoff-invest-api/cjs/generated/marketdata.js';
import { afterEach, describe, expect, it } from 'vitest';
import { decimal, failure, MINUTE, type Setup, setup, T0 } from '../testing.fixture.js';

let ctx: Setup;
afterEach(async () => {
  await ctx?.close();
});

const DAY = 86_400_000;

describe('GetCandles', () => {
  it('returns candles in [from, to) up to the exchange time, the forming one incomplete', async () => {
    ctx = await setup();
    ctx.exchange.advance(5 * MINUTE + 30_000);
    const { candles } = await ctx.api.marketdata.getCandles({
      instrumentId: ctx.sber.uid,
      interval: CandleInterval.CANDLE_INTERVAL_1_MIN,
      from: new Date(T0 + MINUTE),
      to: new Date(T0 + 60 * MINUTE),
    });
    expect(candles.map((c) => c.time?.getTime())).toEqual(
      [1, 2, 3, 4, 5].map((i) => T0 + i * MINUTE),
    );
    expect(candles.map((c) => c.isComplete)).toEqual([true, true, true, true, false]);
    expect(
      candles
        .slice(0, 1)
        .map((c) => [decimal(c.open), decimal(c.high), decimal(c.low), decimal(c.close), c.volume]),
    ).toEqual([['100.1', '100.25', '100.05', '100.2', 101]]);
    // The forming candle is known only by its first trade.
    const forming = candles[4]!;
    expect([
      decimal(forming.open),
      decimal(forming.high),
      decimal(forming.low),
      decimal(forming.close),
      forming.volume,
    ]).toEqual(['100.5', '100.5', '100.5', '100.5', 0]);
  });

  it('aggregates coarser intervals from the one-minute candles', async () => {
    ctx = await setup();
    ctx.exchange.advance(12 * MINUTE);
    const { candles } = await ctx.api.marketdata.getCandles({
      instrumentId: ctx.sber.figi,
      interval: CandleInterval.CANDLE_INTERVAL_5_MIN,
      from: new Date(T0),
      to: new Date(T0 + DAY),
    });
    expect(candles.map((c) => [c.time?.getTime(), c.isComplete])).toEqual([
      [T0, true],
      [T0 + 5 * MINUTE, true],
      [T0 + 10 * MINUTE, false],
    ]);
    const first = candles[0]!;
    expect([
      decimal(first.open),
      decimal(first.high),
      decimal(first.low),
      decimal(first.close),
      first.volume,
    ]).toEqual(['100', '100.55', '99.95', '100.5', 510]);
  });

  it('enforces the longest range of each interval with 30014', async () => {
    ctx = await setup();
    const range = async (interval: CandleInterval, ms: number) =>
      ctx.api.marketdata.getCandles({
        instrumentId: ctx.sber.uid,
        interval,
        from: new Date(T0),
        to: new Date(T0 + ms),
      });
    const limits: [CandleInterval, number][] = [
      [CandleInterval.CANDLE_INTERVAL_1_MIN, DAY],
      [CandleInterval.CANDLE_INTERVAL_5_MIN, 7 * DAY],
      [CandleInterval.CANDLE_INTERVAL_15_MIN, 21 * DAY],
      [CandleInterval.CANDLE_INTERVAL_HOUR, 92 * DAY],
      [CandleInterval.CANDLE_INTERVAL_DAY, 6 * 366 * DAY],
    ];
    for (const [interval, limit] of limits) {
      await expect(range(interval, limit)).resolves.toBeDefined();
      const error = await failure(range(interval, limit + 1));
      expect([error.code, error.details]).toEqual([
        Status.INVALID_ARGUMENT,
        'The maximum request period for the given candle interval has been exceeded',
      ]);
    }
    expect((await failure(range(CandleInterval.CANDLE_INTERVAL_1_MIN, -1))).details).toBe(
      "`to` can't be less than `from`",
    );
  });
});

describe('GetLastPrices and GetTradingStatus', () => {
  it('last prices follow the exchange clock', async () => {
    ctx = await setup();
    ctx.exchange.advance(3 * MINUTE);
    const { lastPrices } = await ctx.api.marketdata.getLastPrices({
      figi: [],
      instrumentId: [ctx.sber.uid, 'LKOH_TQBR'],
      lastPriceType: 0,
    });
    expect(
      lastPrices.map((p) => [
        p.instrumentUid === ctx.sber.uid ? 'SBER' : 'LKOH',
        decimal(p.price),
        p.time?.getTime(),
      ]),
    ).toEqual([
      ['SBER', '100.3', T0 + 3 * MINUTE],
      ['LKOH', '7000', T0 + 3 * MINUTE],
    ]);
    expect(ctx.exchange.lastPrice('SBER')).toBe('100.3');
  });

  it('trading status is normal in a session, not available outside, or what a test sets', async () => {
    ctx = await setup();
    const status = async () =>
      (await ctx.api.marketdata.getTradingStatus({ instrumentId: ctx.sber.uid })).tradingStatus;
    expect(await status()).toBe(SecurityTradingStatus.SECURITY_TRADING_STATUS_NORMAL_TRADING);
    const open = await ctx.api.marketdata.getTradingStatus({ instrumentId: ctx.sber.uid });
    expect(open).toMatchObject({
      limitOrderAvailableFlag: true,
      marketOrderAvailableFlag: true,
      apiTradeAvailableFlag: true,
    });
    ctx.exchange.setTime(T0 + 8 * 3_600_000 + 50 * MINUTE); // 15:50 UTC
    expect(await status()).toBe(
      SecurityTradingStatus.SECURITY_TRADING_STATUS_NOT_AVAILABLE_FOR_TRADING,
    );
    ctx.exchange.setTime(T0 + 10 * 3_600_000); // 17:00 UTC, evening session
    ctx.exchange.setTradingStatus(
      'SBER',
      SecurityTradingStatus.SECURITY_TRADING_STATUS_BREAK_IN_TRADING,
    );
    expect(await status()).toBe(SecurityTradingStatus.SECURITY_TRADING_STATUS_BREAK_IN_TRADING);
  });

  it('GetOrderBook gives the last price and the band, without depth', async () => {
    ctx = await setup();
    const book = await ctx.api.marketdata.getOrderBook({ instrumentId: ctx.sber.uid, depth: 10 });
    expect([decimal(book.lastPrice), decimal(book.limitDown), decimal(book.limitUp)]).toEqual([
      '100',
      '80',
      '120',
    ]);
    expect(book.bids).toEqual([]);
  });
});
