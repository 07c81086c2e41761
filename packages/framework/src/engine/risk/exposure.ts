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
  return readLotsPicture(
    { position: 0, pendingBuy: 0, pendingSell: 0 },
    portfolio,
    orders,
    instrument,
  );
}

/** A lots picture that can be filled in again, so that a hot path need not allocate one. */
export interface MutableLotsPicture {
  position: number;
  pendingBuy: number;
  pendingSell: number;
}

/** `lotsPicture`, written into `into` (and returned). */
export function readLotsPicture<T extends MutableLotsPicture>(
  into: T,
  portfolio: Portfolio,
  orders: OrderTracker,
  instrument: string,
): T {
  const book = portfolio.book(instrument);
  const pending = orders.pendingBySide(instrument);
  into.position = book.quantity / book.instrument.lot;
  into.pendingBuy = pending.buy;
  into.pendingSell = pending.sell;
  return into;
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
  const open = portfolio.openBookList();
  for (let i = 0; i < open.length; i++) {
    const book = open[i]!;
    const uid = book.instrument.uid;
    if (uid === skip) continue;
    total += worstCaseLots(lotsPicture(portfolio, orders, uid)) * book.instrument.lot * book.last;
  }
  // A list rather than the Map's entries: a Map iterator allocates an entry per step.
  const rows = orders.pendingRows();
  for (let i = 0; i < rows.length; i++) {
    const pending = rows[i]!;
    const uid = pending.instrument;
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
  const ceiling = Math.max(limit, exposureAt(0, picture, side, lotValue, offset));
  if (exposureAt(wanted, picture, side, lotValue, offset) <= ceiling) return wanted;
  let low = 0;
  let high = wanted;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (exposureAt(middle, picture, side, lotValue, offset) <= ceiling) low = middle;
    else high = middle;
  }
  return low;
}

/** Projected exposure with `lots` more on `side` (a function, not a closure: no allocation per order). */
function exposureAt(
  lots: number,
  picture: LotsPicture,
  side: Side,
  lotValue: number,
  offset: number,
): number {
  return offset + worstCaseLots(picture, side, lots) * lotValue;
}
