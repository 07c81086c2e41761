/**
 * `@moex-bot/framework`: the host runtime of moex-bot. Plugin authors import the
 * contracts (`defineStrategy`, `signals`, `decisions`, `z`); operators use the
 * `moex-bot` CLI; embedders call `backtest` or `backtestFromConfig`.
 * @module
 */
export { z } from 'zod';
export * from './alerts/index.js';
export * from './backtest/index.js';
export * from './config/index.js';
export * from './contracts/index.js';
export * from './control/index.js';
export * from './data/index.js';
export * from './di/index.js';
export * from './domain/index.js';
export * from './engine/index.js';
export * from './errors.js';
export * from './live/index.js';
export * from './market/index.js';
export * from './observability/index.js';
export * from './parquet/index.js';
export * from './plugins/index.js';
export * from './quality/index.js';
export * from './report/index.js';
export * from './run/index.js';
export * from './sim/index.js';
export * from './state/index.js';
export { frameworkVersion } from './version.js';
