/**
 * Sends an order so that it reaches the venue at most once. The engine's order id is
 * the idempotency key. A reply that never came (DEADLINE_EXCEEDED, UNAVAILABLE, a
 * dropped connection) does not say whether the venue got the order, so nothing is
 * re-sent blindly: the venue is asked for the order by its key first. Found, it is
 * accepted; not found, it is sent again with the same key, which the venue would not
 * turn into a second order even if the first one turned up after all. A 30057 (the key
 * is taken) proves the venue has the order, even when its lookup lags behind.
 * @module
 */
import { nanosToQuotation, type Order, toNanos } from '@moex-bot/framework';
import { PriceType } from 'tinkoff-invest-api/cjs/generated/common.js';
import {
  OrderDirection,
  type OrderState,
  OrderType,
  type PostOrderRequest,
  type PostOrderResponse,
  TimeInForceType,
} from 'tinkoff-invest-api/cjs/generated/orders.js';
import { asTinvestError, CircuitOpenError } from '../client/TinvestGateway.js';
import type { RetryPolicy } from '../resilience/retry.js';
import { API_CODES, type TinvestError } from '../resilience/TinvestError.js';
import type { TradingApi } from './TradingApi.js';

/** How a placement ended. */
export type Placement =
  /** The venue answered PostOrder. */
  | { readonly kind: 'placed'; readonly reply: PostOrderResponse }
  /** The reply was lost, and the venue has the order under its key. */
  | { readonly kind: 'found'; readonly state: OrderState }
  /** The venue refused the order, or certainly never got it. */
  | { readonly kind: 'refused'; readonly reason: string; readonly code: string }
  /** The reply was lost and the venue could not be asked: the order may exist. */
  | { readonly kind: 'unknown'; readonly error: TinvestError }
  /** The venue refused the key as taken (30057) but cannot show the order yet: it exists. */
  | { readonly kind: 'acknowledged'; readonly error: TinvestError };

/** The PostOrder request of an engine order; its id is the idempotency key. */
export function postOrderRequest(order: Order, accountId: string): PostOrderRequest {
  if (order.type === 'limit' && order.limitPrice === undefined) {
    throw new Error(`limit order ${order.id} has no limit price`);
  }
  return {
    accountId,
    orderId: order.id,
    instrumentId: order.instrument,
    quantity: order.lots,
    direction:
      order.side === 'buy'
        ? OrderDirection.ORDER_DIRECTION_BUY
        : OrderDirection.ORDER_DIRECTION_SELL,
    orderType: order.type === 'limit' ? OrderType.ORDER_TYPE_LIMIT : OrderType.ORDER_TYPE_MARKET,
    // Exact: the price goes through nanos, never through a float sum of units and nano.
    price: order.type === 'limit' ? nanosToQuotation(toNanos(order.limitPrice!)) : undefined,
    timeInForce: TimeInForceType.TIME_IN_FORCE_DAY,
    priceType: PriceType.PRICE_TYPE_CURRENCY,
  };
}

/** A refusal in words an operator can act on: what the code means, and the venue's text. */
export function refusalReason(error: TinvestError): string {
  const meaning = error.apiCode === undefined ? undefined : API_CODES[error.apiCode];
  const detail = error.detail && error.detail !== meaning ? error.detail : '';
  const text = [meaning, detail].filter(Boolean).join(': ') || error.message;
  return error.trackingId ? `${text} [tracking ${error.trackingId}]` : text;
}

/**
 * Places `request`, sending it at most `1 + resends` times and only after the venue
 * said it does not have it.
 * @example
 * const placement = await placeOrder(trading, postOrderRequest(order, accountId), DEFAULT_RETRY);
 */
export async function placeOrder(
  trading: TradingApi,
  request: PostOrderRequest,
  retry: RetryPolicy,
  resends = 2,
): Promise<Placement> {
  // A rate-limit refusal was never handled: waiting for the reset and sending again is
  // safe. Any other failure may have placed the order, so it is looked up instead.
  const rateLimitsOnly: RetryPolicy = { ...retry, retryIf: (error) => error.rateLimited };
  for (let sent = 1; ; sent++) {
    let lost: TinvestError;
    try {
      return { kind: 'placed', reply: await trading.postOrder(request, rateLimitsOnly) };
    } catch (thrown) {
      lost = asTinvestError('OrdersService/PostOrder', thrown);
      // The breaker refused to send it at all.
      if (lost instanceof CircuitOpenError) return refused(lost);
      // 30057: the key is taken — by this very order, whose earlier reply was lost.
      if (!lost.transient && lost.apiCode !== 30057) return refused(lost);
    }
    const duplicate = lost.apiCode === 30057;
    let state: OrderState | undefined;
    try {
      state = await trading.orderByKey(request.accountId, request.orderId);
    } catch (thrown) {
      const error = asTinvestError('OrdersService/GetOrderState', thrown);
      return duplicate ? { kind: 'acknowledged', error: lost } : { kind: 'unknown', error };
    }
    if (state !== undefined) return { kind: 'found', state };
    // The venue has the order but its lookup lags: sending again would only repeat the
    // 30057, and counting the order as not received would lose its executions.
    if (duplicate) return { kind: 'acknowledged', error: lost };
    if (sent > resends) {
      return {
        kind: 'refused',
        reason: `the venue did not receive the order in ${sent} attempts (${refusalReason(lost)})`,
        code: lost.code,
      };
    }
  }
}

function refused(error: TinvestError): Placement {
  return { kind: 'refused', reason: refusalReason(error), code: error.code };
}
