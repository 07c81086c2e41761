/**
 * Every SQL statement of the SQLite state store, prepared once per connection: the
 * store's calls are then a bind and a step, with no parsing on the order path.
 * @module
 */
import type BetterSqlite3 from 'better-sqlite3';

const OPEN_STATUSES = `('new', 'submitted', 'partially_filled')`;

/** The SQL of each statement, for the schema at `SCHEMA_VERSION`. */
const SQL = {
  insertOrder: `INSERT INTO orders (id, strategy_id, instrument, side, type, lots, limit_price, reason,
         created_at, status, filled_lots, updated_at, broker_order_id, reject_reason)
       VALUES (@id, @strategy_id, @instrument, @side, @type, @lots, @limit_price, @reason,
         @created_at, @status, @filled_lots, @updated_at, @broker_order_id, @reject_reason)
       ON CONFLICT (id) DO NOTHING`,
  updateOrder: `UPDATE orders SET status = @status, filled_lots = @filled_lots, updated_at = @updated_at,
         broker_order_id = @broker_order_id, reject_reason = @reject_reason
       WHERE id = @id`,
  getOrder: 'SELECT * FROM orders WHERE id = ?',
  openOrders: `SELECT * FROM orders WHERE status IN ${OPEN_STATUSES} ORDER BY seq`,
  orders: 'SELECT * FROM orders WHERE created_at >= @since ORDER BY seq LIMIT @limit',

  hasFill: 'SELECT 1 FROM fills WHERE execution_id = ?',
  insertFill: `INSERT INTO fills (execution_id, order_id, strategy_id, instrument, side, lots, quantity,
         price, commission, time, reason)
       VALUES (@execution_id, @order_id, @strategy_id, @instrument, @side, @lots, @quantity,
         @price, @commission, @time, @reason)`,
  fills: `SELECT * FROM fills WHERE time >= @since AND (@order_id IS NULL OR order_id = @order_id)
       ORDER BY seq`,

  upsertAccount: `INSERT INTO account (id, cash, initial_cash, time) VALUES (1, @cash, @initial_cash, @time)
       ON CONFLICT (id) DO UPDATE SET
         cash = excluded.cash, initial_cash = excluded.initial_cash, time = excluded.time`,
  clearPositions: 'DELETE FROM positions',
  insertPosition: `INSERT INTO positions (instrument, quantity, open_lots, cost, realized, commission,
         last_price, trade)
       VALUES (@instrument, @quantity, @open_lots, @cost, @realized, @commission,
         @last_price, @trade)`,
  account: 'SELECT cash, initial_cash, time FROM account WHERE id = 1',
  // Positions come back in the order the snapshot listed them.
  positions: 'SELECT * FROM positions ORDER BY rowid',

  upsertTradingState: `INSERT INTO trading_state (id, state, reason, holds, time)
       VALUES (1, @state, @reason, @holds, @time)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, reason = excluded.reason,
         holds = excluded.holds, time = excluded.time`,
  tradingState: 'SELECT state, reason, holds, time FROM trading_state WHERE id = 1',

  upsertRiskCounters: `INSERT INTO risk_counters (id, moscow_day, day_start_equity, daily_loss_tripped,
         equity_peak, time)
       VALUES (1, @moscow_day, @day_start_equity, @daily_loss_tripped, @equity_peak, @time)
       ON CONFLICT (id) DO UPDATE SET moscow_day = excluded.moscow_day,
         day_start_equity = excluded.day_start_equity,
         daily_loss_tripped = excluded.daily_loss_tripped,
         equity_peak = excluded.equity_peak, time = excluded.time`,
  riskCounters: `SELECT moscow_day, day_start_equity, daily_loss_tripped, equity_peak, time
       FROM risk_counters WHERE id = 1`,

  upsertSnapshot: `INSERT INTO snapshots (scope, name, data, time) VALUES (@scope, @name, @data, @time)
       ON CONFLICT (scope, name) DO UPDATE SET data = excluded.data, time = excluded.time`,
  snapshots: 'SELECT scope, name, data, time FROM snapshots WHERE scope = ? ORDER BY name',

  append: 'INSERT INTO journal (time, type, data) VALUES (?, ?, ?)',
  journal: `SELECT seq, time, type, data FROM journal
       WHERE seq > @after AND (@types IS NULL OR type IN (SELECT value FROM json_each(@types)))
       ORDER BY seq LIMIT @limit`,
} as const;

/** The statements of one connection. */
export type SqliteStatements = { readonly [name in keyof typeof SQL]: BetterSqlite3.Statement };

/** Prepares every statement on `db`. */
export function prepareStatements(db: BetterSqlite3.Database): SqliteStatements {
  const statements: Partial<Record<keyof typeof SQL, BetterSqlite3.Statement>> = {};
  for (const name of Object.keys(SQL) as Array<keyof typeof SQL>) {
    statements[name] = db.prepare(SQL[name]);
  }
  return statements as SqliteStatements;
}
