/**
 * Orders at the exchange: the client's key (`orderRequestId`), the exchange id, what was
 * asked, what has executed so far, and the execution controls faults can set.
 * @module
 */
import {
  OrderExecutionReportStatus,
  type OrderType,
} from 'tinkoff-invest-api/cjs/generated/orders.js';
import type { Instrument } from '../instruments/Instrument.js';

/** One execution (a trade) of an order. */
export interface Execution {
  readonly tradeId: string;
  readonly time: number;
  /** Price per piece, nanos. */
  readonly price: bigint;
  readonly lots: number;
  readonly pieces: number;
  /** Commission charged for this trade, nanos. */
  readonly commission: bigint;
}

/** Where an order is in its life. */
export type OrderStatus = 'new' | 'partially-filled' | 'filled' | 'cancelled' | 'rejected';

/** An order at the exchange. */
export interface Order {
  /** The exchange's id. */
  readonly id: string;
  /** The client's idempotency key (`PostOrderRequest.orderId`). */
  readonly requestId: string;
  readonly accountId: string;
  readonly instrument: Instrument;
  readonly side: 'buy' | 'sell';
  /** Limit, or market (`BESTPRICE` is treated as market). */
  readonly kind: 'limit' | 'market';
  /** The order type as the client sent it, echoed back. */
  readonly apiType: OrderType;
  readonly lotsRequested: number;
  /** Limit price per piece, nanos; `undefined` for market orders. */
  readonly limitPrice: bigint | undefined;
  /** Price per piece at placement: the limit, or the last price for a market order. */
  readonly initialPrice: bigint;
  readonly createdAt: number;
  /** Commission rate of the account at placement, nanos of a percent. */
  readonly commissionPercent: bigint;
  status: OrderStatus;
  /** Extra text for `PostOrderResponse.message` (set on rejections). */
  message: string;
  lotsExecuted: number;
  /** Σ price × pieces over executions, nanos. */
  executedAmount: bigint;
  /** Σ commission over executions, nanos. */
  commission: bigint;
  readonly executions: Execution[];
  /** At most this many lots per execution (`Infinity` for whole fills). */
  maxLotsPerExecution: number;
  /** Ticks the order still has to rest before it may execute (a delayed-fill fault). */
  delayTicks: number;
  /** Time of the last execution: an order executes at most once per instant. */
  lastExecutionAt: number | undefined;
}

/** Lots still to execute. */
export function remainingLots(order: Order): number {
  return order.lotsRequested - order.lotsExecuted;
}

/** True while the order can still execute or be cancelled. */
export function isOpen(order: Order): boolean {
  return order.status === 'new' || order.status === 'partially-filled';
}

const REPORT_STATUS: Record<OrderStatus, OrderExecutionReportStatus> = {
  new: OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_NEW,
  'partially-filled': OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_PARTIALLYFILL,
  filled: OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_FILL,
  cancelled: OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_CANCELLED,
  rejected: OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_REJECTED,
};

/** The API's `executionReportStatus` of an order. */
export function reportStatus(order: Order): OrderExecutionReportStatus {
  return REPORT_STATUS[order.status];
}
