/**
 * The plugin contract: what strategy, risk, alert and broker plugins implement.
 * @module
 */
export * from './alert.js';
export * from './broker.js';
export * from './define.js';
export * from './marketData.js';
export * from './operator.js';
export * from './risk.js';
export * from './services.js';
export * from './signal.js';
export * from './venue.js';
