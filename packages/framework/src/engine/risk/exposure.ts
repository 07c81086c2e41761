/**
 * Worst-case exposure projection. Every instrument is valued at its OWN last
 * price (never the price of the instrument being evaluated), and open orders count
 * as if the ones in the worse direction all fill.
 * @module
 */
import type { Side } from '../../domain/order.js';
import type { Portfolio } from '../../domain/portfolio.js';
import type { OrderTracker } from '../OrderTracker.js';

/** Position and open orders of one instrument, in lots. */
export interface LotsPicture {
  readonly position: number;
  /** Lots still to fill on open buy orders (≥ 0). */
  readonly pendingBuy: number;
  /** Lots still to fill on open sell orders (≥ 0). */
  readonly pendingSell: number;
}

/** Reads the lots picture of an instrument. */
export function lotsPicture(
  portfolio: Portfolio,
  orders: OrderTracker,
  instrument: string,
): LotsPicture {
  const book = portfolio.book(instrument);
  const pending = orders.pendingBySide(instrument);
  return {
    position: book.quantity / book.instrument.lot,
    pendingBuy: pending.buy,
    pendingSell: pending.sell,
  };
}

/** Largest |position| in lots that could result if any subset of open orders fills, plus `extra`. */
export function worstCaseLots(
  p: LotsPicture,
  side: Side | undefined = undefined,
  extra = 0,
): number {
  const buy = p.pendingBuy + (side === 'buy' ? extra : 0);
  const sell = p.pendingSell + (side === 'sell' ? extra : 0);
  return Math.max(Math.abs(p.position + buy), Math.abs(p.position - sell));
}

/**
 * Worst-case gross exposure of all instruments except `skip`, in money, each at
 * its own last price: instruments with a position, then those with only open orders.
 */
export function grossExposureExcept(
  portfolio: Portfolio,
  orders: OrderTracker,
  skip: string,
): number {
  let total = 0;
  for (const book of portfolio.openBooks()) {
    const uid = book.instrument.uid;
    if (uid === skip) continue;
    total += worstCaseLots(lotsPicture(portfolio, orders, uid)) * book.instrument.lot * book.last;
  }
  for (const [uid, pending] of orders.pendingInstruments()) {
    if (uid === skip || (pending.buy === 0 && pending.sell === 0)) continue;
    const book = portfolio.book(uid);
    if (book.quantity !== 0) continue; // counted above
    total += Math.max(pending.buy, pending.sell) * book.instrument.lot * book.last;
  }
  return total;
}

/**
 * The largest whole number of lots in [0, wanted] whose projected exposure,
 * `offset + worstCaseLots(picture, side, lots) × lotValue`, stays within `limit`, or
 * does not grow when it is already over. That value is convex in lots (|a + lots| times
 * a price, plus a constant), so the feasible set is an interval starting at 0 and a
 * binary search finds its end.
 */
export function largestFeasibleLots(
  wanted: number,
  limit: number,
  picture: LotsPicture,
  side: Side,
  lotValue: number,
  offset = 0,
): number {
  const exposureAt = (lots: number) => offset + worstCaseLots(picture, side, lots) * lotValue;
  const ceiling = Math.max(limit, exposureAt(0));
  if (exposureAt(wanted) <= ceiling) return wanted;
  let low = 0;
  let high = wanted;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (exposureAt(middle) <= ceiling) low = middle;
    else high = middle;
  }
  return low;
}
