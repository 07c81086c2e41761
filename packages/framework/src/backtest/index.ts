/**
 * Backtesting: compose a run from plugins or a config, drive it over a feed, compute
 * its results, and write and read them as run folders.
 * @module
 */

// The run folder is the form a backtest's results take on disk (see `results/`).
export * from '../results/index.js';
export * from './BacktestRecorder.js';
export * from './backtestFromConfig.js';
export * from './createBacktest.js';
export * from './runBacktest.js';
export * from './statistics.js';
