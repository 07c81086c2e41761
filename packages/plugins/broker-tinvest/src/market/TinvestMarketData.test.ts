import type { Bar } from '@moex-bot/framework';
import { SecurityTradingStatus } from 'tinkoff-invest-api/cjs/generated/common.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TinvestGateway } from '../client/TinvestGateway.js';
import { InstrumentCatalog } from '../instruments/InstrumentCatalog.js';
import { GAZP, MINUTE, SBER, settledWithin, startVenue, T0, waitFor } from '../venue.fixture.js';
import { TinvestMarketData } from './TinvestMarketData.js';

let venue: Awaited<ReturnType<typeof startVenue>>;
beforeEach(async () => {
  venue = await startVenue();
});
afterEach(() => venue.close());

async function setup(deadlineMs?: number) {
  const api = venue.api();
  const gateway = new TinvestGateway({
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 },
    ...(deadlineMs === undefined ? {} : { deadlineMs }),
  });
  const catalog = new InstrumentCatalog(api, gateway, undefined);
  const sber = await catalog.resolve({ uid: SBER.uid });
  const gazp = await catalog.resolve({ uid: GAZP.uid });
  const data = new TinvestMarketData(api, gateway, { maxReconnectDelayMs: 20 });
  return { data, sber, gazp };
}

/** A venue that takes the calls of `method` and never answers (a half-open connection). */
const silent = (method: string, times = 1) =>
  venue.exchange.faults.next(method, { kind: 'deadline', delayMs: 60_000 }, { times });

const minutes = (bars: readonly Bar[], uid: string) =>
  bars.filter((b) => b.instrument === uid).map((b) => (b.time - T0) / MINUTE);

/**
 * Subscribes to SBER, drops the stream after two bars (`beforeDrop` runs just before) and
 * lets the market move on while it is down; returns once the stream is back and its bars
 * have caught up: the minutes of the bars delivered, and the stream states reported.
 */
async function dropAndRecover(
  { data, sber }: Awaited<ReturnType<typeof setup>>,
  beforeDrop: () => void = () => undefined,
) {
  const bars: Bar[] = [];
  const states: string[] = [];
  const sub = await data.subscribe([sber], '1m', {
    onBar: (bar) => bars.push(bar),
    onStreamState: (state) => states.push(state),
  });
  venue.exchange.advance(3 * MINUTE);
  await waitFor(() => bars.length >= 2);
  beforeDrop();
  venue.exchange.faults.dropStreams('MarketDataStream');
  venue.exchange.advance(10 * MINUTE);
  await waitFor(() => states.includes('up'));
  venue.exchange.advance(3 * MINUTE);
  await waitFor(() => minutes(bars, SBER.uid).at(-1)! >= 14);
  await sub.close();
  return { seen: minutes(bars, SBER.uid), states };
}

describe('TinvestMarketData against the fake exchange', () => {
  it('reads history in request-sized windows, completed candles only', async () => {
    venue.exchange.setTime(T0 + 30 * MINUTE + 20_000);
    const { data, sber } = await setup();
    const bars = await data.history(sber, '1m', T0, T0 + 60 * MINUTE);
    expect(minutes(bars, SBER.uid)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(bars[0]).toMatchObject({ open: 250, close: 250.01, volume: 10 });
  });

  it('streams each completed bar once, in order, never the forming one', async () => {
    const { data, sber, gazp } = await setup();
    const bars: Bar[] = [];
    const sub = await data.subscribe([sber, gazp], '1m', { onBar: (bar) => bars.push(bar) });
    venue.exchange.advance(5 * MINUTE);
    await waitFor(() => minutes(bars, SBER.uid).length >= 4);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(minutes(bars, SBER.uid)).toEqual(
      [0, 1, 2, 3, 4].slice(0, minutes(bars, SBER.uid).length),
    );
    expect(minutes(bars, SBER.uid).length).toBeGreaterThanOrEqual(4);
    expect(minutes(bars, GAZP.uid)).toEqual(minutes(bars, SBER.uid));
    await sub.close();
  });

  it('after a dropped stream reconnects, re-subscribes and back-fills: no bar lost or repeated', async () => {
    const { seen, states } = await dropAndRecover(await setup());
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i));
    expect(states).toEqual(['down', 'up']);
  });

  it('reports trading availability from the venue status', async () => {
    const { data, sber } = await setup();
    expect(await data.tradingAvailability(sber)).toEqual({ tradable: true });
    venue.exchange.setTradingStatus(
      'SBER',
      SecurityTradingStatus.SECURITY_TRADING_STATUS_BREAK_IN_TRADING,
    );
    expect(await data.tradingAvailability(sber)).toEqual({
      tradable: false,
      reason: 'trading status BREAK_IN_TRADING',
    });
  });
});

describe('TinvestMarketData when the venue stops answering', () => {
  it('fails history and trading status at the deadline instead of waiting for ever', async () => {
    const { data, sber } = await setup(200);
    silent('GetCandles', 3);
    silent('GetTradingStatus', 3);
    expect(
      await settledWithin(3_000, data.history(sber, '1m', T0, T0 + 10 * MINUTE)),
    ).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(await settledWithin(3_000, data.tradingAvailability(sber))).toMatchObject({
      code: 'DEADLINE_EXCEEDED',
    });
  });

  it('rebuilds a dropped stream though its first back-fill gets no reply', async () => {
    // The first back-fill, every retry of it.
    const { seen, states } = await dropAndRecover(await setup(200), () => silent('GetCandles', 3));
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => i));
    expect(states).toEqual(['down', 'up']);
  });
});
