/**
 * A small typed-columns codec for Parquet and Arrow IPC files, used by the market-data
 * store and by run results. Write columns (`timestamp` as UTC ms, `float64`, `int32`,
 * `int64`, `utf8`, `bool`) with `encodeParquet` / `encodeArrowFile`; read them back a row
 * group at a time with `openParquet` / `readParquetColumns`, the schema checked on open.
 * apache-arrow and parquet-wasm load on first use.
 * @module
 */
export * from './arrowFile.js';
export * from './checkSchema.js';
export * from './columns.js';
export * from './encodeParquet.js';
export * from './int64.js';
export * from './openParquet.js';
export * from './tableColumns.js';
export * from './toArrowTable.js';
