/**
 * The published T-Invest request limits, per user and minute, and the limiter that
 * keeps a client under them: one token bucket per method that has its own limit,
 * else one per service. When the server still answers 80002, the bucket is drained
 * until the reset the server named.
 * @module
 */
import { TokenBucket } from './TokenBucket.js';

/** Requests per minute by service, and by `Service/Method` where a method has its own. */
export interface RateLimits {
  readonly services: Readonly<Record<string, number>>;
  readonly methods: Readonly<Record<string, number>>;
  /** Window the limits are counted in, ms (one minute for T-Invest). */
  readonly windowMs: number;
}

/** The limits T-Invest publishes (unary calls, per user per minute). */
export const TINVEST_RATE_LIMITS: RateLimits = {
  services: {
    InstrumentsService: 200,
    UsersService: 100,
    OperationsService: 200,
    MarketDataService: 600,
    StopOrdersService: 50,
    SandboxService: 200,
    OrdersService: 100,
  },
  methods: {
    'OrdersService/PostOrder': 300,
    'OrdersService/CancelOrder': 100,
    'OrdersService/GetOrders': 200,
  },
  windowMs: 60_000,
};

/** Time and waiting, injected so that tests run without real sleeps. */
export interface Waiter {
  /** Ms on a clock that only measures intervals: never compared with dates. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * Real time. Monotonic with sub-millisecond resolution: a wall-clock step must not
 * refill a bucket or close a circuit, and call latencies under a millisecond are the
 * normal case on a good link.
 */
export const realTime: Waiter = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Client-side limiter over the published limits.
 * @example
 * const limiter = new RateLimiter(TINVEST_RATE_LIMITS);
 * const waited = await limiter.acquire('OrdersService', 'PostOrder');
 */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly limits: RateLimits = TINVEST_RATE_LIMITS,
    private readonly time: Waiter = realTime,
  ) {}

  /**
   * Waits until a call of `service/method` is within the limits and takes its token.
   * Returns the ms waited (0 when under the limits), which the caller counts.
   */
  async acquire(service: string, method: string): Promise<number> {
    const bucket = this.bucket(service, method);
    if (bucket === undefined) return 0;
    let waited = 0;
    for (;;) {
      const wait = bucket.take(this.time.now());
      if (wait === 0) return waited;
      await this.time.sleep(wait);
      waited += wait;
    }
  }

  /** The server refused with 80002: no more calls of this kind before `resetMs` from now. */
  exhausted(service: string, method: string, resetMs: number): void {
    const now = this.time.now();
    this.bucket(service, method)?.drainUntil(now + resetMs, now);
  }

  private bucket(service: string, method: string): TokenBucket | undefined {
    const methodKey = `${service}/${method}`;
    const key = methodKey in this.limits.methods ? methodKey : service;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      const limit = this.limits.methods[methodKey] ?? this.limits.services[service];
      if (limit === undefined) return undefined;
      bucket = new TokenBucket(limit, this.limits.windowMs, this.time.now());
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
