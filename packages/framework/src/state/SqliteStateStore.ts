/**
 * The SQLite state store, the default for paper and live runs. better-sqlite3 is
 * synchronous, and each write commits inside the call: when the returned promise
 * exists the data is already on disk, so the runner may send the order on resolve.
 * The interface is still async, because the PostgreSQL store cannot be synchronous.
 * @module
 */
import type BetterSqlite3 from 'better-sqlite3';
import { MoexBotError } from '../errors.js';
import type { AccountSnapshot } from './AccountSnapshot.js';
import { jsonFromText, jsonToText, nanosFromText, numberToText } from './codec.js';
import type {
  ExecutionRecord,
  FillQuery,
  FillRecord,
  JournalEntry,
  JournalQuery,
  JournalRecord,
  OrderQuery,
  OrderRecord,
  RiskCounters,
  SnapshotRecord,
  SnapshotScope,
  StateStore,
  TradingStateRecord,
} from './StateStore.js';
import { stateFileError } from './sqliteErrors.js';
import { releaseHolder, type StateHolder } from './sqliteLock.js';
import {
  type AccountRow,
  type FillRow,
  fillFromRow,
  holdsFromText,
  type JournalRow,
  type OrderRow,
  orderFromRow,
  type PositionRow,
  positionFromRow,
  type RiskCountersRow,
  type TradingStateRow,
} from './sqliteRows.js';
import { prepareStatements, type SqliteStatements } from './sqliteStatements.js';
import { prepareTransactions, type SqliteTransactions } from './sqliteTransactions.js';

const MOSCOW_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A `StateStore` in one SQLite file, held by one process. Made by `openSqliteStateStore`.
 * Methods are `async` without awaiting anything: the whole body, commit included, runs
 * before the promise is returned, and a failure becomes a rejection, never a throw.
 */
export class SqliteStateStore implements StateStore {
  private readonly sql: SqliteStatements;
  private readonly writes: SqliteTransactions;
  private closed = false;

  /** @internal Use `openSqliteStateStore`. */
  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly lock: BetterSqlite3.Database | undefined,
    readonly location: string,
    /** The process that held the file last and ended without closing it, if any. */
    readonly staleHolder: StateHolder | undefined,
  ) {
    this.sql = prepareStatements(db);
    this.writes = prepareTransactions(db, this.sql);
  }

  async recordOrder(order: OrderRecord): Promise<void> {
    this.call(() => this.writes.recordOrder.immediate(order));
  }

  async updateOrder(order: OrderRecord): Promise<void> {
    this.call(() => this.writes.updateOrder.immediate(order));
  }

  async getOrder(id: string): Promise<OrderRecord | undefined> {
    return this.call(() => {
      const row = this.sql.getOrder.get(id) as OrderRow | undefined;
      return row && orderFromRow(row);
    });
  }

  async openOrders(): Promise<OrderRecord[]> {
    return this.call(() => (this.sql.openOrders.all() as OrderRow[]).map(orderFromRow));
  }

  async orders(query: OrderQuery = {}): Promise<OrderRecord[]> {
    return this.call(() => {
      const rows = this.sql.orders.all({
        since: query.since ?? Number.MIN_SAFE_INTEGER,
        limit: query.limit ?? -1,
      }) as OrderRow[];
      return rows.map(orderFromRow);
    });
  }

  async recordExecution(execution: ExecutionRecord): Promise<boolean> {
    return this.call(() => this.writes.recordExecution.immediate(execution));
  }

  async hasExecution(executionId: string): Promise<boolean> {
    return this.call(() => this.sql.hasFill.get(executionId) !== undefined);
  }

  async fills(query: FillQuery = {}): Promise<FillRecord[]> {
    return this.call(() => {
      const rows = this.sql.fills.all({
        since: query.since ?? Number.MIN_SAFE_INTEGER,
        order_id: query.orderId ?? null,
      }) as FillRow[];
      return rows.map(fillFromRow);
    });
  }

  async saveAccount(snapshot: AccountSnapshot): Promise<void> {
    this.call(() => this.writes.saveAccount.immediate(snapshot));
  }

  async loadAccount(): Promise<AccountSnapshot | undefined> {
    return this.call(() => {
      const row = this.sql.account.get() as AccountRow | undefined;
      if (row === undefined) return undefined;
      return {
        cashNanos: nanosFromText(row.cash),
        initialCashNanos: nanosFromText(row.initial_cash),
        positions: (this.sql.positions.all() as PositionRow[]).map(positionFromRow),
        time: row.time,
      };
    });
  }

  async saveTradingState(state: TradingStateRecord): Promise<void> {
    this.call(() => {
      const holds = state.holds.map(({ reason, state }) => ({ reason, state }));
      this.sql.upsertTradingState.run({
        state: state.state,
        reason: state.reason,
        holds: JSON.stringify(holds),
        time: state.time,
      });
    });
  }

  async loadTradingState(): Promise<TradingStateRecord | undefined> {
    return this.call(() => {
      const row = this.sql.tradingState.get() as TradingStateRow | undefined;
      if (row === undefined) return undefined;
      return {
        state: row.state,
        reason: row.reason,
        holds: holdsFromText(row.holds),
        time: row.time,
      };
    });
  }

  async saveRiskCounters(counters: RiskCounters): Promise<void> {
    this.call(() => {
      if (!MOSCOW_DAY.test(counters.moscowDay)) {
        throw new MoexBotError(
          'STATE_RECORD_INVALID',
          `risk counters moscowDay "${counters.moscowDay}" is not YYYY-MM-DD`,
        );
      }
      this.sql.upsertRiskCounters.run({
        moscow_day: counters.moscowDay,
        day_start_equity: numberToText(counters.dayStartEquity, 'risk counters dayStartEquity'),
        daily_loss_tripped: counters.dailyLossTripped ? 1 : 0,
        equity_peak: numberToText(counters.equityPeak, 'risk counters equityPeak'),
        time: counters.time,
      });
    });
  }

  async loadRiskCounters(): Promise<RiskCounters | undefined> {
    return this.call(() => {
      const row = this.sql.riskCounters.get() as RiskCountersRow | undefined;
      if (row === undefined) return undefined;
      return {
        moscowDay: row.moscow_day,
        dayStartEquity: Number(row.day_start_equity),
        dailyLossTripped: row.daily_loss_tripped === 1,
        equityPeak: Number(row.equity_peak),
        time: row.time,
      };
    });
  }

  async saveSnapshot(snapshot: SnapshotRecord): Promise<void> {
    this.call(() => {
      const what = `${snapshot.scope} snapshot "${snapshot.name}"`;
      this.sql.upsertSnapshot.run({
        scope: snapshot.scope,
        name: snapshot.name,
        data: jsonToText(snapshot.data, what),
        time: snapshot.time,
      });
    });
  }

  async loadSnapshots(scope: SnapshotScope): Promise<SnapshotRecord[]> {
    return this.call(() =>
      (this.sql.snapshots.all(scope) as Array<Omit<SnapshotRecord, 'data'> & { data: string }>).map(
        (row) => ({
          scope: row.scope,
          name: row.name,
          data: jsonFromText(row.data),
          time: row.time,
        }),
      ),
    );
  }

  async append(entry: JournalEntry): Promise<number> {
    return this.call(() => {
      const data = jsonToText(entry.data, `journal entry ${entry.type} data`);
      return Number(this.sql.append.run(entry.time, entry.type, data).lastInsertRowid);
    });
  }

  async journal(query: JournalQuery = {}): Promise<JournalRecord[]> {
    return this.call(() => {
      const rows = this.sql.journal.all({
        after: query.after ?? 0,
        types: query.types === undefined ? null : JSON.stringify(query.types),
        limit: query.limit ?? -1,
      }) as JournalRow[];
      return rows.map((row) => ({ ...row, data: jsonFromText(row.data) }));
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      releaseHolder(this.db);
    } catch {
      // The holder record only names the holder; left behind, the next open reports it
      // as stale and replaces it.
    }
    // The file is closed before the lock is released, so the next holder never overlaps
    // with this connection.
    this.db.close();
    this.lock?.close();
  }

  /** Runs one call against the open file, turning driver errors into coded ones. */
  private call<T>(body: () => T): T {
    if (this.closed) {
      throw new MoexBotError('STATE_CLOSED', `state file ${this.location} is already closed`);
    }
    try {
      return body();
    } catch (error) {
      throw stateFileError(error, this.location);
    }
  }
}
