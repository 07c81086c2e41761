/**
 * Every order the exchange has accepted, by exchange id and by the client's idempotency
 * key (unique per account), plus the ids of trades.
 * @module
 */
import { ExchangeApiError } from '../apiErrors.js';
import { isOpen, type Order } from './Order.js';

/** Orders of all accounts. */
export class OrderStore {
  private readonly byId = new Map<string, Order>();
  private readonly byKey = new Map<string, Order>();
  /**
   * Orders that were open when last looked at, oldest first: `open()` runs on every
   * order entry, and scanning every order ever placed would slow the exchange down as a
   * session goes on.
   */
  private readonly maybeOpen = new Map<string, Order>();
  private nextOrderId = 40_000_000_001;
  private nextTradeId = 70_000_000_001;

  /** A new exchange order id (numeric text, like the real ones). */
  newOrderId(): string {
    return String(this.nextOrderId++);
  }

  /** A new trade id. */
  newTradeId(): string {
    return String(this.nextTradeId++);
  }

  add(order: Order): void {
    this.byId.set(order.id, order);
    if (isOpen(order)) this.maybeOpen.set(order.id, order);
    this.byKey.set(`${order.accountId}|${order.requestId}`, order);
  }

  /** The order placed earlier with the same key on the same account. */
  byRequestKey(accountId: string, requestId: string): Order | undefined {
    return this.byKey.get(`${accountId}|${requestId}`);
  }

  /** An order of an account by exchange id or by key; 50005 when there is none. */
  require(accountId: string, id: string, byRequestId = false): Order {
    const order = byRequestId ? this.byRequestKey(accountId, id) : this.byId.get(id);
    if (!order || order.accountId !== accountId) throw new ExchangeApiError(50005);
    return order;
  }

  /** Orders that can still execute, oldest first; of one account when given. */
  open(accountId?: string): Order[] {
    const open: Order[] = [];
    for (const order of this.maybeOpen.values()) {
      // An order never reopens: once seen ended, it is dropped for good.
      if (!isOpen(order)) this.maybeOpen.delete(order.id);
      else if (accountId === undefined || order.accountId === accountId) open.push(order);
    }
    return open;
  }

  /** All orders of an account, oldest first. */
  all(accountId: string): Order[] {
    return [...this.byId.values()].filter((order) => order.accountId === accountId);
  }

  /** Forgets the orders of a closed account. */
  dropAccount(accountId: string): void {
    for (const order of this.all(accountId)) {
      this.byId.delete(order.id);
      this.maybeOpen.delete(order.id);
      this.byKey.delete(`${order.accountId}|${order.requestId}`);
    }
  }
}
