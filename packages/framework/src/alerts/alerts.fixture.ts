/**
 * Helpers for alert router tests: a router with a controllable wall clock, and a
 * channel that records what it is sent and fails as scripted.
 * @module
 */
import type { Alert } from '../contracts/alert.js';
import type { AlertChannel } from '../contracts/define.js';
import { SimulatedClock } from '../engine/SimulatedClock.js';
import { silentLogger } from '../observability/logger.js';
import { EngineMetrics } from '../observability/metrics.js';
import { type AlertPolicy, AlertRouter } from './AlertRouter.js';

/** A channel that records deliveries; `fail` decides per attempt whether to throw. */
export class RecordingChannel implements AlertChannel {
  readonly delivered: Alert[] = [];
  /** Every call, failed ones included, with its wall time. */
  readonly attempts: { alert: Alert; at: number }[] = [];
  constructor(
    private readonly fail: (attempt: number, alert: Alert) => Error | undefined = () => undefined,
  ) {}

  async send(alert: Alert): Promise<void> {
    this.attempts.push({ alert, at: performance.now() });
    const error = this.fail(this.attempts.filter((a) => a.alert === alert).length, alert);
    if (error) throw error;
    this.delivered.push(alert);
  }

  /** Delivered alerts that are not digests. */
  get messages(): Alert[] {
    return this.delivered.filter((a) => a.type !== 'alerts.digest');
  }

  get digests(): Alert[] {
    return this.delivered.filter((a) => a.type === 'alerts.digest');
  }
}

/** A router whose wall time is `wall.now` (ms), read by rate limits and latency. */
export function testRouter(policy: Partial<AlertPolicy> = {}) {
  const wall = { now: 0 };
  const metrics = new EngineMetrics();
  const router = new AlertRouter(new SimulatedClock(0), silentLogger(), metrics);
  router.configure({ now: () => wall.now, random: () => 0.5, ...policy });
  return { router, wall, metrics };
}
