/**
 * apache-arrow and parquet-wasm, imported on first use. Together they take about a third
 * of a second to load (the WebAssembly module is compiled at import), which commands
 * that never touch Parquet should not pay.
 * @module
 */
import type * as Arrow from 'apache-arrow';
import type * as ParquetWasm from 'parquet-wasm/node';

export type ArrowModule = typeof Arrow;
export type ParquetWasmModule = typeof ParquetWasm;

let arrow: Promise<ArrowModule> | undefined;
let parquetWasm: Promise<ParquetWasmModule> | undefined;

/** The apache-arrow module, loaded once. */
export function loadArrow(): Promise<ArrowModule> {
  arrow ??= import('apache-arrow');
  return arrow;
}

/**
 * The Node build of parquet-wasm (CommonJS, which loads its `.wasm` file synchronously
 * from beside itself), loaded once. The `esm` build would need the bytes fetched and an
 * explicit `init`, for no gain in Node.
 */
export function loadParquetWasm(): Promise<ParquetWasmModule> {
  parquetWasm ??= import('parquet-wasm/node');
  return parquetWasm;
}
