import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GrpcStatus, TinvestError } from '../resilience/TinvestError.js';
import { SBER, startVenue } from '../venue.fixture.js';
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
