/**
 * The state store contract: what a live or paper run persists so that a crash at any
 * moment, followed by a restart, neither loses nor duplicates anything. SQLite
 * implements it today and PostgreSQL next, so every method returns a promise.
 * @module
 */
import type { TradingStateName } from '../contracts/services.js';
import type { Fill, Order } from '../domain/order.js';
import type { AccountSnapshot } from './AccountSnapshot.js';

/** A value that survives `JSON.stringify` and `JSON.parse` unchanged. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * An order as stored. Its `id` is the client order id and the idempotency key sent to
 * the broker, so it is recorded before the order is sent and is unique in the store.
 */
export type OrderRecord = Readonly<Order>;

/** A fill as stored, with the venue's id of the execution it books. */
export interface FillRecord extends Fill {
  /**
   * Unique per execution. Brokers without execution ids must derive a stable one
   * (e.g. `${orderId}:${filledLotsAfter}`), so that a replayed report maps to the same id.
   */
  readonly executionId: string;
}

/** One execution to book atomically: the fill, the order it moved and, optionally, the account. */
export interface ExecutionRecord {
  readonly executionId: string;
  readonly fill: Fill;
  /** The order after the fill (status, filled lots, update time). */
  readonly order: OrderRecord;
  /** The account after the fill; given in paper mode, where the store is the truth for it. */
  readonly account?: AccountSnapshot | undefined;
}

/** A reason holding trading back and the state it asks for (see `TradingState`). */
export interface TradingHold {
  /** The hold's reason code, e.g. `DAILY_LOSS_LIMIT_REACHED` or `OPERATOR`. */
  readonly reason: string;
  readonly state: TradingStateName;
}

/** The trading-state gate as persisted. */
export interface TradingStateRecord {
  readonly state: TradingStateName;
  /** The reason code of the hold in force (or of the last change back to active). */
  readonly reason: string;
  /** Every hold in force, oldest first: the order decides which one names the state. */
  readonly holds: readonly TradingHold[];
  /** When it was saved, UTC epoch milliseconds. */
  readonly time: number;
}

/** The risk engine's counters that must survive a restart within the day. */
export interface RiskCounters {
  /** The Moscow calendar day the daily counters belong to, `YYYY-MM-DD`. */
  readonly moscowDay: string;
  /** Equity at the start of that day. */
  readonly dayStartEquity: number;
  /** Whether the daily loss limit has tripped that day. */
  readonly dailyLossTripped: boolean;
  /** Highest equity seen, for drawdown limits. */
  readonly equityPeak: number;
  /** When they were saved, UTC epoch milliseconds. */
  readonly time: number;
}

/** Whose opaque snapshot: a strategy instance or a risk plugin instance. */
export type SnapshotScope = 'strategy' | 'plugin';

/** The opaque state a strategy or plugin instance asked the host to keep. */
export interface SnapshotRecord {
  readonly scope: SnapshotScope;
  /** The instance name from the operator config. */
  readonly name: string;
  readonly data: JsonValue;
  /** When it was saved, UTC epoch milliseconds. */
  readonly time: number;
}

/** An event to append to the journal. */
export interface JournalEntry {
  /** When it happened, UTC epoch milliseconds. */
  readonly time: number;
  /** Past-tense event name, e.g. `OrderFilled`. */
  readonly type: string;
  readonly data: JsonValue;
}

/** A journal entry with its sequence number: 1, 2, 3, … without gaps. */
export interface JournalRecord extends JournalEntry {
  readonly seq: number;
}

/** Event types the store journals itself, inside the transaction of the write. */
export const JOURNAL_EVENTS = {
  orderRecorded: 'OrderRecorded',
  orderUpdated: 'OrderUpdated',
  orderFilled: 'OrderFilled',
} as const;

/** Which orders to list; by default all, in the order they were recorded. */
export interface OrderQuery {
  /** Only orders created at or after this time (UTC epoch ms). */
  readonly since?: number | undefined;
  readonly limit?: number | undefined;
}

/** Which fills to list; by default all, in the order they were recorded. */
export interface FillQuery {
  /** Only fills at or after this time (UTC epoch ms). */
  readonly since?: number | undefined;
  readonly orderId?: string | undefined;
}

/** Which journal entries to read; by default all, in sequence order. */
export interface JournalQuery {
  /** Only entries with a sequence number above this one. */
  readonly after?: number | undefined;
  readonly limit?: number | undefined;
  /** Only entries of these types. */
  readonly types?: readonly string[] | undefined;
}

/**
 * Durable state of one bot. Every write is committed when its promise resolves:
 * the caller may act on it (send the order, acknowledge the fill) only then.
 * Writes that touch several records (`recordExecution`) are all-or-nothing.
 * A store belongs to one process at a time; opening it twice is refused.
 * @example
 * await store.recordOrder(order); // durable before the broker sees it
 * await broker.submit(order);
 */
export interface StateStore {
  /** Where the state lives, for messages (a file path, a database name). */
  readonly location: string;

  /**
   * Records a new order before it is sent. Rejects with `MOEXBOT_ERR_STATE_DUPLICATE_ORDER`
   * when its id is already recorded: the order may have reached the broker already.
   */
  recordOrder(order: OrderRecord): Promise<void>;
  /**
   * Stores an order's new status, filled lots, broker id, reject reason and update time.
   * Rejects with `MOEXBOT_ERR_STATE_ORDER_UNKNOWN` for an id never recorded.
   */
  updateOrder(order: OrderRecord): Promise<void>;
  getOrder(id: string): Promise<OrderRecord | undefined>;
  /** Orders not yet filled, cancelled or rejected: the keys to ask the broker about after a restart. */
  openOrders(): Promise<OrderRecord[]>;
  orders(query?: OrderQuery): Promise<OrderRecord[]>;

  /**
   * Books an execution in one transaction: the fill, the order update, the account
   * snapshot when given, and an `OrderFilled` journal entry. Resolves `false`, changing
   * nothing, when the execution id is already stored, so a replayed report is harmless.
   * Rejects, writing nothing, for an order never recorded (`MOEXBOT_ERR_STATE_ORDER_UNKNOWN`),
   * a fill of another order or an inconsistent account (`MOEXBOT_ERR_STATE_RECORD_INVALID`).
   */
  recordExecution(execution: ExecutionRecord): Promise<boolean>;
  /** Whether an execution id is already booked: check before applying a reported fill. */
  hasExecution(executionId: string): Promise<boolean>;
  fills(query?: FillQuery): Promise<FillRecord[]>;

  /** Replaces the account snapshot. */
  saveAccount(snapshot: AccountSnapshot): Promise<void>;
  loadAccount(): Promise<AccountSnapshot | undefined>;

  saveTradingState(state: TradingStateRecord): Promise<void>;
  loadTradingState(): Promise<TradingStateRecord | undefined>;

  saveRiskCounters(counters: RiskCounters): Promise<void>;
  loadRiskCounters(): Promise<RiskCounters | undefined>;

  /** Replaces the snapshot of one strategy or plugin instance. */
  saveSnapshot(snapshot: SnapshotRecord): Promise<void>;
  /** Every snapshot of a scope, by instance name. */
  loadSnapshots(scope: SnapshotScope): Promise<SnapshotRecord[]>;

  /**
   * Appends an event to the journal; resolves its sequence number. The order writes
   * journal themselves (`JOURNAL_EVENTS`), so callers append only their own events.
   */
  append(entry: JournalEntry): Promise<number>;
  journal(query?: JournalQuery): Promise<JournalRecord[]>;

  /** Releases the file and the single-writer lock. Safe to call twice. */
  close(): Promise<void>;
}
