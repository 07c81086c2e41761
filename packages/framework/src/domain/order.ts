/**
 * Orders, order intents and fills: the vocabulary of the order path.
 * @module
 */

export type Side = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';

/** Why an order exists: a strategy signal, a risk exit or an operator command. */
export type OrderReason = 'signal' | 'stop-loss' | 'trailing-stop' | 'flatten' | 'manual';

/** Order states; see `OrderTracker` for the legal transitions. */
export type OrderStatus =
  | 'new'
  | 'submitted'
  | 'partially_filled'
  | 'filled'
  | 'cancelled'
  | 'rejected';

/** A request to trade, after sizing and before risk checks. Quantities in lots. */
export interface OrderIntent {
  readonly strategyId: string;
  readonly instrument: string;
  readonly side: Side;
  readonly lots: number;
  readonly type: OrderType;
  readonly limitPrice?: number | undefined;
  readonly reason: OrderReason;
  readonly time: number;
}

/** An order as the engine tracks it. `id` is the client id and idempotency key. */
export interface Order {
  readonly id: string;
  readonly strategyId: string;
  readonly instrument: string;
  readonly side: Side;
  readonly type: OrderType;
  /** Ordered quantity in lots. */
  readonly lots: number;
  readonly limitPrice?: number | undefined;
  readonly reason: OrderReason;
  readonly createdAt: number;
  status: OrderStatus;
  filledLots: number;
  updatedAt: number;
  brokerOrderId?: string | undefined;
  rejectReason?: string | undefined;
}

/** One execution of (part of) an order. */
export interface Fill {
  readonly orderId: string;
  readonly strategyId: string;
  readonly instrument: string;
  readonly side: Side;
  readonly lots: number;
  /** Pieces: lots × instrument lot. */
  readonly quantity: number;
  /** Price per piece, on the instrument's grid. */
  readonly price: number;
  /** Commission in the instrument's currency, rounded to the kopeck. */
  readonly commission: number;
  readonly time: number;
  readonly reason: OrderReason;
}

/**
 * Strategy ids the host uses for its own orders. The `@` cannot appear in a strategy
 * instance name or a plugin id, so a strategy can never be mistaken for the host.
 */
export const HOST_ORDERS = {
  /** Stop-loss and trailing-stop exits of the RiskEngine. */
  risk: '@risk',
  /** Operator commands such as flatten. */
  operator: '@operator',
} as const;

/** +1 for buys, -1 for sells. */
export function sideSign(side: Side): 1 | -1 {
  return side === 'buy' ? 1 : -1;
}

/** True once an order can change no more. */
export function isTerminal(status: OrderStatus): boolean {
  return status === 'filled' || status === 'cancelled' || status === 'rejected';
}
