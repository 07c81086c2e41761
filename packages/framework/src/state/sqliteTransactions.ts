/**
 * The writes of the SQLite state store that touch several rows, each one transaction:
 * a crash (or a refused part) leaves either all of a write or none of it. Each also
 * journals itself inside the same transaction, so the journal never tells of a write
 * that did not happen, nor misses one that did.
 * @module
 */
import type BetterSqlite3 from 'better-sqlite3';
import { MoexBotError } from '../errors.js';
import { type AccountSnapshot, checkAccountSnapshot } from './AccountSnapshot.js';
import { nanosToText } from './codec.js';
import { type ExecutionRecord, JOURNAL_EVENTS, type OrderRecord } from './StateStore.js';
import { fillToRow, orderToRow, positionToRow } from './sqliteRows.js';
import type { SqliteStatements } from './sqliteStatements.js';

/** The multi-row writes; run them `.immediate`, since each one writes. */
export interface SqliteTransactions {
  readonly recordOrder: BetterSqlite3.Transaction<(order: OrderRecord) => void>;
  readonly updateOrder: BetterSqlite3.Transaction<(order: OrderRecord) => void>;
  /** Resolves false, writing nothing, for an execution id already booked. */
  readonly recordExecution: BetterSqlite3.Transaction<(execution: ExecutionRecord) => boolean>;
  readonly saveAccount: BetterSqlite3.Transaction<(snapshot: AccountSnapshot) => void>;
}

/** Builds the transactions of one connection over its prepared statements. */
export function prepareTransactions(
  db: BetterSqlite3.Database,
  sql: SqliteStatements,
): SqliteTransactions {
  const journalOrder = (type: string, time: number, order: OrderRecord) =>
    sql.append.run(time, type, JSON.stringify(order));

  const updateRow = (order: OrderRecord) => {
    if (sql.updateOrder.run(orderToRow(order)).changes === 0) {
      throw new MoexBotError(
        'STATE_ORDER_UNKNOWN',
        `order ${order.id} was never recorded, so it cannot be updated`,
      );
    }
  };

  // Called inside recordExecution it joins that transaction (better-sqlite3 nests a savepoint).
  const saveAccount = db.transaction((snapshot: AccountSnapshot) => {
    checkAccountSnapshot(snapshot);
    sql.upsertAccount.run({
      cash: nanosToText(snapshot.cashNanos),
      initial_cash: nanosToText(snapshot.initialCashNanos),
      time: snapshot.time,
    });
    sql.clearPositions.run();
    for (const position of snapshot.positions) sql.insertPosition.run(positionToRow(position));
  });

  return {
    recordOrder: db.transaction((order: OrderRecord) => {
      if (sql.insertOrder.run(orderToRow(order)).changes === 0) {
        throw new MoexBotError(
          'STATE_DUPLICATE_ORDER',
          `order ${order.id} is already recorded: it may have reached the broker, so it is never sent again`,
        );
      }
      journalOrder(JOURNAL_EVENTS.orderRecorded, order.createdAt, order);
    }),

    updateOrder: db.transaction((order: OrderRecord) => {
      updateRow(order);
      journalOrder(JOURNAL_EVENTS.orderUpdated, order.updatedAt, order);
    }),

    recordExecution: db.transaction((execution: ExecutionRecord) => {
      const { executionId, fill, order, account } = execution;
      if (fill.orderId !== order.id) {
        throw new MoexBotError(
          'STATE_RECORD_INVALID',
          `execution ${executionId}: the fill is of order ${fill.orderId}, the order given is ${order.id}`,
        );
      }
      // A replayed report: booked already, so nothing at all changes.
      if (sql.hasFill.get(executionId) !== undefined) return false;
      updateRow(order);
      sql.insertFill.run(fillToRow(executionId, fill));
      if (account) saveAccount(account);
      const data = {
        executionId,
        orderId: order.id,
        status: order.status,
        filledLots: order.filledLots,
        lots: fill.lots,
        price: fill.price,
        commission: fill.commission,
      };
      sql.append.run(fill.time, JOURNAL_EVENTS.orderFilled, JSON.stringify(data));
      return true;
    }),

    saveAccount,
  };
}
