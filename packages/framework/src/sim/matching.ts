/**
 * How a resting order meets a bar: the execution price of market and limit orders
 * and the volume a bar can absorb. Pure functions, so the rules can be read and
 * tested apart from the broker's bookkeeping.
 * @module
 */
import type { Bar } from '../domain/bar.js';
import { MAX_SAFE_NANOS, nanosOf, toNanos } from '../domain/decimal.js';
import type { OrderType, Side } from '../domain/order.js';
import { roundToStep, roundToStepNumber } from '../domain/priceGrid.js';
import { type SlippageModel, slipNanos, slipNanosNumber } from './slippage.js';

/**
 * When a bar fills a limit order. `through`: the bar traded beyond the limit
 * (`low < limit` for buys), so the queue ahead at the limit was surely worked off.
 * `touch`: reaching the limit is enough, which is optimistic for thin papers.
 */
export type LimitFill = 'through' | 'touch';

/** What the matcher needs to know about one order. */
export interface MatchRequest {
  readonly side: Side;
  readonly type: OrderType;
  /** The limit price as given (ignored for market orders). */
  readonly limitPrice: number;
  /** The same limit in nanos, on the grid. */
  readonly limitNanos: bigint;
}

/** The rules a broker matches with, fixed when it is built. */
export interface MatchRules {
  readonly step: bigint;
  readonly slippage: SlippageModel;
  readonly limitFill: LimitFill;
}

/**
 * The price in nanos at which an order executes on `bar`, or `undefined` when the bar
 * does not reach it. Market orders take the open moved by slippage. A limit buy fills
 * at `min(open, limit)` (a gap below the limit fills at the better open) and a limit
 * sell at `max(open, limit)`; limit fills carry no slippage, since the limit caps the
 * price anyway and a gap already gives the open. Prices are always on the grid.
 * @example
 * const rules = { step: stepNanos(0.01), slippage: 'none', limitFill: 'through' } as const;
 * const buy = { side: 'buy', type: 'limit', limitPrice: 99.5, limitNanos: toNanos(99.5) } as const;
 * executionPrice(buy, { ...bar, open: 100, low: 99.4 }, rules); // 99.5 in nanos
 */
export function executionPrice(
  request: MatchRequest,
  bar: Bar,
  rules: MatchRules,
): bigint | undefined {
  const buy = request.side === 'buy';
  if (request.type === 'market')
    return slipNanos(toNanos(bar.open), request.side, rules.slippage, rules.step);
  // Comparing the doubles is exact enough: rounding to the nearest double is monotone,
  // and distinct prices of at most 9 decimals below 9 million never share a double.
  const limit = request.limitPrice;
  const touch = rules.limitFill === 'touch';
  if (buy) {
    if (!(touch ? bar.low <= limit : bar.low < limit)) return undefined;
    if (bar.open >= limit) return request.limitNanos;
    // The open gapped below the limit: fill there, brought onto the grid against the trader,
    // which cannot pass the limit because the limit is itself on the grid.
    return roundToStep(toNanos(bar.open), rules.step, 'up');
  }
  if (!(touch ? bar.high >= limit : bar.high > limit)) return undefined;
  if (bar.open <= limit) return request.limitNanos;
  return roundToStep(toNanos(bar.open), rules.step, 'down');
}

/**
 * `executionPrice` as a number of nanos, for the simulator's fill path: the same price,
 * or `undefined` when the bar does not reach the order. `limit` and `step` are the
 * request's `limitNanos` and the rules' `step` as numbers (NaN when not safe integers).
 * Computed in numbers when every value is a safe integer (the helpers it calls return
 * NaN otherwise), else through `executionPrice`; NaN only when the price itself is
 * beyond 2^53 nanos, and the caller then uses `executionPrice`.
 */
export function executionNanos(
  request: MatchRequest,
  limit: number,
  bar: Bar,
  rules: MatchRules,
  step: number,
): number | undefined {
  let price: number;
  if (request.type === 'market') {
    price = slipNanosNumber(nanosOf(bar.open), request.side, rules.slippage, step);
  } else {
    // The same tests as `executionPrice`, on the same doubles.
    const touch = rules.limitFill === 'touch';
    const at = request.limitPrice;
    if (request.side === 'buy') {
      if (!(touch ? bar.low <= at : bar.low < at)) return undefined;
      price = bar.open >= at ? limit : roundToStepNumber(nanosOf(bar.open), step, 'up');
    } else {
      if (!(touch ? bar.high >= at : bar.high > at)) return undefined;
      price = bar.open <= at ? limit : roundToStepNumber(nanosOf(bar.open), step, 'down');
    }
  }
  if (!Number.isNaN(price)) return price;
  const exact = executionPrice(request, bar, rules);
  if (exact === undefined) return undefined;
  return exact <= BigInt(MAX_SAFE_NANOS) ? Number(exact) : Number.NaN;
}

/**
 * Lots a bar can give to simulated orders: `floor(volume × participation)`, or no cap
 * when participation is not set. The tiny epsilon keeps `0.29 × 100` from flooring to 28.
 * @example
 * barCapacity({ ...bar, volume: 250 }, 0.1); // 25
 */
export function barCapacity(bar: Bar, participation: number | undefined): number {
  if (participation === undefined) return Number.POSITIVE_INFINITY;
  return Math.max(0, Math.floor(bar.volume * participation + 1e-9));
}
