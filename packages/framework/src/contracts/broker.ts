/**
 * The broker contract: where approved orders go. The simulated broker of the
 * backtester and live broker plugins implement the same interface, so the engine
 * never knows which world it runs in.
 * @module
 */
import type { Bar } from '../domain/bar.js';
import type { Order } from '../domain/order.js';

/** An execution reported by a broker, in lots, at a price per piece. */
export interface BrokerFill {
  readonly orderId: string;
  /**
   * The venue's id of this execution, when it has one. A repeated report of the same
   * execution (stream replay, poll after stream) is then booked once.
   */
  readonly executionId?: string;
  readonly lots: number;
  readonly price: number;
  /** Commission charged for this execution, already rounded by the broker. */
  readonly commission: number;
  readonly time: number;
}

/** Callbacks through which a broker reports order events to the engine. */
export interface BrokerEvents {
  /** The venue accepted the order. */
  accepted(orderId: string, brokerOrderId?: string): void;
  /** The venue refused the order; `code` is the venue's own code when it has one. */
  rejected(orderId: string, reason: string, code?: string): void;
  filled(fill: BrokerFill): void;
  cancelled(orderId: string): void;
}

/** A venue for orders. */
export interface Broker {
  /** Called once before the first order, with the engine's event sink. */
  connect(events: BrokerEvents): void | Promise<void>;
  /** Sends an order. Results arrive through `BrokerEvents`; a throw counts as a rejection. */
  submit(order: Order): void | Promise<void>;
  /** Requests cancellation; `cancelled` follows when the venue confirms. */
  cancel(orderId: string): void | Promise<void>;
  /** Simulated venues match resting orders against each new bar, before strategies see it. */
  onBar?(bar: Bar): void;
  close?(): void | Promise<void>;
}

/** An order as the venue knows it, found by the client's idempotency key. */
export interface BrokerOrderState {
  /** The client's key: the engine's order id. */
  readonly orderId: string;
  readonly brokerOrderId: string;
  readonly status: 'submitted' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected';
  readonly lotsRequested: number;
  readonly lotsExecuted: number;
  /**
   * Every execution so far, each with its venue execution id, so that a restarted
   * host books exactly the ones it missed.
   */
  readonly executions: readonly BrokerFill[];
  /** Why the venue refused the order, when it did. */
  readonly rejectReason?: string;
}

/** One position as the venue holds it. */
export interface BrokerPosition {
  /** Instrument uid. */
  readonly instrument: string;
  /** Signed pieces. */
  readonly quantity: number;
  /** The venue's average price per piece, when it reports one: the restored cost basis. */
  readonly averagePrice?: number;
}

/** What the venue says the account holds: the truth reconciliation compares against. */
export interface BrokerAccountState {
  /**
   * Cash in the account currency (RUB), exact, in nanos: free plus what working orders
   * block, since the engine takes money only when an order fills.
   */
  readonly cashNanos: bigint;
  readonly positions: readonly BrokerPosition[];
  /** Orders still working at the venue. */
  readonly openOrders: readonly BrokerOrderState[];
}

/**
 * A broker for live trading: besides orders it answers what the account holds and
 * what became of an order, which is what lets a restarted host reconcile instead of
 * re-sending.
 */
export interface LiveBroker extends Broker {
  accountState(): Promise<BrokerAccountState>;
  /** The order sent with this key, or undefined when the venue never received it. */
  orderState(orderId: string): Promise<BrokerOrderState | undefined>;
}

/** True for brokers that can reconcile (the live `LiveBroker` capabilities). */
export function isLiveBroker(broker: Broker): broker is LiveBroker {
  const live = broker as Partial<LiveBroker>;
  return typeof live.accountState === 'function' && typeof live.orderState === 'function';
}
