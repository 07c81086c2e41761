/**
 * The order and portfolio handlers shared by `OrdersService`/`OperationsService` and
 * their `SandboxService` twins. Sandbox methods only reach sandbox accounts (50004
 * otherwise); the regular ones reach both, as on the sandbox contour.
 * @module
 */
import type {
  PortfolioRequest,
  PortfolioResponse,
  PositionsRequest,
  PositionsResponse,
} from 'tinkoff-invest-api/cjs/generated/operations.js';
import {
  type CancelOrderRequest,
  CancelOrderResponse,
  type GetOrderStateRequest,
  type GetOrdersRequest,
  GetOrdersResponse,
  OrderIdType,
  type OrderState,
  type PostOrderRequest,
  type PostOrderResponse,
} from 'tinkoff-invest-api/cjs/generated/orders.js';
import type { ExchangeCore } from '../ExchangeCore.js';
import type { FakeContext } from '../server/context.js';
import type { Account } from '../trading/Account.js';
import { toOrderState, toPostOrderResponse } from '../trading/orderMessages.js';
import { type PortfolioContext, toPortfolio, toPositions } from '../trading/portfolio.js';

/** Order and portfolio handlers for regular (`sandbox: false`) or sandbox methods. */
export function orderHandlers(core: ExchangeCore, sandbox: boolean) {
  const account = (context: FakeContext, accountId: string, trade = false) =>
    core.accounts.forCall(context.grant, accountId, { trade, sandbox: sandbox || undefined });
  const portfolioContext = (target: Account): PortfolioContext => ({
    instrument: (uid) => core.instruments.require(uid),
    lastPrice: (uid) => core.market.lastTrade(uid, core.now)?.price,
    blockedMoney: (currency) => core.engine.blockedMoney(target, currency, core.now),
    blockedPieces: (uid) => core.engine.blockedPieces(target, uid),
  });
  return {
    async postOrder(request: PostOrderRequest, context: FakeContext): Promise<PostOrderResponse> {
      const order = core.postOrder(context.grant, request, sandbox, context.orderFault);
      return toPostOrderResponse(order, context.trackingId, core.now);
    },
    async cancelOrder(
      request: CancelOrderRequest,
      context: FakeContext,
    ): Promise<CancelOrderResponse> {
      const target = account(context, request.accountId, true);
      const byKey = request.orderIdType === OrderIdType.ORDER_ID_TYPE_REQUEST;
      core.engine.cancel(core.orders.require(target.id, request.orderId, byKey));
      return CancelOrderResponse.fromJSON({
        time: new Date(core.now),
        responseMetadata: { trackingId: context.trackingId, serverTime: new Date(core.now) },
      });
    },
    async getOrders(request: GetOrdersRequest, context: FakeContext): Promise<GetOrdersResponse> {
      const target = account(context, request.accountId);
      return GetOrdersResponse.fromJSON({ orders: core.orders.open(target.id).map(toOrderState) });
    },
    async getOrderState(request: GetOrderStateRequest, context: FakeContext): Promise<OrderState> {
      const target = account(context, request.accountId);
      const byKey = request.orderIdType === OrderIdType.ORDER_ID_TYPE_REQUEST;
      return toOrderState(core.orders.require(target.id, request.orderId, byKey));
    },
    async getPortfolio(
      request: PortfolioRequest,
      context: FakeContext,
    ): Promise<PortfolioResponse> {
      const target = account(context, request.accountId);
      return toPortfolio(target, portfolioContext(target));
    },
    async getPositions(
      request: PositionsRequest,
      context: FakeContext,
    ): Promise<PositionsResponse> {
      const target = account(context, request.accountId);
      return toPositions(target, portfolioContext(target));
    },
  };
}
