import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStateStore } from './describeStateStore.fixture.js';
import { migrate, migrations, SCHEMA_VERSION, STATE_APPLICATION_ID } from './migrations.js';
import { openSqliteStateStore } from './openSqliteStateStore.js';
import { makeOrder } from './records.fixture.js';

let dir: string;
let count = 0;
const freshPath = () => path.join(dir, `run-${++count}`, 'state.db');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'moexbot-state-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describeStateStore('SqliteStateStore (file)', {
  open: () => openSqliteStateStore(freshPath()),
  reopen: async (store) => {
    await store.close();
    return openSqliteStateStore(store.location);
  },
});

describeStateStore('SqliteStateStore (:memory:)', {
  open: () => openSqliteStateStore(':memory:'),
});

/** Opening `file` fails; returns the error. */
async function openError(file: string): Promise<Error & { code?: string }> {
  const error = await openSqliteStateStore(file).then(
    () => new Error('opened'),
    (e: unknown) => e as Error,
  );
  return error;
}

describe('openSqliteStateStore', () => {
  it('creates the file and its folders in WAL mode, at the current schema version', async () => {
    const file = freshPath();
    const store = await openSqliteStateStore(file);
    expect(store.location).toBe(path.resolve(file));
    expect(store.staleHolder).toBeUndefined();
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('application_id', { simple: true })).toBe(STATE_APPLICATION_ID);
    expect(db.prepare('SELECT version, name FROM schema_version').all()).toEqual(
      migrations.map(({ version, name }) => ({ version, name })),
    );
    // A clean close leaves no holder behind.
    expect(db.prepare('SELECT * FROM holder').all()).toEqual([]);
    db.close();
  });

  it('refuses a second open of a file in use, naming the process, and opens once it is closed', async () => {
    const file = freshPath();
    const first = await openSqliteStateStore(file);
    await first.recordOrder(makeOrder('kept'));
    const error = await openError(file);
    expect(error).toMatchObject({ code: 'MOEXBOT_ERR_STATE_LOCKED' });
    expect(error.message).toContain(`in use by process ${process.pid} on ${os.hostname()}`);
    expect(error.message).toContain(path.resolve(file));
    // The refused open disturbed nothing: the first store still works.
    await first.recordOrder(makeOrder('after'));
    await first.close();

    const second = await openSqliteStateStore(file);
    expect((await second.orders()).map((o) => o.id)).toEqual(['kept', 'after']);
    await second.close();
  });

  it('gives one clear message for a file that is not SQLite, and leaves it alone', async () => {
    const file = path.join(dir, 'moex-bot.yaml');
    const content = 'mode: paper\nstrategies:\n  - id: sma-cross\n'.repeat(20);
    await writeFile(file, content);
    const error = await openError(file);
    expect(error).toMatchObject({ code: 'MOEXBOT_ERR_STATE_FILE_CORRUPT' });
    expect(error.message).toBe(
      `state file ${file} is not an SQLite database, or is damaged (file is not a database)`,
    );
    expect(error.message).not.toContain('\n');
    expect(await readFile(file, 'utf8')).toBe(content);
    expect(existsSync(`${file}-lock`)).toBe(false);
  });

  it("refuses another application's database without changing it", async () => {
    const file = path.join(dir, 'other.db');
    const other = new Database(file);
    other.exec('CREATE TABLE users (id INTEGER PRIMARY KEY)');
    other.close();
    const error = await openError(file);
    expect(error).toMatchObject({ code: 'MOEXBOT_ERR_STATE_FILE_FOREIGN' });
    expect(error.message).toContain(file);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    db.close();
  });

  it('refuses a file written by a newer schema, and leaves it as it was', async () => {
    const file = freshPath();
    await (await openSqliteStateStore(file)).close();
    const raw = new Database(file);
    raw.prepare('INSERT INTO schema_version VALUES (?, ?, ?)').run(SCHEMA_VERSION + 7, 'future', 0);
    raw.close();
    const error = await openError(file);
    expect(error).toMatchObject({ code: 'MOEXBOT_ERR_STATE_SCHEMA_TOO_NEW' });
    expect(error.message).toContain(`schema version ${SCHEMA_VERSION + 7}`);
    expect(error.message).toContain(`up to ${SCHEMA_VERSION}`);
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT * FROM holder').all()).toEqual([]);
    db.close();
  });

  it('refuses a folder as the state path', async () => {
    const folder = path.join(dir, 'a-folder');
    await mkdir(folder);
    const error = await openError(folder);
    expect(error).toMatchObject({ code: 'MOEXBOT_ERR_STATE_FILE_UNREADABLE' });
    expect(error.message).toContain(folder);
  });

  it('refuses a state path below a file', async () => {
    const file = path.join(dir, 'plain-file');
    await writeFile(file, 'x');
    const error = await openError(path.join(file, 'state.db'));
    expect(error).toMatchObject({ code: 'MOEXBOT_ERR_STATE_FILE_UNREADABLE' });
  });
});

describe('migrate', () => {
  const step = (version: number, sql: string) => ({ version, name: `step ${version}`, sql });

  it('applies only the missing steps, each recorded once', () => {
    const db = new Database(':memory:');
    migrate(db, 'test', () => 1, [step(1, 'CREATE TABLE a (x INTEGER)')]);
    migrate(db, 'test', () => 2, [
      step(1, 'CREATE TABLE a (x INTEGER)'),
      step(2, 'CREATE TABLE b (y INTEGER)'),
    ]);
    expect(db.prepare('SELECT version, applied_at FROM schema_version').all()).toEqual([
      { version: 1, applied_at: 1 },
      { version: 2, applied_at: 2 },
    ]);
    db.close();
  });

  it('leaves the file at its old version when a step fails', () => {
    const db = new Database(':memory:');
    migrate(db, 'test', () => 1, [step(1, 'CREATE TABLE a (x INTEGER)')]);
    expect(() =>
      migrate(db, 'test', () => 2, [
        step(1, 'CREATE TABLE a (x INTEGER)'),
        step(2, 'CREATE TABLE b (y INTEGER)'),
        step(3, 'CREATE TABLE broken ('),
      ]),
    ).toThrow();
    expect(db.prepare('SELECT max(version) AS v FROM schema_version').get()).toEqual({ v: 1 });
    expect(db.prepare(`SELECT name FROM sqlite_schema WHERE name = 'b'`).get()).toBeUndefined();
    db.close();
  });
});
