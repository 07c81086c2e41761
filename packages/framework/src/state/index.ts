/**
 * Durable state of paper and live runs: orders before they are sent, fills once,
 * the account, the trading state, risk counters, plugin snapshots and a journal.
 * @module
 */
export * from './AccountSnapshot.js';
export * from './openSqliteStateStore.js';
export * from './replayAccount.js';
export * from './SqliteStateStore.js';
export * from './StateStore.js';
export type { StateHolder } from './sqliteLock.js';
