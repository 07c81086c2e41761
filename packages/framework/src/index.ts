/**
 * `@moex-bot/framework`: the host runtime of moex-bot. Plugin authors import the
 * contracts (`defineStrategy`, `signals`, `decisions`, `z`); operators use the
 * `moex-bot` CLI; embedders call `runBacktest`.
 * @module
 */
export { z } from 'zod';
export * from './contracts/index.js';
export * from './domain/index.js';
export * from './errors.js';
export * from './sim/index.js';
export * from './plugins/index.js';
export * from './market/index.js';
