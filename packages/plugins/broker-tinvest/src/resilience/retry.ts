/**
 * Retries with exponential backoff and full jitter, for retryable failures only: a
 * price off the step grid will be off the grid on the tenth try too, while an
 * UNAVAILABLE usually passes. A rate-limit refusal waits for the reset it names.
 * @module
 */
import { realTime, type Waiter } from './rateLimits.js';
import { TinvestError } from './TinvestError.js';

export interface RetryPolicy {
  /** Tries after the first; 0 disables retrying. */
  readonly retries: number;
  /** Backoff cap before jitter for the first retry, ms; doubles per retry. */
  readonly baseDelayMs: number;
  /** Largest backoff, ms. */
  readonly maxDelayMs: number;
  /**
   * Which failures are retried; default every retryable one. Order placement narrows it
   * to rate-limit refusals: after a lost reply it asks the venue instead of re-sending.
   */
  readonly retryIf?: (error: TinvestError) => boolean;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 200, maxDelayMs: 5_000 };

/** Called before each retry, for logs and metrics. */
export type RetryListener = (error: TinvestError, attempt: number, delayMs: number) => void;

/**
 * The pause before retry number `attempt` (1-based): uniform in [0, min(max, base·2^(attempt-1))]
 * ("full jitter", so that many clients failing together do not retry together), or the
 * server's reset for a rate-limit refusal.
 */
export function retryDelay(
  error: TinvestError,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  if (error.rateLimited && error.resetMs !== undefined) {
    // Small jitter after the reset, so that waiting calls do not all fire at once.
    return error.resetMs + Math.floor(random() * policy.baseDelayMs);
  }
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * cap);
}

/**
 * Runs `call`, retrying retryable `TinvestError`s per `policy`. Anything else, and
 * the last failure, is thrown as it is.
 * @example
 * const state = await withRetry(() => orders.getOrderState(req), DEFAULT_RETRY);
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  options: { time?: Waiter; onRetry?: RetryListener; random?: () => number } = {},
): Promise<T> {
  const time = options.time ?? realTime;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof TinvestError) || attempt > policy.retries) throw error;
      if (!(policy.retryIf ? policy.retryIf(error) : error.retryable)) throw error;
      const delay = retryDelay(error, attempt, policy, options.random);
      options.onRetry?.(error, attempt, delay);
      await time.sleep(delay);
    }
  }
}
