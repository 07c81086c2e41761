/**
 * The single-writer guard of a state file. Two bots on one file would both send the
 * pending orders they find, so a second process is refused, naming the first.
 *
 * The guard is an operating-system lock, not a pid in a file: a pid check is fooled by
 * pid reuse and by containers (every restart is pid 1 under a new host name), while an
 * OS lock dies with its process, however it ends (SIGKILL, OOM, power loss). The lock is
 * an exclusive SQLite transaction held open on a companion file `<state file>-lock`, so
 * it is the same portable file lock SQLite uses for itself. The holder's pid and host are
 * written into the state file only to name it in the refusal.
 * @module
 */
import { hostname } from 'node:os';
import type BetterSqlite3 from 'better-sqlite3';
import { MoexBotError } from '../errors.js';
import { isBusy, stateFileError } from './sqliteErrors.js';

/** The process holding a state file, as it recorded itself. */
export interface StateHolder {
  readonly pid: number;
  readonly host: string;
  /** When it opened the file, ISO 8601. */
  readonly since: string;
}

type DatabaseClass = typeof BetterSqlite3;

/** The companion file whose lock guards the state file at `location`. */
export function lockPath(location: string): string {
  return `${location}-lock`;
}

/**
 * Takes the lock of the state file at `location`; the returned connection holds it until
 * closed. The lock file stays after a close: deleting it would let a process that opened
 * the old file and one that creates a new one both hold "the" lock. It is never opened by
 * anything but SQLite either: closing any other descriptor of it would drop the POSIX
 * lock with it.
 */
export function lockStateFile(Database: DatabaseClass, location: string): BetterSqlite3.Database {
  let lock: BetterSqlite3.Database | undefined;
  try {
    lock = new Database(lockPath(location), { timeout: 0 });
    // Never committed: the transaction, and with it the lock, lasts as long as the connection.
    lock.exec('BEGIN EXCLUSIVE');
    return lock;
  } catch (error) {
    lock?.close();
    if (!isBusy(error)) throw stateFileError(error, lockPath(location));
    const holder = readHolder(Database, location);
    const who = holder
      ? `process ${holder.pid} on ${holder.host} (since ${holder.since})`
      : 'another process';
    throw new MoexBotError(
      'STATE_LOCKED',
      `state file ${location} is in use by ${who}; stop it first or give this run another state file`,
    );
  }
}

/** Who holds the file, if it says; any failure to read it just means unknown. */
function readHolder(Database: DatabaseClass, location: string): StateHolder | undefined {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(location, { readonly: true, fileMustExist: true, timeout: 200 });
    return db.prepare('SELECT pid, host, since FROM holder WHERE id = 1').get() as
      | StateHolder
      | undefined;
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}

/**
 * Records this process as the holder; returns the previous holder when one is left
 * over, i.e. the last process using the file ended without closing it.
 */
export function claimHolder(db: BetterSqlite3.Database): StateHolder | undefined {
  const previous = db.prepare('SELECT pid, host, since FROM holder WHERE id = 1').get() as
    | StateHolder
    | undefined;
  db.prepare(
    `INSERT INTO holder (id, pid, host, since) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, host = excluded.host, since = excluded.since`,
  ).run(process.pid, hostname(), new Date().toISOString());
  return previous;
}

/** Clears the holder record on a clean close. */
export function releaseHolder(db: BetterSqlite3.Database): void {
  db.prepare('DELETE FROM holder WHERE id = 1 AND pid = ?').run(process.pid);
}
