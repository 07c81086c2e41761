/**
 * What the exchange tells its open streams: candles (complete or still forming), last
 * prices, and order executions. Listeners run synchronously, in
 * the exchange's time order.
 * @module
 */
import type { Candle } from './market/candles.js';
import type { Execution, Order } from './trading/Order.js';

/** A minimal typed event. */
export class Signal<T> {
  private readonly listeners = new Set<(event: T) => void>();

  /** Adds a listener; returns the function that removes it. */
  on(listener: (event: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: T): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}

/** A candle of a watched series: complete, or an in-progress update with the same `time`. */
export interface CandleEvent {
  readonly uid: string;
  readonly intervalMs: number;
  readonly candle: Candle;
  readonly complete: boolean;
}

/** A new last price of an instrument. */
export interface LastPriceEvent {
  readonly uid: string;
  readonly price: bigint;
  readonly time: number;
}

/** One execution of an order. */
export interface ExecutionEvent {
  readonly order: Order;
  readonly execution: Execution;
}

/** All exchange events. */
export class ExchangeEvents {
  readonly candle = new Signal<CandleEvent>();
  readonly lastPrice = new Signal<LastPriceEvent>();
  readonly execution = new Signal<ExecutionEvent>();
}
