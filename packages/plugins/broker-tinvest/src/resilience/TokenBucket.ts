/**
 * A token bucket: `capacity` requests at once, refilled continuously at
 * `capacity / windowMs`. T-Invest publishes its limits per minute; a bucket spreads
 * them out instead of spending the whole minute's allowance in the first second.
 * @module
 */

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private readonly refillPerMs: number;

  /**
   * @param capacity requests allowed per window
   * @param windowMs the window of the published limit (60 000 for "per minute")
   * @param now the current time, ms
   */
  constructor(
    readonly capacity: number,
    windowMs: number,
    now: number,
  ) {
    if (!(capacity >= 1) || !(windowMs > 0)) {
      throw new Error(
        `a token bucket needs capacity >= 1 and a positive window, got ${capacity}/${windowMs}`,
      );
    }
    this.tokens = capacity;
    this.updatedAt = now;
    this.refillPerMs = capacity / windowMs;
  }

  /**
   * Takes one token if there is one and returns 0, or returns how many ms to wait
   * before one will be there (nothing is taken then).
   * @example
   * const bucket = new TokenBucket(300, 60_000, Date.now());
   * const wait = bucket.take(Date.now()); // 0 while under the limit
   */
  take(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) / this.refillPerMs);
  }

  /** Empties the bucket until `until`: the server said the window is spent. */
  drainUntil(until: number, now: number): void {
    this.refill(now);
    // With 1 - (until - now) × rate tokens, the next take waits exactly until `until`.
    if (until > now) this.tokens = Math.min(this.tokens, 1 - (until - now) * this.refillPerMs);
  }

  private refill(now: number): void {
    if (now > this.updatedAt) {
      this.tokens = Math.min(
        this.capacity,
        this.tokens + (now - this.updatedAt) * this.refillPerMs,
      );
      this.updatedAt = now;
    }
  }
}
