/**
 * What a live session watches besides orders: anomalies in order round-trip latency,
 * in the rejection rate and in P&L per bar interval; bursts of risk denials; and the
 * daily summary. Each raises an alert; an anomaly names the value and its baseline.
 * @module
 */
import { pnlText, rubText } from '../alerts/formatAlert.js';
import type { AlertingConfig } from '../config/schema.js';
import type { AlertSink } from '../contracts/alert.js';
import type { CancelTimer, Clock } from '../contracts/services.js';
import type { Engine } from '../engine/Engine.js';
import { formatMoscowDate, MINUTE_MS, moscowDay, moscowDayStart } from '../market/moscowTime.js';
import { type Anomaly, AnomalyDetector } from '../observability/AnomalyDetector.js';
import type { EngineMetrics } from '../observability/metrics.js';

type DetectorName = 'latency' | 'rejections' | 'pnl';

/** Counts of the day so far, for the summary. */
interface DayCounts {
  readonly submitted: number;
  readonly fills: number;
  readonly rejected: number;
  readonly denials: number;
}

export class SessionWatch {
  private readonly detectors: Partial<Record<DetectorName, AnomalyDetector>> = {};
  /** The last `window` acknowledgements, true for a rejection. */
  private readonly outcomes: boolean[] = [];
  private intervalTime: number | undefined;
  private intervalEquity = 0;
  /** Denial totals sampled at bars, oldest first, over the burst window. */
  private readonly denialSamples: { time: number; total: number }[] = [];
  private inBurst = false;
  private dayStart: DayCounts;
  private cancelSummary: CancelTimer | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly alerts: AlertSink,
    private readonly metrics: EngineMetrics,
    private readonly clock: Clock,
    private readonly config: AlertingConfig,
  ) {
    const a = config.anomalies;
    const common = { zScore: a.zScore, warmup: a.warmup, halfLife: a.halfLife };
    if (a.latency.enabled) {
      this.detectors.latency = new AnomalyDetector({
        ...common,
        minChange: a.latency.minChangeMs,
        direction: 'up',
      });
    }
    if (a.rejections.enabled) {
      this.detectors.rejections = new AnomalyDetector({
        ...common,
        minChange: a.rejections.minChange,
        direction: 'up',
      });
    }
    // The P&L floor depends on equity: it is given with each sample.
    if (a.pnl.enabled) {
      this.detectors.pnl = new AnomalyDetector({ ...common, minChange: 0, direction: 'both' });
    }
    this.dayStart = this.counts();
  }

  /** An order's acknowledgement, `seconds` after it was handed to the broker. */
  acknowledged(seconds: number, outcome: 'accepted' | 'rejected'): void {
    const ms = seconds * 1000;
    const latency = this.detectors.latency?.observe(ms);
    if (latency) {
      this.raise('latency', latency, {
        message: `Order round-trip latency ${ms.toFixed(1)} ms, baseline ${latency.baseline.toFixed(1)} ms ± ${latency.deviation.toFixed(1)} ms`,
        unit: 'ms',
      });
    }
    const window = this.config.anomalies.rejections.window;
    this.outcomes.push(outcome === 'rejected');
    if (this.outcomes.length > window) this.outcomes.shift();
    const rate = this.outcomes.filter(Boolean).length / this.outcomes.length;
    const rejections = this.detectors.rejections?.observe(rate);
    if (rejections) {
      this.raise('rejections', rejections, {
        message: `Rejection rate ${(rate * 100).toFixed(0)} % over the last ${this.outcomes.length} orders, baseline ${(rejections.baseline * 100).toFixed(1)} %`,
        unit: 'ratio',
      });
    }
  }

  /** Call after the engine took a live bar. */
  afterBar(barTime: number): void {
    this.sampleInterval(barTime);
    this.watchDenials();
  }

  /** Arms the daily summary at `alerting.dailySummary` Moscow time. */
  start(): void {
    if (this.config.dailySummary === 'off') return;
    const [hours, minutes] = this.config.dailySummary.split(':').map(Number) as [number, number];
    const offset = (hours * 60 + minutes) * MINUTE_MS;
    // The next summary is the first after `after`: counted from the last one's own time, not
    // from `now`, since a timer may fire a millisecond early and would find the same day.
    const arm = (after: number) => {
      let at = moscowDayStart(moscowDay(after)) + offset;
      if (at <= after) at += 24 * 60 * MINUTE_MS;
      this.cancelSummary = this.clock.setTimer(at, () => {
        this.summarise(at);
        arm(at);
      });
    };
    arm(this.clock.now());
  }

  stop(): void {
    this.cancelSummary?.();
    this.cancelSummary = undefined;
  }

  /**
   * Raises the day's summary at `time`: P&L since the start of the Moscow day, and the
   * orders, fills, rejections and denials since the previous summary (or the session
   * start); then starts counting afresh.
   */
  summarise(time: number): void {
    const now = this.counts();
    const pnl = this.engine.portfolio.equity - this.engine.risk.dayStartEquity;
    const day = formatMoscowDate(moscowDay(time));
    const orders = now.submitted - this.dayStart.submitted;
    const fills = now.fills - this.dayStart.fills;
    const rejected = now.rejected - this.dayStart.rejected;
    const denials = now.denials - this.dayStart.denials;
    this.alerts.raise({
      severity: 'info',
      type: 'summary.daily',
      message:
        `Day ${day}: P&L ${Number.isFinite(pnl) ? pnlText(pnl) : 'n/a'}, equity ${rubText(this.engine.portfolio.equity)}, ` +
        `${orders} orders, ${fills} fills, ${rejected} rejected, ${denials} denied by risk, trading ${this.engine.trading.state}`,
      time,
      context: { day, pnl: Number.isFinite(pnl) ? pnl : 0, orders, fills, rejected, denials },
    });
    this.dayStart = now;
  }

  private counts(): DayCounts {
    const m = this.metrics;
    return {
      submitted: m.total(m.ordersSubmitted),
      fills: m.total(m.fills),
      rejected: m.total(m.ordersRejected),
      denials: m.total(m.riskDenials),
    };
  }

  /** At the first bar of a new bar time, the equity change over the interval just ended. */
  private sampleInterval(barTime: number): void {
    if (this.intervalTime !== undefined && barTime <= this.intervalTime) return;
    const equity = this.engine.portfolio.equity;
    const detector = this.detectors.pnl;
    if (this.intervalTime !== undefined && detector) {
      const change = equity - this.intervalEquity;
      const floor = (Math.abs(equity) * this.config.anomalies.pnl.minChangePercent) / 100;
      // The floor moves with equity: a z-score alone would flag a kopeck once the
      // baseline has been flat.
      const anomaly = detector.observe(change, floor);
      if (anomaly) {
        this.raise('pnl', anomaly, {
          message: `P&L per interval ${pnlText(change)}, baseline ${pnlText(anomaly.baseline)} ± ${rubText(anomaly.deviation)}`,
          unit: 'RUB',
        });
      }
    }
    this.intervalTime = barTime;
    this.intervalEquity = equity;
  }

  private watchDenials(): void {
    const { count, windowSeconds } = this.config.denialBurst;
    const now = this.clock.now();
    const total = this.metrics.total(this.metrics.riskDenials);
    this.denialSamples.push({ time: now, total });
    while (
      this.denialSamples.length > 1 &&
      this.denialSamples[0]!.time < now - windowSeconds * 1000
    ) {
      this.denialSamples.shift();
    }
    const inWindow = total - this.denialSamples[0]!.total;
    if (inWindow >= count && !this.inBurst) {
      this.inBurst = true;
      this.alerts.raise({
        severity: 'warning',
        type: 'risk.denial-burst',
        message: `${inWindow} order intents denied by risk rules in the last ${windowSeconds} s`,
        context: { denials: inWindow, windowSeconds },
      });
    } else if (inWindow < count) {
      this.inBurst = false;
    }
  }

  private raise(
    detector: DetectorName,
    anomaly: Anomaly,
    text: { readonly message: string; readonly unit: string },
  ): void {
    this.metrics.anomalies.inc({ detector });
    this.alerts.raise({
      severity: 'warning',
      type: `anomaly.${detector}`,
      message: text.message,
      context: {
        detector,
        value: anomaly.value,
        baseline: anomaly.baseline,
        deviation: anomaly.deviation,
        unit: text.unit,
      },
    });
  }
}
