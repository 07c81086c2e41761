/**
 * One channel's deliveries, one at a time and in order, each retried with exponential
 * backoff and jitter until it succeeds, fails for good or runs out of attempts. A slow
 * or failing channel holds up only its own queue: the router hands alerts over and
 * returns at once, so the order path never waits for a delivery.
 * @module
 */
import type { Alert } from '../contracts/alert.js';
import type { AlertChannel } from '../contracts/define.js';
import { isRetryable, retryAfterOf } from './delivery.js';

/** How failed deliveries are retried. */
export interface RetryPolicy {
  /** Tries per alert, the first included. */
  readonly attempts: number;
  /** Wait before the first retry; doubled each time. */
  readonly initialMs: number;
  /** Longest wait between tries (a service's `Retry-After` may ask for more). */
  readonly maxMs: number;
}

/** What the queue reports; the router turns it into metrics and logs. */
export interface DeliveryEvents {
  delivered(alert: Alert, attempts: number): void;
  retrying(alert: Alert, error: unknown, attempt: number, delayMs: number): void;
  /** Given up: a permanent error, attempts used up, pushed out of a full queue, or closed. */
  failed(alert: Alert, error: unknown, attempts: number): void;
}

/**
 * The wait before retry number `attempt` (1 for the first retry): `initialMs · 2^(attempt-1)`
 * capped at `maxMs`, scaled by a random factor in [0.5, 1) so that channels failing
 * together do not retry in lockstep, and never shorter than what the service asked for.
 */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: number,
  retryAfterMs?: number,
): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** (attempt - 1));
  const jittered = base * (0.5 + random / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

export class DeliveryQueue {
  private readonly queue: Alert[] = [];
  /** Whether a drain is under way; set and cleared synchronously, so no push falls between. */
  private draining = false;
  private running: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly channel: AlertChannel,
    private readonly policy: RetryPolicy,
    private readonly events: DeliveryEvents,
    private readonly options: { readonly maxQueued: number; readonly random: () => number },
  ) {
    if (!(options.maxQueued >= 2)) {
      throw new RangeError(
        `maxQueued must be at least 2 (one being tried, one waiting), got ${options.maxQueued}`,
      );
    }
  }

  /** Alerts waiting or being delivered. */
  get length(): number {
    return this.queue.length;
  }

  push(alert: Alert): void {
    if (this.closed) {
      this.events.failed(alert, new Error('the alert router is closed'), 0);
      return;
    }
    // A channel that has been down for long must not hoard memory: the oldest waiting
    // alert (not the one being tried) gives way, reported as failed.
    if (this.queue.length >= this.options.maxQueued) {
      const [pushedOut] = this.queue.splice(1, 1);
      if (pushedOut) {
        this.events.failed(
          pushedOut,
          new Error(`queue full (${this.options.maxQueued} alerts waiting)`),
          0,
        );
      }
    }
    this.queue.push(alert);
    if (!this.draining) {
      this.draining = true;
      this.running = this.drain();
    }
  }

  /** Resolves once nothing is waiting. */
  async idle(): Promise<void> {
    while (this.draining) await this.running;
  }

  /**
   * Gives up on everything: the alert being tried (its send may never settle) and those
   * waiting are reported failed at once, and the queue is idle. What the abandoned send
   * does later is ignored.
   */
  abandon(): void {
    this.closed = true;
    clearTimeout(this.timer);
    const left = this.queue.splice(0);
    for (const alert of left) {
      this.events.failed(alert, new Error('the alert router closed before delivery'), 0);
    }
    this.draining = false;
    this.wake?.();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0 && !this.closed) {
        const alert = this.queue[0]!;
        await this.deliver(alert);
        if (this.closed) return;
        this.queue.shift();
      }
    } finally {
      // In the same step as the loop's last check: a push after this starts a new drain.
      this.draining = false;
    }
  }

  private async deliver(alert: Alert): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        // Through a promise chain, so that a channel that throws synchronously fails like
        // one that rejects.
        await Promise.resolve().then(() => this.channel.send(alert));
        if (this.closed) return;
        this.events.delivered(alert, attempt);
        return;
      } catch (error) {
        if (this.closed) return;
        if (!isRetryable(error) || attempt >= this.policy.attempts) {
          this.events.failed(alert, error, attempt);
          return;
        }
        const delay = backoffDelay(
          this.policy,
          attempt,
          this.options.random(),
          retryAfterOf(error),
        );
        this.events.retrying(alert, error, attempt, delay);
        await this.sleep(delay);
        if (this.closed) return;
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
      // A retry pending must not keep a finished command alive; `close()` waits for it.
      this.timer.unref();
    });
  }
}
