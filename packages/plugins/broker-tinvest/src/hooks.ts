/**
 * What the T-Invest plugin reports for metrics: every call's latency and outcome, waits
 * for the rate limiter, retries, and stream reconnects. The host passes these when it
 * creates the broker (see `createTinvestBroker`); all are optional.
 * @module
 */
import type { VenueMetrics } from '@moex-bot/framework';
import type { GatewayHooks } from './client/TinvestGateway.js';

/** The streams the plugin keeps open. */
export type TinvestStream = 'MarketDataStream' | 'TradesStream';

export interface TinvestHooks extends GatewayHooks {
  /** A stream failed and is being opened again (attempt counts from 1 per outage). */
  onStreamReconnect?(stream: TinvestStream, attempt: number, error: unknown): void;
}

/**
 * Hooks that feed the host's metrics (`BrokerContext.metrics`) and then any hooks given
 * by the caller.
 */
export function metricHooks(
  metrics: VenueMetrics | undefined,
  extra: TinvestHooks = {},
): TinvestHooks {
  if (metrics === undefined) return extra;
  return {
    onCall: (method, ms, outcome) => {
      metrics.request(method, ms / 1000, outcome);
      extra.onCall?.(method, ms, outcome);
    },
    onRateLimitWait: (method, ms) => {
      metrics.rateLimitWait(method, ms / 1000);
      extra.onRateLimitWait?.(method, ms);
    },
    onRetry: (method, error, attempt, delayMs) => extra.onRetry?.(method, error, attempt, delayMs),
    onStreamReconnect: (stream, attempt, error) => {
      metrics.streamReconnect(stream);
      extra.onStreamReconnect?.(stream, attempt, error);
    },
  };
}
