/**
 * A T-Invest `OrderState` as the framework's `BrokerOrderState`: found by the client's
 * key, with every execution (a stage, with its trade id) so that a restarted host books
 * exactly the ones it missed.
 * @module
 */
import type { BrokerOrderState } from '@moex-bot/framework';
import {
  OrderExecutionReportStatus,
  type OrderState,
} from 'tinkoff-invest-api/cjs/generated/orders.js';
import { type CommissionEstimate, stageExecutions, toBrokerFill } from './executions.js';
import type { TrackedOrder } from './TrackedOrders.js';

const STATUS: Readonly<Partial<Record<OrderExecutionReportStatus, BrokerOrderState['status']>>> = {
  [OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_NEW]: 'submitted',
  [OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_PARTIALLYFILL]: 'partially_filled',
  [OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_FILL]: 'filled',
  [OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_CANCELLED]: 'cancelled',
  [OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_REJECTED]: 'rejected',
};

/** True while the venue may still execute the order. */
export function isWorking(state: OrderState): boolean {
  const status = STATUS[state.executionReportStatus] ?? 'submitted';
  return status === 'submitted' || status === 'partially_filled';
}

/**
 * @param lot pieces per lot of the order's instrument (for the commission estimate)
 * @example
 * const state = toBrokerOrderState(await trading.orderByKey(accountId, key), 10, commission, Date.now());
 */
export function toBrokerOrderState(
  state: OrderState,
  lot: number,
  commission: CommissionEstimate,
  now: number,
): BrokerOrderState {
  // Orders placed elsewhere (the app, the terminal) have no key: their exchange id stands in.
  const orderId = state.orderRequestId || state.orderId;
  const status = STATUS[state.executionReportStatus] ?? 'submitted';
  return {
    orderId,
    brokerOrderId: state.orderId,
    status,
    lotsRequested: state.lotsRequested,
    lotsExecuted: state.lotsExecuted,
    executions: stageExecutions(state.orderId, state.stages, now).map((execution) =>
      toBrokerFill(orderId, execution, lot, commission),
    ),
    ...(status === 'rejected' ? { rejectReason: 'the venue rejected the order' } : {}),
  };
}

/**
 * An order this broker follows that the venue does not show yet (being sent, or its
 * reply lost): working as far as anyone knows, with the executions reported so far
 * left to the broker's events.
 */
export function pendingOrderState(order: TrackedOrder): BrokerOrderState {
  return {
    orderId: order.key,
    brokerOrderId: order.exchangeId ?? '',
    status: 'submitted',
    lotsRequested: order.lotsRequested,
    lotsExecuted: 0,
    executions: [],
  };
}
