/**
 * Opens (or creates) a SQLite state file: takes the single-writer lock, checks that the
 * file is a moex-bot state database of a schema this build knows, brings it up to date
 * and records this process as its holder.
 * @module
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { MoexBotError } from '../errors.js';
import { migrate, STATE_APPLICATION_ID } from './migrations.js';
import { SqliteStateStore } from './SqliteStateStore.js';
import { stateFileError } from './sqliteErrors.js';
import { claimHolder, lockPath, lockStateFile } from './sqliteLock.js';

/** Tuning of `openSqliteStateStore`. */
export interface SqliteStateStoreOptions {
  /**
   * How long a call waits for a reader holding the file (e.g. the sqlite3 shell) before
   * failing, in milliseconds. Default 5000.
   */
  readonly busyTimeoutMs?: number | undefined;
}

/**
 * Opens the state file at `file`, creating it and its folders if needed; `':memory:'`
 * gives a private, unlocked store for tests. Rejects with a coded error naming the file:
 * `MOEXBOT_ERR_STATE_LOCKED` while another process holds it,
 * `MOEXBOT_ERR_STATE_FILE_CORRUPT` for a file that is not an SQLite database,
 * `MOEXBOT_ERR_STATE_FILE_FOREIGN` for another application's database,
 * `MOEXBOT_ERR_STATE_SCHEMA_TOO_NEW` for a file of a newer moex-bot, and
 * `MOEXBOT_ERR_STATE_FILE_UNREADABLE` when it cannot be opened for writing.
 *
 * better-sqlite3 is loaded here, not when the framework is imported, so plugin packages
 * importing the framework never load its native module.
 * @example
 * const store = await openSqliteStateStore('runs/live/state.db');
 * try {
 *   for (const order of await store.openOrders()) await reconcile(order);
 * } finally {
 *   await store.close();
 * }
 */
export async function openSqliteStateStore(
  file: string,
  options: SqliteStateStoreOptions = {},
): Promise<SqliteStateStore> {
  const memory = file === ':memory:';
  const location = memory ? file : path.resolve(file);
  let Database: typeof BetterSqlite3;
  try {
    Database = (await import('better-sqlite3')).default;
  } catch (error) {
    throw new MoexBotError(
      'STATE_FILE_UNREADABLE',
      `state file ${location} cannot be opened: the better-sqlite3 module does not load (${(error as Error).message}); reinstall with \`npm ci\``,
      { cause: error },
    );
  }
  let lock: BetterSqlite3.Database | undefined;
  let lockIsNew = false;
  let db: BetterSqlite3.Database | undefined;
  try {
    if (!memory) {
      if (statSync(location, { throwIfNoEntry: false })?.isDirectory()) {
        throw new MoexBotError(
          'STATE_FILE_UNREADABLE',
          `state file ${location} is a folder; give the path of a file in it`,
        );
      }
      mkdirSync(path.dirname(location), { recursive: true });
      lockIsNew = !existsSync(lockPath(location));
      lock = lockStateFile(Database, location);
    }
    db = new Database(location, { timeout: options.busyTimeoutMs ?? 5000 });
    checkOwnFile(db, location);
    configure(db);
    migrate(db, location, Date.now);
    const stale = claimHolder(db);
    return new SqliteStateStore(db, lock, location, stale);
  } catch (error) {
    db?.close();
    // A path given by mistake (a config file, another app's database) keeps no lock file
    // beside it. Removed while still held, so no other process can be holding it.
    if (lock && lockIsNew) rmSync(lockPath(location), { force: true });
    lock?.close();
    throw stateFileError(error, location);
  }
}

/**
 * Refuses a database of another application before anything is written to it (even
 * switching it to WAL would change it). Reading the header is also the first read, so
 * a file that is not SQLite fails here with SQLITE_NOTADB.
 */
function checkOwnFile(db: BetterSqlite3.Database, location: string): void {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId === STATE_APPLICATION_ID) return;
  const tables = db
    .prepare(`SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'`)
    .pluck()
    .get() as number;
  if (applicationId !== 0 || tables > 0) {
    throw new MoexBotError(
      'STATE_FILE_FOREIGN',
      `state file ${location} is a database of another application (application id ${applicationId}, ${tables} tables); moex-bot writes only into its own state files`,
    );
  }
}

/**
 * - `journal_mode = WAL`: a commit appends to the write-ahead log (no rewrite of pages in
 *   place), and readers such as the sqlite3 shell never block the bot.
 * - `synchronous = FULL`: in WAL mode every commit is durable against a process kill
 *   even with NORMAL, since the log write reaches the OS before COMMIT returns; against
 *   power loss or a kernel crash only FULL, which syncs the log at each commit, keeps the
 *   last commits. An order key lost that way would leave an order the broker has and the
 *   restarted bot does not know, so the bot pays one fsync per commit (well under a
 *   millisecond to a few ms), which order and fill rates afford.
 * - `fullfsync`: on macOS a plain fsync leaves data in the drive cache; elsewhere a no-op.
 * - `foreign_keys = ON`: a fill cannot name an order that was never recorded.
 */
function configure(db: BetterSqlite3.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('fullfsync = ON');
  db.pragma('foreign_keys = ON');
}
