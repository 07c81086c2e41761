/**
 * The checks a `PostOrder` passes before the exchange accepts it, each failing with the
 * code the real API uses: request shape (30015…30100), tradability (30052, 30092, 30079),
 * price grid and band (30078, 30099).
 * @module
 */
import { SecurityTradingStatus } from 'tinkoff-invest-api/cjs/generated/common.js';
import {
  OrderDirection,
  OrderType,
  type PostOrderRequest,
} from 'tinkoff-invest-api/cjs/generated/orders.js';
import { ExchangeApiError } from '../apiErrors.js';
import { fromQuotation, isWellFormedQuotation } from '../decimal.js';
import { type Instrument, priceLimits } from '../instruments/Instrument.js';
import type { SessionVerdict } from '../market/schedule.js';

/** A `PostOrderRequest` that passed the shape checks. */
export interface OrderTicket {
  readonly accountId: string;
  readonly requestId: string;
  readonly instrumentId: string;
  readonly lots: number;
  readonly side: 'buy' | 'sell';
  readonly kind: 'limit' | 'market';
  readonly apiType: OrderType;
  /** Limit price per piece in nanos (limit orders only). */
  readonly price: bigint | undefined;
}

/** Checks the shape of a request, in the order the fields are usually validated. */
export function readTicket(request: PostOrderRequest): OrderTicket {
  const instrumentId = request.instrumentId || request.figi || '';
  if (!instrumentId) throw new ExchangeApiError(30093);
  if (!request.quantity) throw new ExchangeApiError(30015);
  if (request.quantity < 0 || !Number.isSafeInteger(request.quantity)) {
    throw new ExchangeApiError(30080);
  }
  const side =
    request.direction === OrderDirection.ORDER_DIRECTION_BUY
      ? 'buy'
      : request.direction === OrderDirection.ORDER_DIRECTION_SELL
        ? 'sell'
        : undefined;
  if (!side) throw new ExchangeApiError(30019);
  if (!request.accountId) throw new ExchangeApiError(30021);
  const kind =
    request.orderType === OrderType.ORDER_TYPE_LIMIT
      ? 'limit'
      : request.orderType === OrderType.ORDER_TYPE_MARKET ||
          request.orderType === OrderType.ORDER_TYPE_BESTPRICE
        ? 'market'
        : undefined;
  if (!kind) throw new ExchangeApiError(30025);
  if (!request.orderId) throw new ExchangeApiError(30027);
  if (request.orderId.length > 36) throw new ExchangeApiError(30055);
  let price: bigint | undefined;
  if (kind === 'limit') {
    if (!request.price) throw new ExchangeApiError(30017);
    if (!isWellFormedQuotation(request.price)) throw new ExchangeApiError(30018);
    price = fromQuotation(request.price)!;
    if (price <= 0n) throw new ExchangeApiError(30100);
  }
  return {
    accountId: request.accountId,
    requestId: request.orderId,
    instrumentId,
    lots: request.quantity,
    side,
    kind,
    apiType: request.orderType,
    price,
  };
}

/** Whether the instrument trades now: 30052 not via the API, 30092 weekend, 30079 closed. */
export function checkTradable(
  instrument: Instrument,
  side: 'buy' | 'sell',
  status: SecurityTradingStatus,
  verdict: SessionVerdict,
): void {
  if (!instrument.apiTradeAvailableFlag) throw new ExchangeApiError(30052);
  if (side === 'buy' ? !instrument.buyAvailableFlag : !instrument.sellAvailableFlag) {
    throw new ExchangeApiError(30052);
  }
  if (verdict === 'weekend') throw new ExchangeApiError(30092);
  if (status !== SecurityTradingStatus.SECURITY_TRADING_STATUS_NORMAL_TRADING) {
    throw new ExchangeApiError(30079);
  }
}

/** A limit price must sit on the grid (30078) and inside the band around `lastPrice` (30099). */
export function checkLimitPrice(instrument: Instrument, price: bigint, lastPrice: bigint): void {
  if (price % instrument.step !== 0n) throw new ExchangeApiError(30078);
  const { limitDown, limitUp } = priceLimits(instrument, lastPrice);
  if (price < limitDown || price > limitUp) throw new ExchangeApiError(30099);
}
