/**
 * The order state machine and the book of open orders. Transitions are a closed
 * table; anything else throws `MOEXBOT_ERR_ORDER_ILLEGAL_TRANSITION`, because a fill
 * after a cancel or a second rejection means a broker or engine bug that must not
 * be booked silently.
 * @module
 */
import { injectable } from '../di/tsyringe.js';
import { IdIndex } from '../domain/idIndex.js';
import type { Order, OrderIntent, OrderStatus } from '../domain/order.js';
import { isTerminal } from '../domain/order.js';
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

/**
 * True when `from → to` is in the table. Written out rather than looked up, since every
 * order makes three transitions; a test checks it against `ORDER_TRANSITIONS` for every pair.
 */
export function isLegalTransition(from: OrderStatus, to: OrderStatus): boolean {
  switch (from) {
    case 'new':
      return to === 'submitted' || to === 'rejected' || to === 'cancelled';
    case 'submitted':
    case 'partially_filled':
      return (
        to === 'partially_filled' || to === 'filled' || to === 'cancelled' || to === 'rejected'
      );
    default:
      return false;
  }
}

/** Lots still to fill on an instrument's open orders, per side (both ≥ 0). */
export interface PendingLots {
  buy: number;
  sell: number;
}

/** An instrument's pending lots, as kept in the tracker's list. */
export interface PendingRow extends PendingLots {
  readonly instrument: string;
}

/** Creates orders from intents and moves them through their states. */
@injectable()
export class OrderTracker {
  /** Open orders by id, in creation order (usually a handful: see `IdIndex`). */
  private readonly open = new IdIndex<Order>();
  /**
   * Kept up to date on every create, fill and end, so that risk checks read an
   * instrument's pending lots in O(1) instead of scanning the open orders.
   */
  private readonly pending = new Map<string, PendingRow>();
  /** The same rows as a list, walked without a Map iterator. */
  private readonly pendingList: PendingRow[] = [];
  /** The row found last: the order path asks for the same instrument several times. */
  private lastPending: PendingRow | undefined;
  private sequence = 0;
  /** Backtests number orders (`o-1`, …); live runs give UUIDs, the venue's idempotency keys. */
  private readonly newId: (() => string) | undefined;
  private readonly prefix: string;

  constructor(ids: string | (() => string) = 'o') {
    this.prefix = typeof ids === 'string' ? ids : '';
    this.newId = typeof ids === 'function' ? ids : undefined;
  }

  /** Registers a new order for an approved intent. */
  create(intent: OrderIntent, lots: number): Order {
    this.sequence += 1;
    const order: Order = {
      id: this.newId === undefined ? `${this.prefix}-${this.sequence}` : this.newId(),
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
      // Present from the start, though unset: adding them later would change the
      // object's shape (and allocate a property store) for every order.
      brokerOrderId: undefined,
      rejectReason: undefined,
    };
    this.open.add(order);
    this.adjustPending(order, lots);
    return order;
  }

  /**
   * Takes over an order a previous session left working at the venue (found by
   * reconciliation), so that its fills and cancellation are booked like any other.
   */
  adopt(order: Order): void {
    if (isTerminal(order.status) || this.open.get(order.id) !== undefined) return;
    this.open.add(order);
    this.adjustPending(order, order.lots - order.filledLots);
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
    if (isTerminal(to)) {
      this.open.delete(order);
      // Whatever did not fill no longer counts (fills were taken off as they came).
      if (to !== 'filled') this.adjustPending(order, -(order.lots - order.filledLots));
    }
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
    this.adjustPending(order, -lots);
  }

  /** Open orders, optionally of one strategy. */
  openOrders(strategyId?: string): Order[] {
    const orders = this.open.values();
    return strategyId === undefined
      ? orders.slice()
      : orders.filter((o) => o.strategyId === strategyId);
  }

  get openCount(): number {
    return this.open.size;
  }

  /** Signed lots still to be filled on an instrument, over all open orders. */
  pendingLots(instrument: string): number {
    const pending = this.row(instrument);
    return pending === undefined ? 0 : pending.buy - pending.sell;
  }

  /** Unfilled lots of open orders on an instrument, per side. */
  pendingBySide(instrument: string): Readonly<PendingLots> {
    return this.row(instrument) ?? NO_PENDING;
  }

  /** Instruments that have had open orders, with their unfilled lots (zero when none). */
  pendingInstruments(): ReadonlyMap<string, Readonly<PendingLots>> {
    return this.pending;
  }

  /** The same as `pendingInstruments`, as a list (walking it allocates nothing). */
  pendingRows(): readonly Readonly<PendingRow>[] {
    return this.pendingList;
  }

  private row(instrument: string): PendingRow | undefined {
    const last = this.lastPending;
    if (last !== undefined && last.instrument === instrument) return last;
    const row = this.pending.get(instrument);
    if (row !== undefined) this.lastPending = row;
    return row;
  }

  private adjustPending(order: Order, lots: number): void {
    let pending = this.row(order.instrument);
    if (pending === undefined) {
      pending = { instrument: order.instrument, buy: 0, sell: 0 };
      this.pending.set(order.instrument, pending);
      this.pendingList.push(pending);
      this.lastPending = pending;
    }
    // Entries stay at zero rather than being deleted: a map that keeps shrinking and
    // growing by one entry reallocates its table every time.
    if (order.side === 'buy') pending.buy += lots;
    else pending.sell += lots;
  }
}

const NO_PENDING: Readonly<PendingLots> = Object.freeze({ buy: 0, sell: 0 });
