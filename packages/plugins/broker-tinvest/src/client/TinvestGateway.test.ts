import { afterEach, describe, expect, it, vi } from 'vitest';
import { CircuitBreaker } from '../resilience/CircuitBreaker.js';
import { manualTime } from '../resilience/manualTime.fixture.js';
import { RateLimiter } from '../resilience/rateLimits.js';
import { GrpcStatus, TinvestError } from '../resilience/TinvestError.js';
import { CircuitOpenError, TinvestGateway } from './TinvestGateway.js';

const down = () =>
  new TinvestError('OrdersService/GetOrders', GrpcStatus.UNAVAILABLE, undefined, 'down');

function setup() {
  const time = manualTime();
  const opened: number[] = [];
  const breaker = new CircuitBreaker(
    { failureThreshold: 3, cooldownMs: 60_000, onOpen: (n) => opened.push(n) },
    time,
  );
  const waits: number[] = [];
  const gateway = new TinvestGateway({
    time,
    breaker,
    limiter: new RateLimiter(
      { services: { OrdersService: 2 }, methods: {}, windowMs: 1_000 },
      time,
    ),
    retry: { retries: 1, baseDelayMs: 10, maxDelayMs: 10 },
    hooks: { onRateLimitWait: (_method, ms) => waits.push(ms) },
  });
  return { time, breaker, opened, waits, gateway };
}

describe('TinvestGateway', () => {
  it('holds calls back to the rate limit and reports the wait', async () => {
    const { gateway, waits } = setup();
    for (let i = 0; i < 3; i++) await gateway.call('OrdersService', 'GetOrders', async () => i);
    expect(waits).toEqual([500]);
  });

  it('opens the circuit after repeated transient failures, then fails fast without calling', async () => {
    const { gateway, opened, breaker } = setup();
    let calls = 0;
    const failing = async () => {
      calls++;
      throw down();
    };
    await expect(gateway.call('OrdersService', 'GetOrders', failing)).rejects.toThrow(/down/);
    // The third failure opens the circuit; the retry after it is refused without a call.
    await expect(gateway.call('OrdersService', 'GetOrders', failing)).rejects.toBeInstanceOf(
      CircuitOpenError,
    );
    expect(calls).toBe(3);
    expect(breaker.state).toBe('open');
    expect(opened).toEqual([3]);
    const before = calls;
    await expect(gateway.call('OrdersService', 'GetOrders', failing)).rejects.toBeInstanceOf(
      CircuitOpenError,
    );
    expect(calls).toBe(before);
  });

  it('does not count business refusals against the venue', async () => {
    const { gateway, breaker } = setup();
    const refused = async () => {
      throw new TinvestError('OrdersService/PostOrder', GrpcStatus.INVALID_ARGUMENT, 30078, 'step');
    };
    for (let i = 0; i < 5; i++)
      await expect(gateway.call('OrdersService', 'PostOrder', refused)).rejects.toThrow(/30078/);
    expect(breaker.state).toBe('closed');
  });

  it('reports latencies below the millisecond, as venue calls on a good link are', async () => {
    const latencies: number[] = [];
    const gateway = new TinvestGateway({
      hooks: { onCall: (_method, ms) => latencies.push(ms) },
    });
    await gateway.call('OrdersService', 'GetOrders', async () => 1);
    expect(latencies).toHaveLength(1);
    expect(latencies[0]).toBeGreaterThan(0);
    expect(latencies[0]).toBeLessThan(1_000);
    // Whole milliseconds would mean a wall clock, which rounds every such call to 0 or 1.
    expect(Number.isInteger(latencies[0])).toBe(false);
  });

  describe('deadline', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('aborts the signal of a call with no reply at the deadline', async () => {
      vi.useFakeTimers();
      const gateway = new TinvestGateway({ deadlineMs: 1_000 });
      const hung = gateway.call(
        'OrdersService',
        'GetOrders',
        (signal) =>
          new Promise((_resolve, reject) =>
            signal.addEventListener('abort', () => reject(new Error('aborted'))),
          ),
        { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
      );
      const failed = expect(hung).rejects.toMatchObject({
        status: GrpcStatus.DEADLINE_EXCEEDED,
        message: expect.stringMatching(/no reply in 1000 ms/),
      });
      await vi.advanceTimersByTimeAsync(1_000);
      await failed;
    });

    it('leaves no deadline pending once the reply is in', async () => {
      vi.useFakeTimers();
      const gateway = new TinvestGateway({ deadlineMs: 1_000 });
      for (let i = 0; i < 3; i++) await gateway.call('OrdersService', 'GetOrders', async () => i);
      // A deadline kept until it expires holds the call's objects for that long.
      expect(vi.getTimerCount()).toBe(0);
    });
  });
});
