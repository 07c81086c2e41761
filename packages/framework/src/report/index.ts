/**
 * Self-contained HTML reports of backtest runs.
 * @module
 */
export * from './monthlyReturns.js';
export * from './ReportRun.js';
export * from './renderComparison.js';
export * from './renderReport.js';
export * from './reportRunOf.js';
export * from './statisticsRows.js';
export * from './writeReport.js';
