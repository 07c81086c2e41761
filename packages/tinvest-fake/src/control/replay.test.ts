import { TinkoffInvestApi } from 'tinkoff-invest-api';
import type { Candle } from 'tinkoff-invest-api/cjs/generated/marketdata.js';
import { describe, expect, it } from 'vitest';
import { FakeExchange, sampleMarket, startFakeExchange } from '../index.js';
import { waitFor } from '../testing.fixture.js';

describe('replay', () => {
  it('plays a whole sample day as fast as possible, each candle streamed once and in order', async () => {
    const market = sampleMarket({ days: 1 });
    const exchange = new FakeExchange({ market });
    exchange.addToken('t.paper');
    const server = await startFakeExchange(exchange);
    const api = new TinkoffInvestApi({
      token: 't.paper',
      endpoint: server.endpoint,
      channelOptions: { 'grpc.enable_http_proxy': 0 },
    });
    const candles: Candle[] = [];
    api.stream.market.on('error', () => {});
    await api.stream.market.candles(
      {
        instruments: [{ figi: 'FAKESBER0000', instrumentId: 'SBER_TQBR', interval: 1 }],
        waitingClose: true,
      },
      (candle) => candles.push(candle),
    );
    const replay = exchange.replay({ speed: 'max', stepMs: 30 * 60_000, tickMs: 1 });
    await replay.done;
    expect(replay.error).toBeUndefined();
    expect(exchange.now).toBe(market.end);
    await waitFor(() => candles.length === 805);
    const times = candles.map((c) => c.time!.getTime());
    expect(new Set(times).size).toBe(805);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    await api.stream.market.cancel();
    await server.close();
  });

  it('runs at a speed factor until stopped', async () => {
    const exchange = new FakeExchange({ market: sampleMarket({ days: 1 }) });
    const start = exchange.now;
    const replay = exchange.replay({ speed: 60_000, tickMs: 5 });
    await waitFor(() => exchange.now >= start + 60 * 60_000);
    exchange.stopReplay();
    await replay.done;
    expect(replay.running).toBe(false);
    const stoppedAt = exchange.now;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(exchange.now).toBe(stoppedAt);
  });
});
