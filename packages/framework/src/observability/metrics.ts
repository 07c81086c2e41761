/**
 * The run's Prometheus metrics. Each run owns its registry, so parallel runs and
 * tests never share counters. Hot-path figures (bars) are plain numbers read at
 * scrape time, because a prom-client `inc()` per bar would cost more than the bar.
 * @module
 */
import { Counter, Gauge, Registry } from 'prom-client';

/** Every metric the engine records. Names follow `moexbot_<noun>_<unit>`. */
export class EngineMetrics {
  readonly registry: Registry;
  readonly ordersSubmitted: Counter<'strategy'>;
  readonly ordersFilled: Counter<'strategy'>;
  readonly ordersRejected: Counter<'strategy'>;
  readonly ordersCancelled: Counter<'strategy'>;
  readonly fills: Counter<'strategy'>;
  readonly executionFailures: Counter<'broker'>;
  readonly riskDenials: Counter<'rule'>;
  readonly riskResizes: Counter<'rule'>;
  readonly tradingHalts: Counter<'reason'>;
  readonly strategyFailures: Counter<'strategy'>;
  readonly alertsRaised: Counter<'severity' | 'type'>;
  /** Bars processed; incremented as a plain number by the engine. */
  barsProcessed = 0;

  constructor(registry: Registry = new Registry()) {
    this.registry = registry;
    const registers = [registry];
    this.ordersSubmitted = new Counter({
      name: 'moexbot_orders_submitted_total',
      help: 'Orders sent to the broker after passing risk checks',
      labelNames: ['strategy'],
      registers,
    });
    this.ordersFilled = new Counter({
      name: 'moexbot_orders_filled_total',
      help: 'Orders completely filled',
      labelNames: ['strategy'],
      registers,
    });
    this.ordersRejected = new Counter({
      name: 'moexbot_orders_rejected_total',
      help: 'Orders rejected by the broker',
      labelNames: ['strategy'],
      registers,
    });
    this.ordersCancelled = new Counter({
      name: 'moexbot_orders_cancelled_total',
      help: 'Orders cancelled',
      labelNames: ['strategy'],
      registers,
    });
    this.fills = new Counter({
      name: 'moexbot_fills_total',
      help: 'Executions (an order may fill in several)',
      labelNames: ['strategy'],
      registers,
    });
    this.executionFailures = new Counter({
      name: 'moexbot_execution_failures_total',
      help: 'Broker calls that threw or failed (submit or cancel)',
      labelNames: ['broker'],
      registers,
    });
    this.riskDenials = new Counter({
      name: 'moexbot_risk_denials_total',
      help: 'Order intents denied by a risk rule, by rule code',
      labelNames: ['rule'],
      registers,
    });
    this.riskResizes = new Counter({
      name: 'moexbot_risk_resizes_total',
      help: 'Order intents made smaller by a risk rule, by rule code',
      labelNames: ['rule'],
      registers,
    });
    this.tradingHalts = new Counter({
      name: 'moexbot_trading_halts_total',
      help: 'Times trading was put into the halted state, by reason code',
      labelNames: ['reason'],
      registers,
    });
    this.strategyFailures = new Counter({
      name: 'moexbot_strategy_failures_total',
      help: 'Strategies that threw and were stopped',
      labelNames: ['strategy'],
      registers,
    });
    this.alertsRaised = new Counter({
      name: 'moexbot_alerts_raised_total',
      help: 'Alerts raised, by severity and type',
      labelNames: ['severity', 'type'],
      registers,
    });
    const metrics = this;
    new Gauge({
      name: 'moexbot_bars_processed_total',
      help: 'Bars processed by the engine',
      registers,
      collect() {
        this.set(metrics.barsProcessed);
      },
    });
  }

  private readonly children = new Map<Counter<string>, Map<string, Counter.Internal>>();

  /**
   * Adds one to a single-label counter. The labelled child is cached: prom-client
   * hashes the label set on every `inc({ ... })`, which the order path should not pay.
   */
  count(counter: Counter<string>, label: string): void {
    let byLabel = this.children.get(counter);
    if (byLabel === undefined) {
      byLabel = new Map();
      this.children.set(counter, byLabel);
    }
    let child = byLabel.get(label);
    if (child === undefined) {
      child = counter.labels(label);
      byLabel.set(label, child);
    }
    child.inc();
  }

  /** The value of a counter for one label set (0 when never incremented). */
  async value(counter: Counter<string>, labels: Record<string, string> = {}): Promise<number> {
    const { values } = await counter.get();
    const wanted = Object.entries(labels);
    return values
      .filter((v) => wanted.every(([k, l]) => v.labels[k] === l))
      .reduce((sum, v) => sum + v.value, 0);
  }
}
