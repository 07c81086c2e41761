/**
 * The orders this broker placed or adopted, by the client's key (the engine's order id)
 * and by the exchange's id, with what has been reported of each. Trades can arrive on
 * the stream before `PostOrder` has returned the exchange id: they wait here, parked by
 * that id, until the order is known.
 * @module
 */
import type { OrderTrades } from 'tinkoff-invest-api/cjs/generated/orders.js';

/**
 * `preparing`: tracked from the first moment of `submit`, its account and lot being
 * looked up; nothing sent yet. `sending`: PostOrder in flight. `unresolved`: its reply was
 * lost and the venue has not shown the order yet. `working`: at the venue. `done`:
 * filled, cancelled or rejected, and reported.
 */
export type OrderPhase = 'preparing' | 'sending' | 'unresolved' | 'working' | 'done';

export interface TrackedOrder {
  /** The client's key: the engine's order id. */
  readonly key: string;
  /** Instrument uid. */
  readonly instrument: string;
  /** Pieces per lot: trades on the stream count pieces. Known before the order is sent. */
  lot: number;
  readonly lotsRequested: number;
  exchangeId: string | undefined;
  phase: OrderPhase;
  /** Lots reported to the engine so far. */
  lotsReported: number;
  /** Execution ids reported to the engine: each execution goes out once. */
  readonly reported: Set<string>;
  /** Cancel asked for before the order was known at the venue: done once it is. */
  cancelRequested: boolean;
  /**
   * The venue refused the key as taken (30057): it has the order even while a lookup by
   * the key cannot find it, so the order is never taken for not received.
   */
  acknowledged: boolean;
  /** Lookups by key that found nothing, and when the first of them answered (wall ms). */
  notFound: { readonly since: number; answers: number } | undefined;
  /** Ends the venue reported before listing all their executions; held back so far. */
  endsHeld: number;
}

/** Sent, or about to be, and not yet known at the venue: the venue may still show it. */
export function isUnsettled(order: TrackedOrder): boolean {
  return order.phase === 'preparing' || order.phase === 'sending' || order.phase === 'unresolved';
}

/** Finished orders remembered (late trades, a cancel after the fill) before the oldest go. */
const FINISHED_KEPT = 10_000;
/** Trades of unknown orders (placed elsewhere, or not yet acknowledged) kept at most. */
const PARKED_KEPT = 1_000;

export class TrackedOrders {
  private readonly byKey = new Map<string, TrackedOrder>();
  private readonly byExchange = new Map<string, TrackedOrder>();
  private readonly parked = new Map<string, OrderTrades[]>();
  private readonly finished: TrackedOrder[] = [];

  /** Starts tracking an order; the engine's key is unique. */
  add(order: Pick<TrackedOrder, 'key' | 'instrument' | 'lot' | 'lotsRequested' | 'phase'>) {
    const tracked: TrackedOrder = {
      ...order,
      exchangeId: undefined,
      lotsReported: 0,
      reported: new Set(),
      cancelRequested: false,
      acknowledged: false,
      notFound: undefined,
      endsHeld: 0,
    };
    this.byKey.set(order.key, tracked);
    return tracked;
  }

  get(key: string): TrackedOrder | undefined {
    return this.byKey.get(key);
  }

  byExchangeId(exchangeId: string): TrackedOrder | undefined {
    return this.byExchange.get(exchangeId);
  }

  /** Records the exchange id of an order; returns the trades that waited for it. */
  bind(order: TrackedOrder, exchangeId: string): OrderTrades[] {
    order.exchangeId = exchangeId;
    this.byExchange.set(exchangeId, order);
    const waiting = this.parked.get(exchangeId) ?? [];
    this.parked.delete(exchangeId);
    return waiting;
  }

  /** Keeps trades of an order not known (yet), dropping the oldest beyond the limit. */
  park(message: OrderTrades): void {
    const waiting = this.parked.get(message.orderId) ?? [];
    waiting.push(message);
    this.parked.set(message.orderId, waiting);
    if (this.parked.size > PARKED_KEPT) {
      this.parked.delete(this.parked.keys().next().value as string);
    }
  }

  /** Orders the venue may still execute, or that must still be looked up. */
  open(): TrackedOrder[] {
    return [...this.byKey.values()].filter(
      (o) => o.phase === 'working' || o.phase === 'unresolved',
    );
  }

  /** The order is over; it is remembered for a while, then forgotten. */
  finish(order: TrackedOrder): void {
    if (order.phase === 'done') return;
    order.phase = 'done';
    this.finished.push(order);
    if (this.finished.length > FINISHED_KEPT) {
      const oldest = this.finished.shift()!;
      this.byKey.delete(oldest.key);
      if (oldest.exchangeId !== undefined) this.byExchange.delete(oldest.exchangeId);
    }
  }
}
