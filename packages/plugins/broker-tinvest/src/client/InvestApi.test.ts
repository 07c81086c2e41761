import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InstrumentCatalog } from '../instruments/InstrumentCatalog.js';
import { TinvestMarketData } from '../market/TinvestMarketData.js';
import { GrpcStatus, TinvestError } from '../resilience/TinvestError.js';
import { SBER, startVenue, TOKEN, waitFor } from '../venue.fixture.js';
import { InvestApi } from './InvestApi.js';
import { TinvestGateway } from './TinvestGateway.js';

let venue: Awaited<ReturnType<typeof startVenue>>;
beforeEach(async () => {
  venue = await startVenue();
});
afterEach(() => venue.close());

describe('InvestApi against the fake exchange', () => {
  it('keeps the numeric API code, the text and the tracking id of a refusal', async () => {
    const api = venue.api();
    const error = await api.orders
      .postOrder({
        accountId: venue.account,
        instrumentId: SBER.uid,
        quantity: 1,
        price: { units: 250, nano: 5_000_000 }, // 250.005: off the 0.01 grid
        direction: 1,
        orderType: 1,
        orderId: '6f1f4a4e-0000-4000-8000-000000000001',
        timeInForce: 0,
        priceType: 0,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TinvestError);
    const refusal = error as TinvestError;
    expect(refusal.apiCode).toBe(30078);
    expect(refusal.status).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(refusal.detail).toBe('Incorrect minimum price increment');
    expect(refusal.method).toBe('OrdersService/PostOrder');
    expect(refusal.trackingId).not.toBe('');
    expect(refusal.message).toMatch(
      /^OrdersService\/PostOrder failed: 30078 \(price is not a multiple/,
    );
    expect(refusal.retryable).toBe(false);
  });

  it('names a bad token (40003) and does not retry it', async () => {
    const gateway = new TinvestGateway();
    const api = venue.api('t.unknown');
    const error = (await gateway
      .call('UsersService', 'GetAccounts', () => api.users.getAccounts({}))
      .catch((e: unknown) => e)) as TinvestError;
    expect(error.apiCode).toBe(40003);
    expect(venue.exchange.requests('GetAccounts')).toHaveLength(1);
  });

  it('retries through an UNAVAILABLE and gets the answer', async () => {
    venue.exchange.faults.next('GetAccounts', { kind: 'unavailable' }, { times: 2 });
    const gateway = new TinvestGateway({ retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    const api = venue.api();
    const { accounts } = await gateway.call('UsersService', 'GetAccounts', () =>
      api.users.getAccounts({}),
    );
    expect(accounts.map((a) => a.id)).toEqual([venue.account]);
    expect(venue.exchange.requests('GetAccounts')).toHaveLength(3);
  });

  it('waits for the reset after an 80002 and goes on', async () => {
    venue.exchange.faults.next('GetAccounts', { kind: 'rate-limit', resetSeconds: 1 });
    const waits: number[] = [];
    const gateway = new TinvestGateway({
      retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 },
      hooks: { onRetry: (_m, error, _a, delay) => waits.push(error.apiCode ?? 0, delay) },
    });
    const api = venue.api();
    const started = Date.now();
    await gateway.call('UsersService', 'GetAccounts', () => api.users.getAccounts({}));
    expect(waits[0]).toBe(80002);
    expect(waits[1]).toBeGreaterThanOrEqual(1_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });
});

/**
 * A TCP relay to the venue whose connections can go silent at once, as when a NAT or a
 * proxy on the way forgets them: nothing passes any more, and nothing is closed.
 */
async function silencingRelay(port: number) {
  const pairs: [net.Socket, net.Socket][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
    }
    client.pipe(upstream);
    upstream.pipe(client);
    pairs.push([client, upstream]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: relayPort } = server.address() as net.AddressInfo;
  return {
    endpoint: `localhost:${relayPort}`,
    /** The connections open now go silent; new ones pass. */
    silence() {
      for (const [client, upstream] of pairs.splice(0)) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A market-data subscription to SBER through `api`, recording its stream states. */
async function subscribeSber(api: InvestApi) {
  const gateway = new TinvestGateway({ retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 } });
  const sber = await new InstrumentCatalog(api, gateway, undefined).resolve({ uid: SBER.uid });
  const data = new TinvestMarketData(api, gateway, { maxReconnectDelayMs: 20 });
  const states: string[] = [];
  const subscription = await data.subscribe([sber], '1m', {
    onBar: () => undefined,
    onStreamState: (state) => states.push(state),
  });
  return { states, subscription };
}

/** Keepalive pings every 50 ms, a connection given 100 ms to answer. */
const QUICK_KEEPALIVE = { 'grpc.keepalive_time_ms': 50, 'grpc.keepalive_timeout_ms': 100 };

describe('InvestApi keepalive', () => {
  it('pings the connection, with or without calls, by default', () => {
    const api = new InvestApi({ token: TOKEN, endpoint: venue.server.endpoint });
    expect(api.options.channelOptions).toMatchObject({
      'grpc.keepalive_time_ms': expect.any(Number),
      'grpc.keepalive_timeout_ms': expect.any(Number),
      'grpc.keepalive_permit_without_calls': 1,
    });
    api.close();
  });

  it('notices a connection gone silent, so that the market stream is rebuilt', async () => {
    const relay = await silencingRelay(venue.server.port);
    const api = new InvestApi({
      token: TOKEN,
      endpoint: relay.endpoint,
      channelOptions: QUICK_KEEPALIVE,
    });
    try {
      const { states, subscription } = await subscribeSber(api);
      relay.silence();
      await waitFor(() => states.includes('up'));
      expect(states).toEqual(['down', 'up']);
      await subscription.close();
    } finally {
      api.close();
      await relay.close();
    }
  });

  it('is tolerated by the fake exchange: frequent pings end no stream and no call', async () => {
    const api = new InvestApi({
      token: TOKEN,
      endpoint: venue.server.endpoint,
      channelOptions: QUICK_KEEPALIVE,
    });
    try {
      const { states, subscription } = await subscribeSber(api);
      await new Promise((resolve) => setTimeout(resolve, 500)); // ten pings
      const { accounts } = await api.users.getAccounts({});
      expect(accounts.map((a) => a.id)).toEqual([venue.account]);
      expect(states).toEqual([]);
      expect(venue.exchange.openStreams('MarketDataStream')).toBe(1);
      await subscription.close();
    } finally {
      api.close();
    }
  });
});
