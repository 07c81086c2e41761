/**
 * Per-token request limits in one-minute windows, as the real API enforces them. A
 * method with its own limit (`PostOrder`, `CancelOrder`, `GetOrders`) has its own budget;
 * every other method shares its service's. A window opens at the first request of a
 * token and bucket and lasts `windowMs`, so a test's burst never straddles a reset.
 * @module
 */

/** How limits are counted. */
export interface RateLimitOptions {
  /**
   * The clock windows run on: `wall` (default) is real time, as a client's own limiter
   * sees it; `exchange` is the exchange's clock, for fully deterministic tests.
   */
  readonly clock?: 'wall' | 'exchange';
  /** Window length; default 60 000 ms. */
  readonly windowMs?: number;
  /** Requests per window by service (`OrdersService`) or method (`PostOrder`); merged over the defaults. */
  readonly limits?: Readonly<Record<string, number>>;
}

/** The published limits per minute (T-Invest API docs, "Лимитная политика"). */
export const DEFAULT_RATE_LIMITS: Readonly<Record<string, number>> = {
  InstrumentsService: 200,
  UsersService: 100,
  OperationsService: 200,
  MarketDataService: 600,
  SandboxService: 200,
  StopOrdersService: 50,
  OrdersService: 100,
  PostOrder: 300,
  CancelOrder: 100,
  GetOrders: 200,
};

/** The outcome of counting one request. */
export interface RateLimitState {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Whole seconds until the window resets. */
  readonly resetSeconds: number;
}

interface Window {
  start: number;
  used: number;
}

/** Counts requests per token and bucket. */
export class RateLimiter {
  private readonly limits: Record<string, number>;
  private readonly windows = new Map<string, Window>();
  readonly windowMs: number;
  readonly clock: 'wall' | 'exchange';

  constructor(
    options: RateLimitOptions,
    private readonly exchangeNow: () => number,
  ) {
    this.limits = { ...DEFAULT_RATE_LIMITS, ...options.limits };
    this.windowMs = options.windowMs ?? 60_000;
    this.clock = options.clock ?? 'wall';
  }

  /** Sets the limit of a service or method (`Infinity` lifts it). */
  setLimit(key: string, perWindow: number): void {
    this.limits[key] = perWindow;
  }

  /** Forgets all counts. */
  reset(): void {
    this.windows.clear();
  }

  /** Counts a request of `token` to `service`/`method` and says whether it may pass. */
  take(token: string, service: string, method: string): RateLimitState {
    const bucket = Object.hasOwn(this.limits, method) ? method : service;
    const limit = this.limits[bucket] ?? Number.POSITIVE_INFINITY;
    const now = this.clock === 'wall' ? Date.now() : this.exchangeNow();
    const key = `${token}|${bucket}`;
    let window = this.windows.get(key);
    if (!window || now >= window.start + this.windowMs || now < window.start) {
      window = { start: now, used: 0 };
      this.windows.set(key, window);
    }
    const resetSeconds = Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000));
    const allowed = window.used < limit;
    if (allowed) window.used += 1;
    return { allowed, limit, remaining: Math.max(0, limit - window.used), resetSeconds };
  }
}
