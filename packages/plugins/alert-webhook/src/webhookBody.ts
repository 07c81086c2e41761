/**
 * The JSON body the webhook channel POSTs: the alert's own fields, its time both as
 * ISO text and as milliseconds, and the name of the channel instance that sent it.
 * @module
 */
import type { Alert, AlertSeverity } from '@moex-bot/framework';

/** What a receiver gets. Documented in the README; add fields, never rename them. */
export interface WebhookBody {
  readonly severity: AlertSeverity;
  /** Dotted event type: `risk.halted`, `order.rejected`. */
  readonly type: string;
  readonly message: string;
  /** When the alert was raised, ISO 8601 in UTC: `2026-11-24T07:01:05.000Z`. */
  readonly time: string;
  /** The same instant, unix milliseconds. */
  readonly timeMs: number;
  /** Key-value details; `{}` when the alert has none. */
  readonly context: Readonly<Record<string, string | number | boolean>>;
  /** The channel's instance name from the config (`name`, else `webhook`). */
  readonly source: string;
}

/**
 * The body for one alert.
 * @example
 * webhookBody({ severity: 'info', type: 'session.started', message: 'Live', time: 0 }, 'ops');
 * // { severity: 'info', type: 'session.started', message: 'Live',
 * //   time: '1970-01-01T00:00:00.000Z', timeMs: 0, context: {}, source: 'ops' }
 */
export function webhookBody(alert: Alert, source: string): WebhookBody {
  return {
    severity: alert.severity,
    type: alert.type,
    message: alert.message,
    time: new Date(alert.time).toISOString(),
    timeMs: alert.time,
    context: alert.context ?? {},
    source,
  };
}
