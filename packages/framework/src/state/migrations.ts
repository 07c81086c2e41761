/**
 * The SQLite schema of the state store, as numbered migrations. A file records the
 * migrations applied to it in `schema_version`; opening it applies the missing ones in
 * one transaction and refuses a file written by a newer version. Migrations only go
 * forward, and a released migration is never edited: add the next number instead.
 * @module
 */
import type BetterSqlite3 from 'better-sqlite3';
import { MoexBotError } from '../errors.js';

/** One step of the schema. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Marks a database as a moex-bot state file (`PRAGMA application_id`, "MXBT"), so a
 * database of another application is never mistaken for one, nor written into.
 */
export const STATE_APPLICATION_ID = 0x4d584254;

const ORDER_STATUSES = `'new', 'submitted', 'partially_filled', 'filled', 'cancelled', 'rejected'`;

/**
 * Money and prices are TEXT holding exact decimals (see `codec.ts`), never REAL.
 * Tables are STRICT, so a value of the wrong type is refused instead of converted.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE orders (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        strategy_id TEXT NOT NULL,
        instrument TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        type TEXT NOT NULL CHECK (type IN ('market', 'limit')),
        lots INTEGER NOT NULL CHECK (lots > 0),
        limit_price TEXT,
        reason TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN (${ORDER_STATUSES})),
        filled_lots INTEGER NOT NULL CHECK (filled_lots BETWEEN 0 AND lots),
        updated_at INTEGER NOT NULL,
        broker_order_id TEXT,
        reject_reason TEXT
      ) STRICT;
      -- Only open orders are indexed: after a restart they are the keys to reconcile.
      CREATE INDEX orders_open ON orders (seq)
        WHERE status IN ('new', 'submitted', 'partially_filled');
      CREATE INDEX orders_created ON orders (created_at);

      CREATE TABLE fills (
        seq INTEGER PRIMARY KEY,
        execution_id TEXT NOT NULL UNIQUE,
        order_id TEXT NOT NULL REFERENCES orders (id),
        strategy_id TEXT NOT NULL,
        instrument TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        lots INTEGER NOT NULL CHECK (lots > 0),
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        price TEXT NOT NULL,
        commission TEXT NOT NULL,
        time INTEGER NOT NULL,
        reason TEXT NOT NULL
      ) STRICT;
      CREATE INDEX fills_order ON fills (order_id);
      CREATE INDEX fills_time ON fills (time);

      CREATE TABLE account (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        cash TEXT NOT NULL,
        initial_cash TEXT NOT NULL,
        time INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE positions (
        instrument TEXT PRIMARY KEY,
        quantity INTEGER NOT NULL,
        -- [{"quantity": 10, "price": "250.37"}, ...], oldest first
        open_lots TEXT NOT NULL CHECK (json_valid(open_lots)),
        cost TEXT NOT NULL,
        realized TEXT NOT NULL,
        commission TEXT NOT NULL,
        last_price TEXT,
        trade TEXT CHECK (trade IS NULL OR json_valid(trade))
      ) STRICT;

      CREATE TABLE trading_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        state TEXT NOT NULL CHECK (state IN ('active', 'reducing', 'halted')),
        reason TEXT NOT NULL,
        holds TEXT NOT NULL CHECK (json_valid(holds)),
        time INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE risk_counters (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        moscow_day TEXT NOT NULL,
        day_start_equity TEXT NOT NULL,
        daily_loss_tripped INTEGER NOT NULL CHECK (daily_loss_tripped IN (0, 1)),
        equity_peak TEXT NOT NULL,
        time INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE snapshots (
        scope TEXT NOT NULL CHECK (scope IN ('strategy', 'plugin')),
        name TEXT NOT NULL,
        data TEXT NOT NULL CHECK (json_valid(data)),
        time INTEGER NOT NULL,
        PRIMARY KEY (scope, name)
      ) STRICT;

      -- AUTOINCREMENT: a sequence number is never reused, even if old entries are pruned.
      CREATE TABLE journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        time INTEGER NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL CHECK (json_valid(data))
      ) STRICT;
      CREATE INDEX journal_type ON journal (type, seq);

      -- Who holds the file: read by a second process to name the holder it is refused for.
      CREATE TABLE holder (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        since TEXT NOT NULL
      ) STRICT;
    `,
  },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = migrations.at(-1)!.version;

/** The highest migration recorded in a database, 0 for a new one. */
export function schemaVersionOf(db: BetterSqlite3.Database): number {
  const table = db
    .prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'`)
    .get();
  if (table === undefined) return 0;
  const row = db.prepare('SELECT max(version) AS version FROM schema_version').get() as {
    version: number | null;
  };
  return row.version ?? 0;
}

/**
 * Brings a database to the last version of `list` (`SCHEMA_VERSION` by default). Runs
 * inside one IMMEDIATE transaction, so a crash or a failing step leaves the file as it
 * was, and the version read and the writes cannot interleave with another connection.
 */
export function migrate(
  db: BetterSqlite3.Database,
  location: string,
  now: () => number,
  list: readonly Migration[] = migrations,
): void {
  const latest = list.at(-1)?.version ?? 0;
  db.transaction(() => {
    const current = schemaVersionOf(db);
    if (current > latest) {
      throw new MoexBotError(
        'STATE_SCHEMA_TOO_NEW',
        `state file ${location} has schema version ${current}; this moex-bot knows versions up to ${latest}: upgrade moex-bot`,
      );
    }
    if (current === 0) {
      db.exec(`CREATE TABLE schema_version (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at INTEGER NOT NULL
      ) STRICT`);
      db.pragma(`application_id = ${STATE_APPLICATION_ID}`);
    }
    const record = db.prepare(
      'INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)',
    );
    for (const migration of list) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now());
    }
  }).immediate();
}
