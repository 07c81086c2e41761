/**
 * A circuit breaker over the venue: after `failureThreshold` transient failures in a
 * row it opens, calls fail fast, and the owner halts trading and alerts. After
 * `cooldownMs` one trial call is let through (half-open); its success closes the
 * circuit and lifts the halt, its failure opens it again.
 * @module
 */
import { realTime, type Waiter } from './rateLimits.js';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  /** Called once each time the circuit opens, with the last failure. */
  readonly onOpen?: (failures: number, lastError: unknown) => void;
  /** Called when a trial call succeeds and the circuit closes again. */
  readonly onClose?: () => void;
  /** Called after every successful call (after `onClose` when it closed the circuit). */
  readonly onSuccess?: () => void;
}

export class CircuitBreaker {
  private stateValue: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly time: Waiter = realTime,
  ) {
    if (!(options.failureThreshold >= 1)) {
      throw new Error(`failureThreshold must be >= 1, got ${options.failureThreshold}`);
    }
  }

  get state(): CircuitState {
    if (this.stateValue === 'open' && this.time.now() - this.openedAt >= this.options.cooldownMs) {
      this.stateValue = 'half-open';
    }
    return this.stateValue;
  }

  /**
   * Whether a call may go out now. In half-open state only one trial call at a time.
   * @example
   * if (!breaker.allow()) throw new Error('venue unavailable: circuit open');
   */
  allow(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** The call succeeded (the venue answered, even with a business refusal). */
  success(): void {
    const wasOpen = this.stateValue !== 'closed';
    this.failures = 0;
    this.trialInFlight = false;
    this.stateValue = 'closed';
    if (wasOpen) this.options.onClose?.();
    this.options.onSuccess?.();
  }

  /** The call failed transiently (network, UNAVAILABLE, timeouts). */
  failure(error: unknown): void {
    this.trialInFlight = false;
    this.failures += 1;
    const trialFailed = this.stateValue === 'half-open';
    if (
      trialFailed ||
      (this.stateValue === 'closed' && this.failures >= this.options.failureThreshold)
    ) {
      this.stateValue = 'open';
      this.openedAt = this.time.now();
      this.options.onOpen?.(this.failures, error);
    }
  }
}
