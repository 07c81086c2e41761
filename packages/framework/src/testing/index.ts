/**
 * `@moex-bot/framework/testing`: the test kit for plugin authors and the framework's own
 * tests, starting with deterministic SYNTHETIC market data.
 * @module
 */
export * from './syntheticBars.js';
