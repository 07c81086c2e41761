import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { manualTime } from './manualTime.fixture.js';
import { RateLimiter, TINVEST_RATE_LIMITS } from './rateLimits.js';
import { TokenBucket } from './TokenBucket.js';

describe('TokenBucket', () => {
  it('allows the capacity at once, then one more per refill interval', () => {
    const bucket = new TokenBucket(3, 60_000, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([0, 0, 0]);
    expect(bucket.take(0)).toBe(20_000);
    expect(bucket.take(19_999)).toBe(1);
    expect(bucket.take(20_000)).toBe(0);
  });

  it('waits exactly until the reset the server named after a drain', () => {
    const bucket = new TokenBucket(100, 60_000, 0);
    bucket.drainUntil(7_000, 1_000);
    expect(bucket.take(1_000)).toBe(6_000);
    expect(bucket.take(7_000)).toBe(0);
  });

  test.prop([
    fc.integer({ min: 1, max: 50 }),
    fc.array(fc.integer({ min: 0, max: 5_000 }), { maxLength: 300 }),
  ])('never lets more than capacity + elapsed × rate calls through', (capacity, gaps) => {
    const windowMs = 10_000;
    const bucket = new TokenBucket(capacity, windowMs, 0);
    let now = 0;
    let taken = 0;
    for (const gap of gaps) {
      now += gap;
      if (bucket.take(now) === 0) taken++;
      expect(taken).toBeLessThanOrEqual(capacity + Math.floor((now * capacity) / windowMs));
    }
  });
});

describe('RateLimiter', () => {
  it('uses a method limit where one is published, else the service limit', async () => {
    const time = manualTime();
    const limiter = new RateLimiter(TINVEST_RATE_LIMITS, time);
    for (let i = 0; i < 300; i++)
      expect(await limiter.acquire('OrdersService', 'PostOrder')).toBe(0);
    // The 301st PostOrder in the same instant waits for one token: 60 000 / 300 ms.
    expect(await limiter.acquire('OrdersService', 'PostOrder')).toBe(200);
    // GetOrderState has no limit of its own: the service's 100 per minute.
    for (let i = 0; i < 100; i++) await limiter.acquire('OrdersService', 'GetOrderState');
    expect(await limiter.acquire('OrdersService', 'GetOrderState')).toBe(600);
  });

  it('does not limit services without a published limit', async () => {
    const limiter = new RateLimiter(TINVEST_RATE_LIMITS, manualTime());
    for (let i = 0; i < 1_000; i++)
      expect(await limiter.acquire('SignalService', 'GetSignals')).toBe(0);
  });

  it('after an 80002 waits for the reset before the next call of that kind', async () => {
    const time = manualTime();
    const limiter = new RateLimiter(TINVEST_RATE_LIMITS, time);
    await limiter.acquire('MarketDataService', 'GetCandles');
    limiter.exhausted('MarketDataService', 'GetCandles', 12_000);
    expect(await limiter.acquire('MarketDataService', 'GetCandles')).toBe(12_000);
    expect(time.now()).toBe(12_000);
  });
});
