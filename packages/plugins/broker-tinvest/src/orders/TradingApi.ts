/**
 * The order and portfolio calls of an account, each through the gateway, sent to the
 * sandbox's twins (`PostSandboxOrder`, `GetSandboxPositions` …) in sandbox mode. The
 * messages are the same on both sides; only the service and the method differ.
 * @module
 */
import { PriceType } from 'tinkoff-invest-api/cjs/generated/common.js';
import type {
  PortfolioResponse,
  PositionsResponse,
} from 'tinkoff-invest-api/cjs/generated/operations.js';
import {
  type CancelOrderRequest,
  type CancelOrderResponse,
  type GetOrderStateRequest,
  type GetOrdersResponse,
  OrderIdType,
  type OrderState,
  type PostOrderRequest,
  type PostOrderResponse,
} from 'tinkoff-invest-api/cjs/generated/orders.js';
import type { InvestApi } from '../client/InvestApi.js';
import type { TinvestGateway } from '../client/TinvestGateway.js';
import type { RetryPolicy } from '../resilience/retry.js';
import { GrpcStatus, TinvestError } from '../resilience/TinvestError.js';

/** The venue has no order under that id or key (50005, or the NOT_FOUND status). */
export function isOrderNotFound(error: unknown): boolean {
  return (
    error instanceof TinvestError &&
    (error.apiCode === 50005 ||
      (error.apiCode === undefined && error.status === GrpcStatus.NOT_FOUND))
  );
}

/** Each call's twin in `SandboxService`; the compiler checks the names against the client. */
const SANDBOX_TWINS = {
  postOrder: 'postSandboxOrder',
  cancelOrder: 'cancelSandboxOrder',
  getOrderState: 'getSandboxOrderState',
  getOrders: 'getSandboxOrders',
  getPositions: 'getSandboxPositions',
  getPortfolio: 'getSandboxPortfolio',
} as const satisfies Record<string, keyof InvestApi['sandbox']>;

type Call = keyof typeof SANDBOX_TWINS;
type Unary = (request: object, options: { signal: AbortSignal }) => Promise<unknown>;

/**
 * @example
 * const trading = new TradingApi(api, gateway, mode === 'sandbox');
 * const reply = await trading.postOrder(request);
 */
export class TradingApi {
  constructor(
    private readonly api: InvestApi,
    private readonly gateway: TinvestGateway,
    readonly sandbox: boolean,
  ) {}

  postOrder(request: PostOrderRequest, retry?: RetryPolicy): Promise<PostOrderResponse> {
    return this.call('OrdersService', 'postOrder', request, retry);
  }

  cancelOrder(request: CancelOrderRequest): Promise<CancelOrderResponse> {
    return this.call('OrdersService', 'cancelOrder', request);
  }

  getOrderState(request: GetOrderStateRequest): Promise<OrderState> {
    return this.call('OrdersService', 'getOrderState', request);
  }

  getOrders(accountId: string): Promise<GetOrdersResponse> {
    return this.call('OrdersService', 'getOrders', { accountId });
  }

  getPositions(accountId: string): Promise<PositionsResponse> {
    return this.call('OperationsService', 'getPositions', { accountId });
  }

  getPortfolio(accountId: string): Promise<PortfolioResponse> {
    return this.call('OperationsService', 'getPortfolio', { accountId });
  }

  /**
   * The order sent with the client's key (`orderIdType` REQUEST), or undefined when the
   * venue never received it. Other failures are thrown: then nobody knows.
   */
  orderByKey(accountId: string, key: string): Promise<OrderState | undefined> {
    return this.orderBy(accountId, key, OrderIdType.ORDER_ID_TYPE_REQUEST);
  }

  /** The order under the exchange's id, or undefined when the venue has none. */
  orderById(accountId: string, exchangeId: string): Promise<OrderState | undefined> {
    return this.orderBy(accountId, exchangeId, OrderIdType.ORDER_ID_TYPE_EXCHANGE);
  }

  private async orderBy(
    accountId: string,
    orderId: string,
    orderIdType: OrderIdType,
  ): Promise<OrderState | undefined> {
    const request = { accountId, orderId, orderIdType, priceType: PriceType.PRICE_TYPE_CURRENCY };
    try {
      return await this.getOrderState(request);
    } catch (error) {
      if (isOrderNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Sends `call` to `service`, or to its sandbox twin; the public signatures give the types. */
  private call<T>(
    service: 'OrdersService' | 'OperationsService',
    call: Call,
    request: object,
    retry?: RetryPolicy,
  ): Promise<T> {
    const name = this.sandbox ? SANDBOX_TWINS[call] : call;
    const clients = this.sandbox
      ? this.api.sandbox
      : service === 'OrdersService'
        ? this.api.orders
        : this.api.operations;
    // nice-grpc's client methods are closures over their channel, safe to call detached.
    const send = (clients as unknown as Record<string, Unary>)[name]!;
    const method = name[0]!.toUpperCase() + name.slice(1);
    return this.gateway.call(
      this.sandbox ? 'SandboxService' : service,
      method,
      (signal) => send(request, { signal }) as Promise<T>,
      retry,
    );
  }
}
