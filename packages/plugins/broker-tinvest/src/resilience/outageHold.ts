/**
 * What the circuit breaker's opening means for trading: the venue keeps failing, so new
 * orders are halted (exits still pass) and operators get a critical alert; when a trial
 * call succeeds, the hold is lifted with the same reason, and only that hold.
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
}): Pick<CircuitBreakerOptions, 'onOpen' | 'onClose'> {
  let holding = false;
  // The run's trading state may not exist yet (the venue is opened first): a failure to
  // halt must not replace the venue's own error.
  const attempt = (what: string, action: () => void) => {
    try {
      action();
    } catch (error) {
      context.logger.error({ event: 'OutageHoldFailed', err: String(error) }, `${what}: ${error}`);
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
      if (!holding) return;
      holding = false;
      attempt('release', () => context.trading.release(OUTAGE_HOLD));
      context.alerts.raise({
        severity: 'info',
        type: 'venue.recovered',
        message: 'T-Invest answers again; the halt placed for its outage is lifted',
      });
    },
  };
}
