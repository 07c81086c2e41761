/**
 * Whole live sessions (`startLive`, the host of `moex-bot live`) with the `tinvest`
 * plugin and the real `tinkoff-invest-api` client against the fake exchange on loopback:
 * from the candle subscription to orders, fills and positions, in each mode, and the
 * bad inputs that must stop a session before anything is sent.
 */
import {
  type LiveSession,
  OperatorConfigSchema,
  parseDecimal,
  type RunMode,
  signals,
  startLive,
} from '@moex-bot/framework';
import { scriptedStrategy } from '@moex-bot/framework/testing';
import { SecurityTradingStatus } from '@moex-bot/tinvest-fake';
import { describe, expect, it } from 'vitest';
import { tinvestBroker } from './plugin.js';
import { liveTestBed, MINUTE, SBER, TOKEN, waitFor } from './venue.fixture.js';

const bed = liveTestBed('moexbot-live-e2e-');

/** Long 2 lots of SBER from the 2nd live bar, flat again from the 5th. */
const roundTrip = scriptedStrategy((_bar, index) => {
  if (index === 1) return signals.targetLots(SBER.uid, 2);
  if (index === 4) return signals.flat(SBER.uid);
  return undefined;
});

function config(mode: RunMode, params: Record<string, unknown> = {}, extra: object = {}) {
  return OperatorConfigSchema.parse({
    mode,
    instruments: [{ ticker: 'SBER', lot: 10, minPriceIncrement: 0.01 }],
    strategies: [{ plugin: 'scripted', instruments: ['SBER'] }],
    broker: {
      plugin: 'tinvest',
      params: { token: TOKEN, endpoint: bed.venue.server.endpoint, pollIntervalMs: 100, ...params },
    },
    live: { warmupBars: 0, state: 'state.sqlite', ...extra },
  });
}

function start(mode: RunMode, params: Record<string, unknown> = {}, extra: object = {}) {
  return startLive(config(mode, params, extra), bed.dir, {
    plugins: [tinvestBroker, roundTrip],
    confirmReal: mode === 'real',
  });
}

/** Moves the exchange a minute at a time until the session has processed `bars` live bars. */
async function runBars(live: LiveSession, bars: number, settle: () => boolean = () => true) {
  await waitFor(() => bed.venue.exchange.candleSubscribers('SBER', '1m') === 1);
  while (live.bars() < bars) {
    bed.venue.exchange.advance(MINUTE);
    const seen = live.bars();
    await waitFor(() => live.bars() > seen);
    // Each order is acknowledged before the next bar (the simulator fills at that bar's open).
    await waitFor(
      () => live.engine.orders.openOrders().every((o) => o.status !== 'new') && settle(),
    );
  }
}

describe('live sessions against the fake exchange', () => {
  it('real: candles in, orders to the exchange, fills back; positions and cash equal the exchange’s', async () => {
    bed.session = await start('real');
    const book = bed.session.engine.portfolio.book(SBER.uid);
    await runBars(bed.session, 3);
    await waitFor(
      () => bed.venue.exchange.position(bed.venue.account, 'SBER') === 20 && book.quantity === 20,
    );
    expect(bed.session.engine.portfolio.cashNanos).toBe(
      parseDecimal(bed.venue.exchange.cash(bed.venue.account)),
    );
    await runBars(bed.session, 6);
    await waitFor(() => book.quantity === 0);
    expect(bed.venue.exchange.position(bed.venue.account, 'SBER')).toBe(0);
    expect(bed.session.engine.portfolio.cashNanos).toBe(
      parseDecimal(bed.venue.exchange.cash(bed.venue.account)),
    );
    const orders = bed.venue.exchange.orders(bed.venue.account);
    expect(orders.map((o) => [o.side, o.lotsExecuted, o.status])).toEqual([
      ['buy', 2, 'filled'],
      ['sell', 2, 'filled'],
    ]);
    // Each exchange order carries a key the state store recorded before sending it.
    const stored = await bed.session.store.orders();
    expect(orders.map((o) => o.orderRequestId).sort()).toEqual(stored.map((o) => o.id).sort());
    expect((await bed.session.store.fills()).length).toBe(2);

    // The live metrics saw it: venue latency by method, and bar-to-order latency per order.
    const registry = bed.session.metrics.registry;
    const requests = await registry.getSingleMetric('moexbot_broker_request_seconds')!.get();
    expect(requests.values).toContainEqual(
      expect.objectContaining({
        metricName: 'moexbot_broker_request_seconds_count',
        labels: { method: 'OrdersService/PostOrder', outcome: 'ok' },
        value: 2,
      }),
    );
    const decisions = await registry.getSingleMetric('moexbot_signal_to_order_seconds')!.get();
    expect(decisions.values).toContainEqual(
      expect.objectContaining({ metricName: 'moexbot_signal_to_order_seconds_count', value: 2 }),
    );
  });

  it('sandbox: opens and funds an account, then trades in it', async () => {
    bed.venue.exchange.addToken('t.sandbox', { accounts: [] });
    bed.session = await start('sandbox', {
      token: 't.sandbox',
      sandbox: { open: true, money: 500_000 },
    });
    const account = bed.session.account.accountId;
    expect(bed.venue.exchange.cash(account)).toBe('500000');
    await runBars(bed.session, 3);
    await waitFor(() => bed.venue.exchange.position(account, 'SBER') === 20);
    await waitFor(() => bed.session!.engine.portfolio.book(SBER.uid).quantity === 20);
    expect(bed.session.engine.portfolio.cashNanos).toBe(
      parseDecimal(bed.venue.exchange.cash(account)),
    );
  });

  it('paper: live candles from the bed.venue, fills from the simulator; nothing reaches the exchange', async () => {
    bed.session = await start('paper');
    await runBars(bed.session, 4);
    await waitFor(() => bed.session!.engine.portfolio.book(SBER.uid).quantity === 20);
    expect(bed.venue.exchange.requests('PostOrder')).toEqual([]);
    expect(bed.venue.exchange.orders(bed.venue.account)).toEqual([]);
  });

  it('orders only while the instrument trades: a break in trading denies the order, nothing is sent', async () => {
    bed.session = await start('real', {}, { availabilityRefreshSeconds: 0.05 });
    bed.venue.exchange.setTradingStatus(
      'SBER',
      SecurityTradingStatus.SECURITY_TRADING_STATUS_BREAK_IN_TRADING,
    );
    await new Promise((resolve) => setTimeout(resolve, 150)); // the gate asks again
    await runBars(bed.session, 3);
    expect(bed.venue.exchange.requests('PostOrder')).toEqual([]);
    const denials = await bed.session.metrics.registry
      .getSingleMetric('moexbot_risk_denials_total')!
      .get();
    expect(denials.values).toContainEqual(
      expect.objectContaining({ labels: { rule: 'INSTRUMENT_NOT_TRADABLE' }, value: 1 }),
    );
  });
});

describe('bad input stops a live bed.session before anything is sent', () => {
  it('a bad token: the venue’s reason, never the token', async () => {
    const error = await start('real', { token: 't.not-a-real-token' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MOEXBOT_ERR_RUN_VENUE_REFUSED' });
    expect(String((error as Error).message)).not.toContain('t.not-a-real-token');
    expect(bed.venue.exchange.requests('PostOrder')).toEqual([]);
  });

  it('a read-only token is refused for real trading', async () => {
    bed.venue.exchange.addToken('t.read-only', {
      access: 'read-only',
      accounts: [bed.venue.account],
    });
    await expect(start('real', { token: 't.read-only' })).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_RUN_TOKEN_READ_ONLY',
    });
  });

  it('an unknown ticker and an instrument the API cannot trade are named together', async () => {
    bed.venue.exchange.loadInstruments([
      {
        ticker: 'NOAPI',
        classCode: 'TQBR',
        uid: 'noapi-uid',
        figi: 'BBG000NOAPI0',
        lot: 1,
        minPriceIncrement: '0.01',
        apiTradeAvailableFlag: false,
      },
    ]);
    const cfg = OperatorConfigSchema.parse({
      mode: 'real',
      instruments: [
        { ticker: 'NOSUCH', lot: 1, minPriceIncrement: 0.01 },
        { ticker: 'NOAPI', lot: 1, minPriceIncrement: 0.01 },
      ],
      strategies: [{ plugin: 'scripted', instruments: ['NOSUCH'] }],
      broker: { plugin: 'tinvest', params: { token: TOKEN, endpoint: bed.venue.server.endpoint } },
      live: { state: 'state.sqlite' },
    });
    const error = await startLive(cfg, bed.dir, {
      plugins: [tinvestBroker, roundTrip],
      confirmReal: true,
    }).then(
      () => new Error('the bed.session started'),
      (e: unknown) => e as Error,
    );
    expect(error).toMatchObject({ code: 'MOEXBOT_ERR_RUN_INSTRUMENT_UNAVAILABLE' });
    expect(error.message).toMatch(/instruments\[0\] \(NOSUCH\)/);
    expect(error.message).toMatch(/instruments\[1\] \(NOAPI\)/);
    expect(bed.venue.exchange.requests('PostOrder')).toEqual([]);
  });

  it('an off-grid limit price is denied by the host, never sent', async () => {
    const offGrid = scriptedStrategy((_bar, index) =>
      index === 1 ? signals.buy(SBER.uid, 1, { limitPrice: 250.005 }) : undefined,
    );
    bed.session = await startLive(config('real'), bed.dir, {
      plugins: [tinvestBroker, offGrid],
      confirmReal: true,
    });
    await runBars(bed.session, 3);
    expect(bed.venue.exchange.requests('PostOrder')).toEqual([]);
  });
});
