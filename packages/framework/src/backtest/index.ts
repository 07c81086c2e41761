/**
 * Backtesting: compose a run from plugins or a config, drive it over a feed, and
 * compute and write its results.
 * @module
 */
export * from './BacktestRecorder.js';
export * from './backtestFromConfig.js';
export * from './createBacktest.js';
export * from './runBacktest.js';
export * from './statistics.js';
export * from './writeResults.js';
