/**
 * Orders as API messages. Money fields follow the `OrderState` contract for both
 * responses: `initialOrderPrice` = requested pieces × initial price, `executedOrderPrice` =
 * Σ price × pieces executed, `totalOrderAmount` = that plus commission, and
 * `averagePositionPrice` the mean price per piece. Stages are in lots, trades on
 * `TradesStream` in pieces.
 * @module
 */
import {
  OrderDirection,
  OrderState,
  OrderTrades,
  PostOrderResponse,
} from 'tinkoff-invest-api/cjs/generated/orders.js';
import { commission, divRoundHalfUp, toMoney, toQuotation } from '../decimal.js';
import { type Execution, type Order, reportStatus } from './Order.js';

function direction(order: Order): OrderDirection {
  return order.side === 'buy'
    ? OrderDirection.ORDER_DIRECTION_BUY
    : OrderDirection.ORDER_DIRECTION_SELL;
}

/** Fields shared by `PostOrderResponse` and `OrderState`. */
function orderFields(order: Order) {
  const { instrument } = order;
  const currency = instrument.currency;
  const initialAmount = order.initialPrice * BigInt(order.lotsRequested * instrument.lot);
  return {
    orderId: order.id,
    executionReportStatus: reportStatus(order),
    lotsRequested: order.lotsRequested,
    lotsExecuted: order.lotsExecuted,
    initialOrderPrice: toMoney(initialAmount, currency),
    executedOrderPrice: toMoney(order.executedAmount, currency),
    totalOrderAmount: toMoney(order.executedAmount + order.commission, currency),
    initialCommission: toMoney(commission(initialAmount, order.commissionPercent), currency),
    executedCommission: toMoney(order.commission, currency),
    figi: instrument.figi,
    direction: direction(order),
    initialSecurityPrice: toMoney(order.initialPrice, currency),
    orderType: order.apiType,
    instrumentUid: instrument.uid,
    orderRequestId: order.requestId,
  };
}

/** The reply to `PostOrder`. */
export function toPostOrderResponse(
  order: Order,
  trackingId: string,
  now: number,
): PostOrderResponse {
  return PostOrderResponse.fromJSON({
    ...orderFields(order),
    aciValue: toMoney(0n, order.instrument.currency),
    message: order.message,
    responseMetadata: { trackingId, serverTime: new Date(now) },
  });
}

/** An `OrderState` (`GetOrderState`, `GetOrders`). */
export function toOrderState(order: Order): OrderState {
  const { instrument } = order;
  const pieces = BigInt(order.lotsExecuted * instrument.lot);
  const average = pieces > 0n ? divRoundHalfUp(order.executedAmount, pieces) : 0n;
  return OrderState.fromJSON({
    ...orderFields(order),
    averagePositionPrice: toMoney(average, instrument.currency),
    stages: order.executions.map((execution) => ({
      price: toMoney(execution.price, instrument.currency),
      quantity: execution.lots,
      tradeId: execution.tradeId,
      executionTime: new Date(execution.time),
    })),
    serviceCommission: toMoney(0n, instrument.currency),
    currency: instrument.currency,
    orderDate: new Date(order.createdAt),
  });
}

/** One execution as a `TradesStream` message: quantity in pieces, price per piece. */
export function toOrderTrades(order: Order, execution: Execution): OrderTrades {
  return OrderTrades.fromJSON({
    orderId: order.id,
    direction: direction(order),
    figi: order.instrument.figi,
    trades: [
      {
        dateTime: new Date(execution.time),
        price: toQuotation(execution.price),
        quantity: execution.pieces,
        tradeId: execution.tradeId,
      },
    ],
    accountId: order.accountId,
    instrumentUid: order.instrument.uid,
  });
}
