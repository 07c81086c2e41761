/**
 * The checks a simulated venue runs on an order before accepting it, with the
 * rejection codes it reports. Mirrors what T-Invest refuses synchronously.
 * @module
 */
import { parseDecimal } from '../domain/decimal.js';
import type { Instrument } from '../domain/instrument.js';
import type { Order } from '../domain/order.js';
import { isOnGrid } from '../domain/priceGrid.js';

/**
 * The codes the simulator rejects with. `PRICE_OFF_GRID` mirrors T-Invest 30078,
 * `NOT_ENOUGH_MONEY` 30034.
 */
export type SimRejectCode =
  | 'UNKNOWN_INSTRUMENT'
  | 'INVALID_QUANTITY'
  | 'INVALID_ORDER_TYPE'
  | 'INVALID_PRICE'
  | 'PRICE_OFF_GRID'
  | 'SHORT_NOT_ALLOWED'
  | 'NOT_ENOUGH_MONEY';

/** The verdict on an order: its limit in nanos when valid, or why it is refused. */
export type OrderCheck =
  | { readonly ok: true; readonly limitNanos: bigint }
  | { readonly ok: false; readonly code: SimRejectCode; readonly reason: string };

const refuse = (code: SimRejectCode, reason: string): OrderCheck => ({ ok: false, code, reason });

/** Every valid market order gets this same verdict: nothing to allocate per order. */
const MARKET_OK: OrderCheck = Object.freeze({ ok: true, limitNanos: 0n });

/**
 * Checks quantity, order type and side, and a limit order's price against the
 * instrument's grid (`step` in nanos). Market orders get `limitNanos` 0 and their
 * `limitPrice`, if any, is ignored.
 * @example
 * checkOrder({ ...order, type: 'limit', limitPrice: 100.005 }, sber, stepNanos(0.01));
 * // { ok: false, code: 'PRICE_OFF_GRID', reason: 'price 100.005 is not a multiple of the step 0.01' }
 */
export function checkOrder(order: Order, instrument: Instrument, step: bigint): OrderCheck {
  if (!Number.isSafeInteger(order.lots) || order.lots <= 0) {
    return refuse('INVALID_QUANTITY', `lots must be a positive whole number, got ${order.lots}`);
  }
  const knownType = order.type === 'market' || order.type === 'limit';
  if (!knownType || (order.side !== 'buy' && order.side !== 'sell')) {
    return refuse(
      'INVALID_ORDER_TYPE',
      `unsupported order: ${String(order.side)} ${String(order.type)}`,
    );
  }
  if (order.type === 'market') return MARKET_OK;
  const price = order.limitPrice;
  if (price === undefined || !Number.isFinite(price) || price <= 0) {
    return refuse('INVALID_PRICE', `a limit order needs a positive limitPrice, got ${price}`);
  }
  let nanos: bigint | undefined;
  try {
    // parseDecimal, not toNanos: a 10th decimal must not round its way onto the grid.
    nanos = parseDecimal(String(price));
  } catch {
    nanos = undefined;
  }
  if (nanos === undefined || !isOnGrid(nanos, step)) {
    const text = `price ${price} is not a multiple of the step ${instrument.minPriceIncrement}`;
    return refuse('PRICE_OFF_GRID', text);
  }
  return { ok: true, limitNanos: nanos };
}
