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
