/**
 * The alert router: stamps, redacts, counts and logs every alert, then offers it to each
 * channel whose route takes it. Per channel, repeats inside the dedup window and alerts
 * over the rate limit are held back and summed up in one digest per digest interval;
 * what passes joins the channel's delivery queue, retried with backoff. `raise` returns
 * at once: the order path never waits for a channel.
 * @module
 */

import { redactSecrets } from '../config/secrets.js';
import type { Alert, AlertSink } from '../contracts/alert.js';
import type { AlertChannel } from '../contracts/define.js';
import type { Clock, Logger } from '../contracts/services.js';
import { Tokens } from '../di/tokens.js';
import { inject, injectable } from '../di/tsyringe.js';
import type { EngineMetrics } from '../observability/metrics.js';
import { ChannelThrottle, digestAlert, type RateLimit } from './ChannelThrottle.js';
import { DeliveryQueue, type RetryPolicy } from './DeliveryQueue.js';
import { ALL_ALERTS, type AlertRoute, routes } from './routing.js';
import { withDeadline } from './withDeadline.js';

/** A channel with the instance name it was configured under, and how it is fed. */
export interface NamedChannel {
  readonly name: string;
  readonly channel: AlertChannel;
  /** Which alerts it takes; all by default. */
  readonly route?: AlertRoute;
  /** Defaults to {@link AlertPolicy.rateLimit}. */
  readonly rateLimit?: RateLimit;
}

/** How the router treats every channel. */
export interface AlertPolicy {
  /** Identical alerts (type, severity, message) within this window are sent once. */
  readonly dedupMs: number;
  /** Held-back alerts are summed up this long after the first of them. */
  readonly digestMs: number;
  readonly retry: RetryPolicy;
  /** The rate limit of channels that set none. */
  readonly rateLimit: RateLimit;
  /** Alerts a channel keeps waiting while it fails; the oldest give way. */
  readonly maxQueued: number;
  /** How long `close()` waits for deliveries still being retried. */
  readonly closeTimeoutMs: number;
  /** A monotonic millisecond clock for rate limits and latency (tests replace it). */
  readonly now: () => number;
  /** Jitter source in [0, 1). */
  readonly random: () => number;
}

export const DEFAULT_ALERT_POLICY: AlertPolicy = {
  dedupMs: 300_000,
  digestMs: 60_000,
  retry: { attempts: 6, initialMs: 1_000, maxMs: 60_000 },
  rateLimit: { perMinute: 20, burst: 5 },
  maxQueued: 100,
  closeTimeoutMs: 10_000,
  // Monotonic: a wall clock stepped back would freeze the rate window and deduplication.
  now: () => performance.now(),
  random: Math.random,
};

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

/** A channel as the router runs it. */
interface Lane {
  readonly name: string;
  readonly channel: AlertChannel;
  readonly route: AlertRoute;
  readonly throttle: ChannelThrottle;
  readonly queue: DeliveryQueue;
  digestTimer: NodeJS.Timeout | undefined;
}

@injectable()
export class AlertRouter implements AlertSink {
  private readonly lanes: Lane[] = [];
  private closing: Promise<void> | undefined;
  private policy: AlertPolicy = DEFAULT_ALERT_POLICY;
  /** When each alert being delivered was raised, in wall ms. */
  private readonly raisedAt = new WeakMap<Alert, number>();
  /** The newest alerts, oldest first. */
  readonly recent: Alert[] = [];

  constructor(
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(Tokens.Logger) private readonly logger: Logger,
    @inject(Tokens.Metrics) private readonly metrics: EngineMetrics,
  ) {}

  /** Sets the policy; call before adding channels. */
  configure(policy: Partial<AlertPolicy>): void {
    if (this.lanes.length > 0) throw new Error('configure the alert router before adding channels');
    this.policy = { ...this.policy, ...policy };
  }

  addChannel(named: NamedChannel): void {
    const { name, channel } = named;
    const policy = this.policy;
    const queue = new DeliveryQueue(
      channel,
      policy.retry,
      {
        delivered: (alert) => {
          this.metrics.alertDeliveries.inc({ channel: name, outcome: 'delivered' });
          const raised = this.raisedAt.get(alert);
          if (raised !== undefined) {
            this.metrics.alertDeliverySeconds.observe(
              { channel: name },
              Math.max(0, policy.now() - raised) / 1000,
            );
          }
        },
        retrying: (alert, error, attempt, delayMs) => {
          this.metrics.alertRetries.inc({ channel: name });
          this.logger.warn(
            {
              event: 'AlertDeliveryRetry',
              plugin: `alert:${name}`,
              type: alert.type,
              attempt,
              delayMs: Math.round(delayMs),
              err: messageOf(error),
            },
            `alert:${name}: delivery failed (${messageOf(error)}); try ${attempt + 1} in ${Math.round(delayMs)} ms`,
          );
        },
        failed: (alert, error, attempts) => {
          this.metrics.alertDeliveries.inc({ channel: name, outcome: 'failed' });
          this.logger.error(
            {
              event: 'AlertDeliveryFailed',
              plugin: `alert:${name}`,
              type: alert.type,
              attempts,
              err: messageOf(error),
            },
            `alert:${name}: gave up delivering ${alert.type} after ${attempts} tries: ${messageOf(error)}`,
          );
        },
      },
      { maxQueued: policy.maxQueued, random: policy.random },
    );
    this.lanes.push({
      name,
      channel,
      route: named.route ?? ALL_ALERTS,
      throttle: new ChannelThrottle(named.rateLimit ?? policy.rateLimit, policy.dedupMs),
      queue,
      digestTimer: undefined,
    });
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
    // Once closed, alerts are still counted and logged, but no channel takes them.
    if (this.closing !== undefined) return;
    const now = this.policy.now();
    this.raisedAt.set(alert, now);
    for (const lane of this.lanes) {
      if (!routes(lane.route, alert)) continue;
      const verdict = lane.throttle.admit(alert, now);
      if (verdict === 'send') {
        lane.queue.push(alert);
        continue;
      }
      this.metrics.alertsSuppressed.inc({ channel: lane.name, reason: verdict });
      lane.digestTimer ??= setTimeout(() => this.sendDigest(lane), this.policy.digestMs).unref();
    }
  }

  /** Queues the digest of what `lane` held back, if anything. */
  private sendDigest(lane: Lane): void {
    clearTimeout(lane.digestTimer);
    lane.digestTimer = undefined;
    const digest = lane.throttle.takeDigest();
    if (digest === undefined) return;
    const now = this.policy.now();
    const alert = digestAlert(digest, lane.name, now - digest.since, this.clock.now());
    this.raisedAt.set(alert, now);
    lane.queue.push(alert);
  }

  /** Sends pending digests and waits until every queue is empty. */
  async flush(): Promise<void> {
    for (const lane of this.lanes) this.sendDigest(lane);
    await Promise.all(this.lanes.map((lane) => lane.queue.idle()));
  }

  /**
   * Tells channels the session is running (see `AlertChannel.start`). A channel that
   * fails to start is logged and keeps delivering alerts.
   */
  async start(): Promise<void> {
    for (const { name, channel } of this.lanes) {
      await Promise.resolve()
        .then(() => channel.start?.())
        .catch((error: unknown) =>
          this.logger.error(
            { event: 'AlertChannelStartFailed', plugin: `alert:${name}`, err: messageOf(error) },
            `alert:${name}: start failed: ${messageOf(error)}`,
          ),
        );
    }
  }

  /**
   * Flushes, waiting at most `closeTimeoutMs` for deliveries (what is still being tried or
   * waiting then is logged and counted as failed), then closes every channel, each within
   * the same time. Later calls return the same promise; alerts raised after are only logged.
   */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    const { closeTimeoutMs } = this.policy;
    if ((await withDeadline(this.flush(), closeTimeoutMs)) === 'late') {
      for (const lane of this.lanes) lane.queue.abandon();
    }
    for (const lane of this.lanes) clearTimeout(lane.digestTimer);
    for (const { name, channel } of this.lanes) {
      const closed = Promise.resolve().then(() => channel.close?.());
      const outcome = await withDeadline(closed, closeTimeoutMs).catch((error: unknown) => error);
      if (outcome === 'done') continue;
      const why = outcome === 'late' ? `no answer within ${closeTimeoutMs} ms` : messageOf(outcome);
      this.logger.warn(
        { event: 'AlertChannelCloseFailed', plugin: `alert:${name}`, err: why },
        `alert:${name}: close failed: ${why}`,
      );
    }
  }
}

function messageOf(error: unknown): string {
  return redactSecrets(error instanceof Error ? error.message : String(error));
}
