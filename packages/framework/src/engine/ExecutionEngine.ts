/**
 * The ExecutionEngine turns approved intents into orders, sends them to the broker
 * and books what comes back. It is the broker's only listener, so every order event
 * passes the order state machine before it touches the portfolio.
 * @module
 */

import type { AlertSink } from '../contracts/alert.js';
import type { Broker, BrokerEvents, BrokerFill } from '../contracts/broker.js';
import type { Clock, Logger } from '../contracts/services.js';
import { Tokens } from '../di/tokens.js';
import { inject, injectable } from '../di/tsyringe.js';
import type { Fill, Order, OrderIntent } from '../domain/order.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { ClosedTrade } from '../domain/positionBook.js';
import type { EngineMetrics } from '../observability/metrics.js';
import { OrderTracker } from './OrderTracker.js';
import { RecentIds } from './RecentIds.js';

/** Observers of the order path (results recorder, strategies, risk, persistence). */
export interface ExecutionListener {
  /** An order was created or changed state. */
  onOrder?(order: Order): void;
  /**
   * A fill was booked; `closed` is the round trip it completed, if any, and `executionId`
   * the venue's id of the execution, when the venue gives one (see `executionIdOf`).
   */
  onFill?(fill: Fill, closed: ClosedTrade | undefined, executionId: string | undefined): void;
}

/** The fill an execution of `order` books: its lots become pieces of `lot` each. */
export function fillOf(
  order: Pick<Order, 'id' | 'strategyId' | 'instrument' | 'side' | 'reason'>,
  execution: BrokerFill,
  lot: number,
): Fill {
  return {
    orderId: order.id,
    strategyId: order.strategyId,
    instrument: order.instrument,
    side: order.side,
    lots: execution.lots,
    quantity: execution.lots * lot,
    price: execution.price,
    commission: execution.commission,
    time: execution.time,
    reason: order.reason,
  };
}

/**
 * The id an execution is stored under: the venue's, or for venues without execution ids
 * (the simulator) the order and its filled lots after it, which name it stably.
 */
export function executionIdOf(
  executionId: string | undefined,
  order: Pick<Order, 'id' | 'filledLots'>,
): string {
  return executionId ?? `${order.id}:${order.filledLots}`;
}

@injectable()
export class ExecutionEngine implements BrokerEvents {
  private readonly listeners: ExecutionListener[] = [];
  /** Execution ids booked lately, for venues that may report one twice. */
  private readonly executions = new RecentIds();
  /** Debug lines are built only when they will be written: this is the order hot path. */
  private readonly debug: boolean;

  constructor(
    @inject(Tokens.Broker) private readonly broker: Broker,
    @inject(Tokens.BrokerName) private readonly brokerName: string,
    @inject(OrderTracker) private readonly orders: OrderTracker,
    @inject(Tokens.Portfolio) private readonly portfolio: Portfolio,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(Tokens.Logger) private readonly logger: Logger,
    @inject(Tokens.Metrics) private readonly metrics: EngineMetrics,
    @inject(Tokens.Alerts) private readonly alerts: AlertSink,
  ) {
    this.debug = logger.isLevelEnabled?.('debug') ?? true;
  }

  addListener(listener: ExecutionListener): void {
    this.listeners.push(listener);
  }

  /** Connects the broker to this engine's event sink. */
  async connect(): Promise<void> {
    await this.broker.connect(this);
  }

  /** Creates the order for an approved intent and sends it. */
  submit(intent: OrderIntent, lots: number): Order {
    const order = this.orders.create(intent, lots);
    this.metrics.count(this.metrics.ordersSubmitted, order.strategyId);
    if (this.debug)
      this.logger.debug(
        { event: 'SubmitOrder', order },
        `submit ${order.side} ${lots} ${order.instrument}`,
      );
    this.notifyOrder(order);
    try {
      const pending = this.broker.submit(order);
      if (pending) pending.catch((error: unknown) => this.failed(order.id, 'submit', error));
    } catch (error) {
      this.failed(order.id, 'submit', error);
    }
    return order;
  }

  /** Requests cancellation of an open order. */
  cancel(orderId: string): void {
    try {
      const pending = this.broker.cancel(orderId);
      if (pending) pending.catch((error: unknown) => this.cancelFailed(orderId, error));
    } catch (error) {
      this.cancelFailed(orderId, error);
    }
  }

  /** Cancels every open order matching `filter` (all by default). */
  cancelAll(filter: (order: Order) => boolean = () => true): void {
    for (const order of this.orders.openOrders()) if (filter(order)) this.cancel(order.id);
  }

  accepted(orderId: string, brokerOrderId?: string): void {
    const order = this.orders.find(orderId);
    // A repeated or late acknowledgement (after the first fill, or after the order
    // ended) changes nothing.
    if (order === undefined || order.status !== 'new') return;
    order.brokerOrderId = brokerOrderId;
    this.orders.transition(order, 'submitted', this.clock.now());
    this.notifyOrder(order);
  }

  rejected(orderId: string, reason: string, code?: string): void {
    const order = this.orders.find(orderId);
    if (order === undefined) {
      this.logger.warn(
        { event: 'LateRejectionIgnored', orderId, code },
        `rejection of finished order ${orderId} ignored`,
      );
      return;
    }
    order.rejectReason = code ? `${code}: ${reason}` : reason;
    this.orders.transition(order, 'rejected', this.clock.now());
    this.metrics.count(this.metrics.ordersRejected, order.strategyId);
    this.logger.warn(
      {
        event: 'OrderRejected',
        orderId,
        strategy: order.strategyId,
        instrument: order.instrument,
        code,
      },
      `order ${orderId} rejected: ${order.rejectReason}`,
    );
    this.alerts.raise({
      severity: 'warning',
      type: 'order.rejected',
      message: `Order ${order.side} ${order.lots} ${order.instrument} rejected: ${order.rejectReason}`,
      context: { orderId, strategy: order.strategyId, instrument: order.instrument },
    });
    this.notifyOrder(order);
  }

  filled(execution: BrokerFill): void {
    // The same execution reported again is dropped.
    if (execution.executionId !== undefined && !this.executions.add(execution.executionId)) return;
    const order = this.orders.find(execution.orderId);
    if (order === undefined) {
      this.fillRefused(execution, `order ${execution.orderId} is not open`);
      return;
    }
    // Some venues report the first fill before the acknowledgement.
    if (order.status === 'new') this.orders.transition(order, 'submitted', execution.time);
    try {
      this.orders.fill(order, execution.lots, execution.time);
    } catch (error) {
      this.fillRefused(execution, error instanceof Error ? error.message : String(error));
      return;
    }
    const fill = fillOf(order, execution, this.portfolio.book(order.instrument).instrument.lot);
    const closed = this.portfolio.applyFill(fill);
    this.metrics.count(this.metrics.fills, order.strategyId);
    if (order.status === 'filled') this.metrics.count(this.metrics.ordersFilled, order.strategyId);
    if (this.debug) {
      this.logger.debug(
        { event: 'OrderFilled', fill },
        `filled ${fill.side} ${fill.lots} ${fill.instrument} @ ${fill.price}`,
      );
    }
    this.notifyOrder(order);
    const listeners = this.listeners;
    if (listeners.length === 0) return;
    const executionId = execution.executionId;
    for (let i = 0; i < listeners.length; i++) listeners[i]!.onFill?.(fill, closed, executionId);
  }

  cancelled(orderId: string): void {
    const order = this.orders.find(orderId);
    if (!order) return; // already finished: a late confirmation changes nothing
    this.orders.transition(order, 'cancelled', this.clock.now());
    this.metrics.count(this.metrics.ordersCancelled, order.strategyId);
    this.notifyOrder(order);
  }

  /**
   * A fill the order book cannot take (unknown order, more than ordered) is not booked:
   * the venue and the engine disagree, which only reconciliation with the broker can
   * settle. It is logged and alerted, and never thrown back into the broker's callback.
   */
  private fillRefused(execution: BrokerFill, why: string): void {
    this.metrics.count(this.metrics.executionFailures, this.brokerName);
    this.logger.error(
      { event: 'FillRefused', execution, broker: this.brokerName },
      `fill not booked: ${why}`,
    );
    this.alerts.raise({
      severity: 'critical',
      type: 'order.fill-refused',
      message: `Fill of ${execution.lots} lots for order ${execution.orderId} not booked: ${why}`,
      context: { orderId: execution.orderId, lots: execution.lots, broker: this.brokerName },
    });
  }

  private failed(orderId: string, hook: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.metrics.count(this.metrics.executionFailures, this.brokerName);
    this.logger.error(
      { event: 'ExecutionFailed', orderId, hook, broker: this.brokerName, err: message },
      message,
    );
    const order = this.orders.find(orderId);
    if (order && order.status === 'new') this.rejected(orderId, message, 'EXECUTION_FAILED');
  }

  private cancelFailed(orderId: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.metrics.count(this.metrics.executionFailures, this.brokerName);
    this.logger.error(
      { event: 'CancelFailed', orderId, broker: this.brokerName, err: message },
      message,
    );
  }

  private notifyOrder(order: Order): void {
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i]!.onOrder?.(order);
  }
}
