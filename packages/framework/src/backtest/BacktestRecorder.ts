/**
 * Collects what a backtest produces: every order's final state, every fill, every
 * closed trade, the equity curve sampled once per distinct bar time, and display
 * candles of the bars for a report.
 * @module
 */

import type { Bar } from '../domain/bar.js';
import type { Fill, Order } from '../domain/order.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { ClosedTrade } from '../domain/positionBook.js';
import type { ExecutionListener } from '../engine/ExecutionEngine.js';
import { DisplayCandles } from '../results/DisplayCandles.js';

/** The equity curve: parallel arrays of times (UTC ms) and equity values. */
export interface EquityCurve {
  readonly times: Float64Array;
  readonly equity: Float64Array;
}

export class BacktestRecorder implements ExecutionListener {
  /** Every order, in creation order; each object is updated in place as it changes state. */
  readonly orders: Order[] = [];
  readonly fills: Fill[] = [];
  readonly trades: ClosedTrade[] = [];
  /**
   * Candles of the bars driven, in bounded memory (about 256 KB per instrument). The
   * driver adds each bar right after the engine has seen it.
   */
  readonly candles = new DisplayCandles();
  private times: Float64Array;
  private values: Float64Array;
  private samples = 0;
  private exposedSamples = 0;

  /** `expectedSamples`: distinct bar times expected (the feed's bar count is an upper bound). */
  constructor(
    private readonly portfolio: Portfolio,
    expectedSamples = 1024,
  ) {
    this.times = new Float64Array(Math.max(16, expectedSamples));
    this.values = new Float64Array(Math.max(16, expectedSamples));
  }

  /** Sizes the buffers for `samples` points up front (before the first sample). */
  reserve(samples: number): void {
    if (this.samples > 0 || samples <= this.times.length) return;
    this.times = new Float64Array(samples);
    this.values = new Float64Array(samples);
  }

  onOrder(order: Order): void {
    if (order.status === 'new') this.orders.push(order);
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

  /**
   * `sample(bar.time)`, for the driver's per-bar loop: handing over the bar rather than
   * its time keeps V8 from boxing the time into a fresh heap number on every call.
   */
  sampleAt(bar: Bar): void {
    if (this.samples === this.times.length) this.grow();
    this.times[this.samples] = bar.time;
    this.values[this.samples] = this.portfolio.equity;
    this.samples++;
    if (this.portfolio.openPositionCount > 0) this.exposedSamples++;
  }

  /** Fraction of sampled times at which any position was open. */
  get exposure(): number {
    return this.samples === 0 ? 0 : this.exposedSamples / this.samples;
  }

  curve(): EquityCurve {
    return {
      times: this.times.subarray(0, this.samples),
      equity: this.values.subarray(0, this.samples),
    };
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
