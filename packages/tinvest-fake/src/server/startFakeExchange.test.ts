import { TinkoffInvestApi } from 'tinkoff-invest-api';
import { describe, expect, it } from 'vitest';
import { FakeExchange, startFakeExchange } from '../index.js';
import { rampCandles, T0, waitFor } from '../testing.fixture.js';

describe('startFakeExchange', () => {
  it('serves a new exchange on a free loopback port', async () => {
    const server = await startFakeExchange();
    expect(server.port).toBeGreaterThan(0);
    expect(server.endpoint).toBe(`localhost:${server.port}`);
    expect(server.exchange).toBeInstanceOf(FakeExchange);
    await server.close();
  });

  it('closes promptly with streams still open, ending them for the client', async () => {
    const exchange = new FakeExchange({ startTime: T0 });
    exchange.loadInstruments([{ ticker: 'SBER' }]);
    exchange.loadCandles('SBER', '1m', rampCandles(5));
    const account = exchange.openAccount();
    exchange.addToken('t', { accounts: [account] });
    const server = await startFakeExchange(exchange, { closeGraceMs: 100 });
    const api = new TinkoffInvestApi({
      token: 't',
      endpoint: server.endpoint,
      channelOptions: { 'grpc.enable_http_proxy': 0 },
    });
    api.stream.market.on('error', () => {});
    api.stream.trades.on('error', () => {});
    let marketClosed = false;
    let tradesClosed = false;
    api.stream.market.on('close', () => {
      marketClosed = true;
    });
    api.stream.trades.on('close', () => {
      tradesClosed = true;
    });
    await api.stream.market.lastPrice(
      { instruments: [{ figi: 'FAKESBER0000', instrumentId: 'SBER_TQBR' }] },
      () => {},
    );
    api.stream.trades.watch({ accounts: [account] });
    await waitFor(() => exchange.openStreams() === 2);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await waitFor(() => marketClosed && tradesClosed);
  });
});
