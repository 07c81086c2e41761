/**
 * `OrdersService` and `OperationsService`: placing, cancelling and reading orders, and
 * the portfolio and positions they leave behind.
 * @module
 */
import { OperationsServiceDefinition } from 'tinkoff-invest-api/cjs/generated/operations.js';
import { OrdersServiceDefinition } from 'tinkoff-invest-api/cjs/generated/orders.js';
import type { ExchangeCore } from '../ExchangeCore.js';
import { withUnimplemented } from '../server/unimplemented.js';
import { orderHandlers } from './orderHandlers.js';

/** The `OrdersService` implementation. */
export function ordersService(core: ExchangeCore) {
  const { postOrder, cancelOrder, getOrders, getOrderState } = orderHandlers(core, false);
  return withUnimplemented(OrdersServiceDefinition, {
    postOrder,
    cancelOrder,
    getOrders,
    getOrderState,
  });
}

/** The `OperationsService` implementation. */
export function operationsService(core: ExchangeCore) {
  const { getPortfolio, getPositions } = orderHandlers(core, false);
  return withUnimplemented(OperationsServiceDefinition, { getPortfolio, getPositions });
}
