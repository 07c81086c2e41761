/**
 * The alert router: stamps, counts and logs every alert, then hands it to each
 * alert channel without waiting. Delivery failures are logged and never reach the
 * order path.
 * @module
 */

import { redactSecrets } from '../config/secrets.js';
import type { Alert, AlertSink } from '../contracts/alert.js';
import type { AlertChannel } from '../contracts/define.js';
import type { Clock, Logger } from '../contracts/services.js';
import { Tokens } from '../di/tokens.js';
import { inject, injectable } from '../di/tsyringe.js';
import type { EngineMetrics } from '../observability/metrics.js';

/** A channel with the instance name it was configured under. */
export interface NamedChannel {
  readonly name: string;
  readonly channel: AlertChannel;
}

function redactContext(context: NonNullable<Alert['context']>): NonNullable<Alert['context']> {
  return Object.fromEntries(
    Object.entries(context).map(([key, value]) => [
      key,
      typeof value === 'string' ? redactSecrets(value) : value,
    ]),
  );
}

/** Alerts kept in memory for `status` and tests. */
const RECENT_LIMIT = 200;

@injectable()
export class AlertRouter implements AlertSink {
  private readonly channels: NamedChannel[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** The newest alerts, oldest first. */
  readonly recent: Alert[] = [];

  constructor(
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(Tokens.Logger) private readonly logger: Logger,
    @inject(Tokens.Metrics) private readonly metrics: EngineMetrics,
  ) {}

  addChannel(channel: NamedChannel): void {
    this.channels.push(channel);
  }

  raise(input: Omit<Alert, 'time'> & { time?: number }): void {
    // Alerts quote errors and broker replies; they leave the process, so never a secret.
    const alert: Alert = {
      ...input,
      message: redactSecrets(input.message),
      ...(input.context === undefined ? {} : { context: redactContext(input.context) }),
      time: input.time ?? this.clock.now(),
    };
    this.metrics.alertsRaised.inc({ severity: alert.severity, type: alert.type });
    this.recent.push(alert);
    if (this.recent.length > RECENT_LIMIT) this.recent.shift();
    const level =
      alert.severity === 'info' ? 'info' : alert.severity === 'warning' ? 'warn' : 'error';
    this.logger[level](
      { event: 'AlertRaised', alert: { type: alert.type, severity: alert.severity } },
      alert.message,
    );
    for (const { name, channel } of this.channels) {
      // Through a promise chain, so that a channel that throws synchronously or returns
      // no promise fails like one that rejects: logged, never in the caller's way.
      const delivery: Promise<void> = Promise.resolve()
        .then(() => channel.send(alert))
        .catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          this.logger.warn(
            { event: 'AlertDeliveryFailed', plugin: `alert:${name}`, err: message },
            message,
          );
        })
        .finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
    }
  }

  /** Waits for deliveries in flight (on shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  async close(): Promise<void> {
    await this.flush();
    for (const { channel } of this.channels) await channel.close?.();
  }
}
