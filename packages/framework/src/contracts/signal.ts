/**
 * Signals are what a strategy returns from `onBar`: a target position or an
 * explicit order. The host turns them into order intents and runs them through risk.
 * @module
 */
import type { OrderType, Side } from '../domain/order.js';

/** Hold this many lots (negative: short), or this signed fraction of equity. */
export interface TargetSignal {
  readonly kind: 'target';
  readonly instrument: string;
  /** Target position in whole lots (signed). Exactly one of `lots` and `fraction`. */
  readonly lots?: number;
  /** Target position value as a signed fraction of equity, e.g. 0.25. */
  readonly fraction?: number;
}

/** Send exactly this order. */
export interface OrderSignal {
  readonly kind: 'order';
  readonly instrument: string;
  readonly side: Side;
  /** Whole lots, > 0. */
  readonly lots: number;
  readonly type: OrderType;
  /** Required for limit orders; must sit on the price grid. */
  readonly limitPrice?: number;
}

export type Signal = TargetSignal | OrderSignal;

/** What `onBar` may return. */
// biome-ignore lint/suspicious/noConfusingVoidType: an onBar that returns nothing on a path is written as a plain function.
export type SignalOutput = Signal | readonly Signal[] | undefined | void;

/**
 * Signal constructors.
 * @example
 * return signals.targetLots('SBER', 5);
 * return signals.buy('GAZP', 2, { limitPrice: 120.5 });
 */
export const signals = {
  targetLots: (instrument: string, lots: number): TargetSignal => ({
    kind: 'target',
    instrument,
    lots,
  }),
  targetFraction: (instrument: string, fraction: number): TargetSignal => ({
    kind: 'target',
    instrument,
    fraction,
  }),
  flat: (instrument: string): TargetSignal => ({ kind: 'target', instrument, lots: 0 }),
  buy: (instrument: string, lots: number, options: { limitPrice?: number } = {}): OrderSignal =>
    orderSignal(instrument, 'buy', lots, options.limitPrice),
  sell: (instrument: string, lots: number, options: { limitPrice?: number } = {}): OrderSignal =>
    orderSignal(instrument, 'sell', lots, options.limitPrice),
} as const;

function orderSignal(
  instrument: string,
  side: Side,
  lots: number,
  limitPrice: number | undefined,
): OrderSignal {
  return limitPrice === undefined
    ? { kind: 'order', instrument, side, lots, type: 'market' }
    : { kind: 'order', instrument, side, lots, type: 'limit', limitPrice };
}
