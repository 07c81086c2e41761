/**
 * The metrics only a live session has: venue request latency by method, rate-limit
 * waits, stream reconnects, reconciliation mismatches and the signal-to-order latency
 * (a completed bar in, the order handed to the broker). They share the engine's
 * registry, so `/metrics` shows both.
 * @module
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { TradingStateName } from '../contracts/services.js';
import type { VenueMetrics } from '../contracts/venue.js';

/** Buckets from 50 µs to 10 s: a decision takes microseconds, a venue call milliseconds. */
const LATENCY_BUCKETS = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
  5, 10,
];

/** What the session gauges read when Prometheus scrapes. */
export interface SessionReadings {
  equity(): number;
  cash(): number;
  trading(): TradingStateName;
  /** Whether some instrument is in a trading session now. */
  marketOpen(): boolean;
  /** Wall ms the last live bar was received (the session start before the first). */
  lastBarAt(): number;
}

const TRADING_STATES: readonly TradingStateName[] = ['active', 'reducing', 'halted'];

export class LiveMetrics implements VenueMetrics {
  readonly brokerRequests: Histogram<'method' | 'outcome'>;
  readonly rateLimitWaits: Histogram<'method'>;
  readonly streamReconnects: Counter<'stream'>;
  readonly streamStateChanges: Counter<'state'>;
  readonly reconciliationMismatches: Counter<'kind'>;
  readonly signalToOrder: Histogram;
  readonly orderAck: Histogram<'outcome'>;
  readonly ready: Gauge;
  private readings: SessionReadings | undefined;

  constructor(registry: Registry) {
    const registers = [registry];
    this.brokerRequests = new Histogram({
      name: 'moexbot_broker_request_seconds',
      help: 'Latency of venue requests by method and outcome (after retries)',
      labelNames: ['method', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.rateLimitWaits = new Histogram({
      name: 'moexbot_rate_limit_wait_seconds',
      help: 'Time requests waited for the client-side rate limiter, by method',
      labelNames: ['method'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.streamReconnects = new Counter({
      name: 'moexbot_stream_reconnects_total',
      help: 'Venue streams re-established after a drop, by stream',
      labelNames: ['stream'],
      registers,
    });
    this.streamStateChanges = new Counter({
      name: 'moexbot_stream_state_changes_total',
      help: 'Market-data stream going down or coming back',
      labelNames: ['state'],
      registers,
    });
    this.reconciliationMismatches = new Counter({
      name: 'moexbot_reconciliation_mismatches_total',
      help: 'Differences between the state store and the venue found at start, by kind',
      labelNames: ['kind'],
      registers,
    });
    this.signalToOrder = new Histogram({
      name: 'moexbot_signal_to_order_seconds',
      help: 'From a completed bar reaching the engine to its order handed to the broker',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.orderAck = new Histogram({
      name: 'moexbot_order_ack_seconds',
      help: 'From an order handed to the broker to its acknowledgement (accepted or rejected)',
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.ready = new Gauge({
      name: 'moexbot_ready',
      help: '1 when every readiness check passes (market-data stream up, bars fresh, state writable)',
      registers,
    });
    const live = this;
    new Gauge({
      name: 'moexbot_market_data_last_bar_timestamp_seconds',
      help: 'Wall time (unix seconds) the last live bar was received',
      registers,
      collect() {
        if (live.readings) this.set(live.readings.lastBarAt() / 1000);
      },
    });
    new Gauge({
      name: 'moexbot_market_open',
      help: '1 while at least one configured instrument is in a trading session',
      registers,
      collect() {
        if (live.readings) this.set(live.readings.marketOpen() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'moexbot_trading_state',
      help: 'Trading state of the risk gate: 1 for the current state',
      labelNames: ['state'],
      registers,
      collect() {
        if (!live.readings) return;
        const current = live.readings.trading();
        for (const state of TRADING_STATES) this.set({ state }, state === current ? 1 : 0);
      },
    });
    new Gauge({
      name: 'moexbot_equity_rub',
      help: 'Equity of the account: cash plus positions at their last prices, RUB',
      registers,
      collect() {
        if (live.readings) this.set(live.readings.equity());
      },
    });
    new Gauge({
      name: 'moexbot_cash_rub',
      help: 'Cash of the account, RUB',
      registers,
      collect() {
        if (live.readings) this.set(live.readings.cash());
      },
    });
  }

  /** Lets the session gauges read the running session. */
  bind(readings: SessionReadings): void {
    this.readings = readings;
  }

  request(method: string, seconds: number, outcome: 'ok' | 'error'): void {
    this.brokerRequests.observe({ method, outcome }, seconds);
  }

  rateLimitWait(method: string, seconds: number): void {
    this.rateLimitWaits.observe({ method }, seconds);
  }

  streamReconnect(stream: string): void {
    this.streamReconnects.inc({ stream });
  }
}
