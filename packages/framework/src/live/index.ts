/**
 * Live sessions: paper, sandbox and real trading on a venue's market data, with
 * orders durable before they are sent and reconciliation on every start.
 * @module
 */
export * from './heapTuning.js';
export * from './LiveClock.js';
export * from './LiveMetrics.js';
export * from './PersistingBroker.js';
export * from './readiness.js';
export * from './restoreAccount.js';
export * from './riskCounters.js';
export * from './SerialWriter.js';
export * from './SessionGate.js';
export * from './SessionWatch.js';
export * from './StateRecorder.js';
export * from './startLive.js';
export * from './strategySnapshots.js';
export * from './venueInstruments.js';
