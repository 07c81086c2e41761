/**
 * What the circuit breaker's opening means for trading: the venue keeps failing, so new
 * orders are halted (exits still pass) and operators get a critical alert; when a trial
 * call succeeds, the hold is lifted with the same reason, and only that hold. The host
 * keeps holds across restarts, so the first time the venue answers in a process the hold
 * is lifted too: a hold a previous process placed would otherwise never end.
 * @module
 */
import type { AlertSink, Logger, TradingControl } from '@moex-bot/framework';
import type { CircuitBreakerOptions } from './CircuitBreaker.js';

/** The reason of the hold: the same text places it and lifts it. */
export const OUTAGE_HOLD = 'T-Invest unavailable (circuit breaker open)';

/**
 * The breaker's `onOpen` and `onClose` for a run's trading control and alerts.
 * @example
 * const breaker = new CircuitBreaker({ failureThreshold: 5, cooldownMs: 30_000, ...outageHold(context) });
 */
export function outageHold(context: {
  readonly trading: TradingControl;
  readonly alerts: AlertSink;
  readonly logger: Logger;
}): Pick<CircuitBreakerOptions, 'onOpen' | 'onClose' | 'onSuccess'> {
  /** This process placed the hold (and alerted). */
  let holding = false;
  /** A release of the hold has reached the run's trading state in this process. */
  let released = false;
  // The run's trading state may not exist yet (the venue is opened first): a failure to
  // halt must not replace the venue's own error.
  const attempt = (what: string, action: () => void): boolean => {
    try {
      action();
      return true;
    } catch (error) {
      context.logger.error({ event: 'OutageHoldFailed', err: String(error) }, `${what}: ${error}`);
      return false;
    }
  };
  return {
    onOpen(failures, lastError) {
      const cause = lastError instanceof Error ? lastError.message : String(lastError);
      context.logger.error(
        { event: 'VenueUnavailable', failures, err: cause },
        `T-Invest failed ${failures} times in a row; calls fail fast until a trial succeeds`,
      );
      // A failed trial opens the circuit again: one halt and one alert per outage.
      if (holding) return;
      holding = true;
      attempt('halt', () => context.trading.halt(OUTAGE_HOLD));
      context.alerts.raise({
        severity: 'critical',
        type: 'venue.unavailable',
        message: `T-Invest failed ${failures} times in a row (${cause}); new orders are halted until it answers again`,
        context: { failures },
      });
    },
    onClose() {
      // Unconditionally: releasing a hold not in force changes nothing.
      released = attempt('release', () => context.trading.release(OUTAGE_HOLD)) || released;
      if (!holding) return;
      holding = false;
      context.alerts.raise({
        severity: 'info',
        type: 'venue.recovered',
        message: 'T-Invest answers again; the halt placed for its outage is lifted',
      });
    },
    onSuccess() {
      if (released) return;
      // The venue answers: a hold restored from the previous process ends here. Before the
      // run's trading state exists (the venue is opened first) the release cannot reach it
      // and is tried again at each success until it does.
      try {
        context.trading.release(OUTAGE_HOLD);
        released = true;
      } catch (error) {
        context.logger.debug(
          { event: 'OutageHoldReleaseDeferred', err: String(error) },
          `outage hold release deferred: ${error}`,
        );
      }
    },
  };
}
