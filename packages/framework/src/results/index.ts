/**
 * Backtest results as a run folder: `<runs>/<run-id>/` with Parquet tables, an Arrow
 * IPC equity curve, display candles and `run.json`; and reading runs back.
 * @module
 */
export * from './BacktestStatisticsSchema.js';
export * from './configHash.js';
export * from './createRunFolder.js';
export * from './DisplayCandles.js';
export * from './describeCsvData.js';
export * from './listRuns.js';
export * from './loadRun.js';
export * from './RunRecordSchema.js';
export * from './readRunRecord.js';
export * from './runId.js';
// The column schemas, for readers; the conversions to columns are internal.
export {
  CANDLES_COLUMNS,
  EQUITY_COLUMNS,
  FILLS_COLUMNS,
  ORDERS_COLUMNS,
  TRADES_COLUMNS,
} from './runTables.js';
export * from './writeRun.js';
