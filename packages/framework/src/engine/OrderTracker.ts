/**
 * The order state machine and the book of open orders. Transitions are a closed
 * table; anything else throws `MOEXBOT_ERR_ORDER_ILLEGAL_TRANSITION`, because a fill
 * after a cancel or a second rejection means a broker or engine bug that must not
 * be booked silently.
 * @module
 */
import { injectable } from '../di/tsyringe.js';
import type { Order, OrderIntent, OrderStatus } from '../domain/order.js';
import { isTerminal, sideSign } from '../domain/order.js';
import { MoexBotError } from '../errors.js';

/** Legal next states of each state. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  new: ['submitted', 'rejected', 'cancelled'],
  submitted: ['partially_filled', 'filled', 'cancelled', 'rejected'],
  // A venue may refuse the remainder of a partly filled order (e.g. not enough money).
  partially_filled: ['partially_filled', 'filled', 'cancelled', 'rejected'],
  filled: [],
  cancelled: [],
  rejected: [],
};

/** True when `from → to` is in the table. */
export function isLegalTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** Creates orders from intents and moves them through their states. */
@injectable()
export class OrderTracker {
  private readonly open = new Map<string, Order>();
  private sequence = 0;
  /** Makes ids unique across runs and restarts (live runs persist them as idempotency keys). */
  private readonly prefix: string;

  constructor(prefix = 'o') {
    this.prefix = prefix;
  }

  /** Registers a new order for an approved intent. */
  create(intent: OrderIntent, lots: number): Order {
    this.sequence += 1;
    const order: Order = {
      id: `${this.prefix}-${this.sequence}`,
      strategyId: intent.strategyId,
      instrument: intent.instrument,
      side: intent.side,
      type: intent.type,
      lots,
      limitPrice: intent.limitPrice,
      reason: intent.reason,
      createdAt: intent.time,
      status: 'new',
      filledLots: 0,
      updatedAt: intent.time,
    };
    this.open.set(order.id, order);
    return order;
  }

  /** An open order by id; throws `MOEXBOT_ERR_ORDER_UNKNOWN` for unknown or finished ids. */
  get(id: string): Order {
    const order = this.open.get(id);
    if (!order) throw new MoexBotError('ORDER_UNKNOWN', `order ${id} is not open`);
    return order;
  }

  find(id: string): Order | undefined {
    return this.open.get(id);
  }

  /** Moves an order to `to`, enforcing the table. */
  transition(order: Order, to: OrderStatus, time: number): void {
    if (!isLegalTransition(order.status, to)) {
      throw new MoexBotError(
        'ORDER_ILLEGAL_TRANSITION',
        `order ${order.id}: ${order.status} → ${to} is not allowed`,
      );
    }
    order.status = to;
    order.updatedAt = time;
    if (isTerminal(to)) this.open.delete(order.id);
  }

  /** Books an execution of `lots`; moves to partially filled or filled. */
  fill(order: Order, lots: number, time: number): void {
    if (!Number.isInteger(lots) || lots <= 0 || order.filledLots + lots > order.lots) {
      throw new MoexBotError(
        'ORDER_ILLEGAL_TRANSITION',
        `order ${order.id}: fill of ${lots} lots exceeds the ${order.lots - order.filledLots} remaining`,
      );
    }
    const to = order.filledLots + lots === order.lots ? 'filled' : 'partially_filled';
    this.transition(order, to, time);
    order.filledLots += lots;
  }

  /** Open orders, optionally of one strategy. */
  openOrders(strategyId?: string): Order[] {
    const orders = [...this.open.values()];
    return strategyId === undefined ? orders : orders.filter((o) => o.strategyId === strategyId);
  }

  get openCount(): number {
    return this.open.size;
  }

  /** Signed lots still to be filled on an instrument, over all open orders. */
  pendingLots(instrument: string): number {
    let lots = 0;
    for (const order of this.open.values()) {
      if (order.instrument === instrument)
        lots += sideSign(order.side) * (order.lots - order.filledLots);
    }
    return lots;
  }
}
