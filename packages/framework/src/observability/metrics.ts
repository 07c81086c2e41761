/**
 * The run's Prometheus metrics. Each run owns its registry, so parallel runs and
 * tests never share counters. Hot-path figures (bars) are plain numbers read at
 * scrape time, because a prom-client `inc()` per bar would cost more than the bar.
 * @module
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One label value's count. */
interface TallyCell {
  readonly label: string;
  count: number;
}

/** The counts of one single-label counter, and the cell counted last. */
interface Tally {
  /** The metrics object the counter belongs to: counting another run's counter is a bug. */
  readonly owner: EngineMetrics;
  readonly cells: Map<string, TallyCell>;
  last: TallyCell | undefined;
}

/**
 * Where a tallied counter keeps its tally: on the counter itself, so that `count()` (three
 * times per order) finds it with a property load rather than a Map lookup.
 */
const TALLY = Symbol('moexbot.tally');

type TalliedCounter = Counter<string> & { [TALLY]?: Tally };

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
  readonly alertsSuppressed: Counter<'channel' | 'reason'>;
  readonly alertDeliveries: Counter<'channel' | 'outcome'>;
  readonly alertRetries: Counter<'channel'>;
  readonly alertDeliverySeconds: Histogram<'channel'>;
  readonly anomalies: Counter<'detector'>;
  /** Bars processed; incremented as a plain number by the engine. */
  barsProcessed = 0;

  constructor(registry: Registry = new Registry()) {
    this.registry = registry;
    const registers = [registry];
    this.ordersSubmitted = this.tallied(
      'moexbot_orders_submitted_total',
      'Orders sent to the broker after passing risk checks',
      'strategy',
      registers,
    );
    this.ordersFilled = this.tallied(
      'moexbot_orders_filled_total',
      'Orders completely filled',
      'strategy',
      registers,
    );
    this.ordersRejected = this.tallied(
      'moexbot_orders_rejected_total',
      'Orders rejected by the broker',
      'strategy',
      registers,
    );
    this.ordersCancelled = this.tallied(
      'moexbot_orders_cancelled_total',
      'Orders cancelled',
      'strategy',
      registers,
    );
    this.fills = this.tallied(
      'moexbot_fills_total',
      'Executions (an order may fill in several)',
      'strategy',
      registers,
    );
    this.executionFailures = this.tallied(
      'moexbot_execution_failures_total',
      'Broker calls that threw or failed (submit or cancel)',
      'broker',
      registers,
    );
    this.riskDenials = this.tallied(
      'moexbot_risk_denials_total',
      'Order intents denied by a risk rule, by rule code',
      'rule',
      registers,
    );
    this.riskResizes = this.tallied(
      'moexbot_risk_resizes_total',
      'Order intents made smaller by a risk rule, by rule code',
      'rule',
      registers,
    );
    this.tradingHalts = this.tallied(
      'moexbot_trading_halts_total',
      'Times trading was put into the halted state, by reason code',
      'reason',
      registers,
    );
    this.strategyFailures = this.tallied(
      'moexbot_strategy_failures_total',
      'Strategies that threw and were stopped',
      'strategy',
      registers,
    );
    this.alertsRaised = new Counter({
      name: 'moexbot_alerts_raised_total',
      help: 'Alerts raised, by severity and type',
      labelNames: ['severity', 'type'],
      registers,
    });
    this.alertsSuppressed = new Counter({
      name: 'moexbot_alerts_suppressed_total',
      help: 'Alerts a channel held back for its digest, as repeats or over its rate limit',
      labelNames: ['channel', 'reason'],
      registers,
    });
    this.alertDeliveries = new Counter({
      name: 'moexbot_alert_deliveries_total',
      help: 'Alert deliveries by channel: delivered, or failed after retries or for good',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    this.alertRetries = new Counter({
      name: 'moexbot_alert_retries_total',
      help: 'Alert deliveries tried again after a failure, by channel',
      labelNames: ['channel'],
      registers,
    });
    this.alertDeliverySeconds = new Histogram({
      name: 'moexbot_alert_delivery_seconds',
      help: 'From an alert raised to its delivery by a channel, retries included',
      labelNames: ['channel'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    });
    this.anomalies = new Counter({
      name: 'moexbot_anomalies_total',
      help: 'Anomalies found by the streaming detectors, by detector',
      labelNames: ['detector'],
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

  /**
   * Adds one to a single-label counter. The order path only bumps a number: prom-client
   * hashes the label set on every `inc`, even through a labelled child, and the counters
   * read the tallies when they are collected. Each tally remembers its last label, which
   * on the order path is nearly always the one counted next (one strategy, one broker).
   */
  count(counter: Counter<string>, label: string): void {
    const tally = (counter as TalliedCounter)[TALLY];
    if (tally === undefined || tally.owner !== this)
      throw new Error(`counter ${String(counter)} is not one of this run's`);
    const last = tally.last;
    if (last !== undefined && last.label === label) {
      last.count++;
      return;
    }
    let cell = tally.cells.get(label);
    if (cell === undefined) {
      cell = { label, count: 0 };
      tally.cells.set(label, cell);
    }
    cell.count++;
    tally.last = cell;
  }

  /** The sum over all labels of a counter counted with `count()`, read without collecting. */
  total(counter: Counter<string>): number {
    const tally = (counter as TalliedCounter)[TALLY];
    if (tally === undefined || tally.owner !== this)
      throw new Error(`counter ${String(counter)} is not one of this run's`);
    let sum = 0;
    for (const cell of tally.cells.values()) sum += cell.count;
    return sum;
  }

  /** A counter with one label whose values come from `count()`. */
  private tallied<L extends string>(
    name: string,
    help: string,
    label: L,
    registers: Registry[],
  ): Counter<L> {
    const tally: Tally = { owner: this, cells: new Map(), last: undefined };
    const counter = new Counter<L>({
      name,
      help,
      labelNames: [label],
      registers,
      collect() {
        this.reset();
        for (const cell of tally.cells.values())
          this.inc({ [label]: cell.label } as Partial<Record<L, string>>, cell.count);
      },
    });
    (counter as TalliedCounter)[TALLY] = tally;
    return counter;
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
