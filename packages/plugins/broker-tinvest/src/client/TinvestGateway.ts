/**
 * Every unary T-Invest call goes through here: the circuit breaker first (fail fast
 * while the venue is down), then the client-side rate limiter, then the call under a
 * deadline, with retries for retryable failures. What happened is reported to hooks
 * for metrics.
 * @module
 */
import type { CircuitBreaker } from '../resilience/CircuitBreaker.js';
import { RateLimiter, realTime, type Waiter } from '../resilience/rateLimits.js';
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from '../resilience/retry.js';
import { GrpcStatus, TinvestError } from '../resilience/TinvestError.js';

/** Refused without calling: the circuit is open. Not retried: waiting is the breaker's job. */
export class CircuitOpenError extends TinvestError {
  constructor(method: string) {
    super(
      method,
      GrpcStatus.UNAVAILABLE,
      undefined,
      'not sent: the venue failed repeatedly and the circuit is open',
    );
  }

  override get code(): string {
    return 'CIRCUIT_OPEN';
  }

  override get retryable(): boolean {
    return false;
  }
}

/** What the gateway reports, for metrics and logs. */
export interface GatewayHooks {
  /** A call finished (after retries): its latency of the last attempt and outcome. */
  onCall?(method: string, ms: number, outcome: 'ok' | 'error'): void;
  /** The limiter held a call back. */
  onRateLimitWait?(method: string, ms: number): void;
  onRetry?(method: string, error: TinvestError, attempt: number, delayMs: number): void;
}

export interface GatewayOptions {
  readonly limiter?: RateLimiter;
  readonly breaker?: CircuitBreaker;
  readonly retry?: RetryPolicy;
  readonly time?: Waiter;
  readonly hooks?: GatewayHooks;
  /**
   * A call that passes on the signal it is given fails with DEADLINE_EXCEEDED after this
   * many ms without a reply (default 15 000): a hung connection must not hold an order.
   */
  readonly deadlineMs?: number;
}

/** Wraps an unknown failure (a bug, a closed channel) so callers see one error type. */
export function asTinvestError(method: string, error: unknown): TinvestError {
  if (error instanceof TinvestError) return error;
  const text = error instanceof Error ? error.message : String(error);
  return new TinvestError(method, GrpcStatus.UNKNOWN, undefined, text);
}

/**
 * @example
 * const gateway = new TinvestGateway({ breaker });
 * const state = await gateway.call('OrdersService', 'GetOrderState', () => api.orders.getOrderState(req));
 */
export class TinvestGateway {
  readonly limiter: RateLimiter;
  readonly breaker: CircuitBreaker | undefined;
  private readonly retry: RetryPolicy;
  private readonly time: Waiter;
  private readonly hooks: GatewayHooks;
  private readonly deadlineMs: number;

  constructor(options: GatewayOptions = {}) {
    this.time = options.time ?? realTime;
    this.limiter = options.limiter ?? new RateLimiter(undefined, this.time);
    this.breaker = options.breaker;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.hooks = options.hooks ?? {};
    this.deadlineMs = options.deadlineMs ?? 15_000;
  }

  /**
   * Calls `service/method` through the breaker, the limiter and the retry policy. `send`
   * gets a signal that aborts at the deadline; pass it on as the call's `signal`.
   */
  call<T>(
    service: string,
    method: string,
    send: (signal: AbortSignal) => Promise<T>,
    retry = this.retry,
  ): Promise<T> {
    const name = `${service}/${method}`;
    return withRetry(() => this.once(service, method, name, send), retry, {
      time: this.time,
      onRetry: (error, attempt, delay) => this.hooks.onRetry?.(name, error, attempt, delay),
    });
  }

  private async once<T>(
    service: string,
    method: string,
    name: string,
    send: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    if (this.breaker && !this.breaker.allow()) throw new CircuitOpenError(name);
    const waited = await this.limiter.acquire(service, method);
    if (waited > 0) this.hooks.onRateLimitWait?.(name, waited);
    const start = this.time.now();
    // Not AbortSignal.timeout: its signal lives on until the deadline, long after the
    // reply, and takes the call's objects with it into the old generation.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.deadlineMs);
    // A pending deadline does not keep the process alive.
    timer.unref();
    try {
      const result = await send(deadline.signal);
      this.breaker?.success();
      this.hooks.onCall?.(name, this.time.now() - start, 'ok');
      return result;
    } catch (thrown) {
      const error = deadline.signal.aborted
        ? new TinvestError(
            name,
            GrpcStatus.DEADLINE_EXCEEDED,
            undefined,
            `no reply in ${this.deadlineMs} ms`,
          )
        : asTinvestError(name, thrown);
      this.hooks.onCall?.(name, this.time.now() - start, 'error');
      if (error.rateLimited) this.limiter.exhausted(service, method, error.resetMs ?? 60_000);
      // A business refusal proves the venue is up; only transport-level failures count.
      if (error.transient) this.breaker?.failure(error);
      else this.breaker?.success();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
