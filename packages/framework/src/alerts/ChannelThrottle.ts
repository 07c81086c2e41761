/**
 * What one alert channel may send, decided alert by alert: repeats inside the dedup
 * window, and alerts beyond the channel's rate, are not sent but counted for a digest.
 * Pure state over explicit times, so that properties can be checked over any burst.
 *
 * Two limits apply. A token bucket (`burst` tokens, refilled at `perMinute`) smooths
 * ordinary alerts; a sliding one-minute window of `perMinute` sends is the hard limit no
 * alert passes, not even a critical one. (The digest of what was held back is not an
 * alert of its own: the router sends at most one per digest interval on top.) Critical alerts skip deduplication and the
 * bucket: an operator must hear of each halt, but a failure loop must still not flood
 * a phone.
 * @module
 */
import type { Alert, AlertSeverity } from '../contracts/alert.js';
import { atLeast } from './routing.js';

/** A channel's rate limit. */
export interface RateLimit {
  /** Hard limit: sends in any 60 s, and the bucket's refill rate. */
  readonly perMinute: number;
  /** Ordinary alerts sent back to back before the refill rate applies. */
  readonly burst: number;
}

/** Why an alert was not sent. */
export type SuppressReason = 'duplicate' | 'rate-limit';

/** What to do with an alert. */
export type Verdict = 'send' | SuppressReason;

/** Alerts of one type held back since the last digest. */
export interface SuppressedGroup {
  readonly type: string;
  /** The most severe of them. */
  severity: AlertSeverity;
  count: number;
  /** The first one's message, as a sample. */
  readonly sample: string;
}

/** What was held back between two digests. */
export interface Digest {
  readonly total: number;
  readonly since: number;
  readonly groups: readonly SuppressedGroup[];
}

const MINUTE = 60_000;

export class ChannelThrottle {
  private tokens: number;
  private refilledAt: number | undefined;
  /** Times of the sends in the last minute, oldest first. */
  private readonly sends: number[] = [];
  /** When each alert key was last sent. */
  private readonly lastSent = new Map<string, number>();
  private readonly held = new Map<string, SuppressedGroup>();
  private heldTotal = 0;
  private heldSince = 0;

  constructor(
    private readonly limit: RateLimit,
    private readonly dedupMs: number,
  ) {
    if (!(limit.perMinute >= 1 && limit.burst >= 1)) {
      throw new RangeError(
        `rate limit needs perMinute and burst ≥ 1, got ${JSON.stringify(limit)}`,
      );
    }
    this.tokens = Math.min(limit.burst, limit.perMinute);
  }

  /** Decides on `alert` at `now` and books it: a send spends capacity, anything else is held. */
  admit(alert: Alert, now: number): Verdict {
    const verdict = this.judge(alert, now);
    if (verdict === 'send') {
      this.sends.push(now);
      if (alert.severity !== 'critical') this.tokens -= 1;
      this.lastSent.set(keyOf(alert), now);
    } else {
      this.hold(alert, now);
    }
    return verdict;
  }

  /** Alerts held back so far (since the last {@link takeDigest}). */
  get pending(): number {
    return this.heldTotal;
  }

  /** Hands over what was held back and starts counting afresh; undefined when nothing was. */
  takeDigest(): Digest | undefined {
    if (this.heldTotal === 0) return undefined;
    const digest: Digest = {
      total: this.heldTotal,
      since: this.heldSince,
      groups: [...this.held.values()].sort((a, b) => b.count - a.count),
    };
    this.held.clear();
    this.heldTotal = 0;
    return digest;
  }

  private judge(alert: Alert, now: number): Verdict {
    this.refill(now);
    while (this.sends.length > 0 && this.sends[0]! <= now - MINUTE) this.sends.shift();
    const critical = alert.severity === 'critical';
    if (!critical) {
      const last = this.lastSent.get(keyOf(alert));
      if (last !== undefined && now - last < this.dedupMs) return 'duplicate';
      if (this.tokens < 1) return 'rate-limit';
    }
    if (this.sends.length >= this.limit.perMinute) return 'rate-limit';
    return 'send';
  }

  private refill(now: number): void {
    if (this.refilledAt !== undefined && now > this.refilledAt) {
      const burst = Math.min(this.limit.burst, this.limit.perMinute);
      this.tokens = Math.min(
        burst,
        this.tokens + ((now - this.refilledAt) * this.limit.perMinute) / MINUTE,
      );
    }
    if (this.refilledAt === undefined || now > this.refilledAt) this.refilledAt = now;
    // Keys outside the window can no longer suppress anything: keep the map small.
    if (this.lastSent.size > 1_000) {
      for (const [key, at] of this.lastSent)
        if (now - at >= this.dedupMs) this.lastSent.delete(key);
    }
  }

  private hold(alert: Alert, now: number): void {
    if (this.heldTotal === 0) this.heldSince = now;
    this.heldTotal += 1;
    const group = this.held.get(alert.type);
    if (group === undefined) {
      this.held.set(alert.type, {
        type: alert.type,
        severity: alert.severity,
        count: 1,
        sample: alert.message,
      });
      return;
    }
    group.count += 1;
    if (!atLeast(group.severity, alert.severity)) group.severity = alert.severity;
  }
}

/** Alerts are repeats when type, severity and message agree. */
function keyOf(alert: Alert): string {
  return `${alert.severity}\u0000${alert.type}\u0000${alert.message}`;
}

/**
 * The digest as an alert of its own: the most severe held back, counts by type.
 * `heldForMs` is how long the digest covers; `time` stamps the alert (the run's clock).
 */
export function digestAlert(
  digest: Digest,
  channel: string,
  heldForMs: number,
  time: number,
): Alert {
  const severity = digest.groups.reduce<AlertSeverity>(
    (worst, group) => (atLeast(worst, group.severity) ? worst : group.severity),
    'info',
  );
  const seconds = Math.max(1, Math.round(heldForMs / 1000));
  const lines = digest.groups.map(
    (group) => `${group.count}× ${group.type} (${group.severity}), e.g. "${group.sample}"`,
  );
  return {
    severity,
    type: 'alerts.digest',
    message: `${digest.total} alerts held back in the last ${seconds} s:\n${lines.join('\n')}`,
    time,
    context: { suppressed: digest.total, channel },
  };
}
