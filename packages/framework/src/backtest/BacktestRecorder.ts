/**
 * Collects what a backtest produces: every order's final state, every fill, every
 * closed trade, and the equity curve sampled once per distinct bar time.
 * @module
 */
import type { ExecutionListener } from '../engine/ExecutionEngine.js';
import type { Fill, Order } from '../domain/order.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { ClosedTrade } from '../domain/positionBook.js';

/** The equity curve: parallel arrays of times (UTC ms) and equity values. */
export interface EquityCurve {
  readonly times: Float64Array;
  readonly equity: Float64Array;
}

export class BacktestRecorder implements ExecutionListener {
  readonly orders = new Map<string, Order>();
  readonly fills: Fill[] = [];
  readonly trades: ClosedTrade[] = [];
  private times = new Float64Array(1024);
  private values = new Float64Array(1024);
  private samples = 0;
  private exposedSamples = 0;

  constructor(private readonly portfolio: Portfolio) {}

  onOrder(order: Order): void {
    this.orders.set(order.id, order);
  }

  onFill(fill: Fill, closed: ClosedTrade | undefined): void {
    this.fills.push(fill);
    if (closed) this.trades.push(closed);
  }

  /** Records equity at `time` (called once per distinct bar time). */
  sample(time: number): void {
    if (this.samples === this.times.length) this.grow();
    this.times[this.samples] = time;
    this.values[this.samples] = this.portfolio.equity;
    this.samples++;
    if (this.portfolio.openPositionCount > 0) this.exposedSamples++;
  }

  /** Fraction of sampled times at which any position was open. */
  get exposure(): number {
    return this.samples === 0 ? 0 : this.exposedSamples / this.samples;
  }

  curve(): EquityCurve {
    return { times: this.times.subarray(0, this.samples), equity: this.values.subarray(0, this.samples) };
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    const values = new Float64Array(this.values.length * 2);
    times.set(this.times);
    values.set(this.values);
    this.times = times;
    this.values = values;
  }
}
