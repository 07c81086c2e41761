/**
 * Orders as plain snapshots for test assertions: decimal text instead of nanos, no live
 * references into the exchange.
 * @module
 */
import { formatNanos } from '../decimal.js';
import type { Order } from './Order.js';

/** One execution of an order, for assertions. */
export interface ExecutionSnapshot {
  readonly tradeId: string;
  readonly time: number;
  /** Price per piece, decimal text. */
  readonly price: string;
  readonly lots: number;
  readonly pieces: number;
  readonly commission: string;
}

/** An order as the exchange holds it, for assertions. */
export interface OrderSnapshot {
  readonly orderId: string;
  readonly orderRequestId: string;
  readonly accountId: string;
  readonly instrumentUid: string;
  readonly side: 'buy' | 'sell';
  readonly kind: 'limit' | 'market';
  readonly status: Order['status'];
  readonly lotsRequested: number;
  readonly lotsExecuted: number;
  readonly executions: readonly ExecutionSnapshot[];
}

/** A snapshot of an order. */
export function snapshot(order: Order): OrderSnapshot {
  return {
    orderId: order.id,
    orderRequestId: order.requestId,
    accountId: order.accountId,
    instrumentUid: order.instrument.uid,
    side: order.side,
    kind: order.kind,
    status: order.status,
    lotsRequested: order.lotsRequested,
    lotsExecuted: order.lotsExecuted,
    executions: order.executions.map((e) => ({
      tradeId: e.tradeId,
      time: e.time,
      price: formatNanos(e.price),
      lots: e.lots,
      pieces: e.pieces,
      commission: formatNanos(e.commission),
    })),
  };
}
