/**
 * Reading Parquet bytes one row group at a time, so that memory is bounded by the
 * largest row group (plus the file's bytes), not the decoded file: each group is decoded
 * in WebAssembly, handed over as an Arrow IPC stream and opened as an apache-arrow Table.
 * @module
 */
import type * as Arrow from 'apache-arrow';
import type { ParquetFile, ParquetMetaData } from 'parquet-wasm/node';
import { MoexBotError } from '../errors.js';
import { checkSchema } from './checkSchema.js';
import type { ReadColumns, TableSchema } from './columns.js';
import { messageOf } from './encodeParquet.js';
import { loadArrow, loadParquetWasm } from './libraries.js';
import { tableColumns } from './tableColumns.js';

/** An open Parquet file. Call `close` when done: it frees WebAssembly memory. */
export interface ParquetReader {
  /** The file or key, as given, for messages. */
  readonly name: string;
  /** Rows in the file. */
  readonly rows: number;
  /** Number of row groups. */
  readonly rowGroups: number;
  /** The file's Arrow schema. */
  readonly schema: Arrow.Schema;
  /** Key/value metadata of the footer. */
  readonly metadata: ReadonlyMap<string, string>;
  /** Rows in row group `index`. */
  rowGroupRows(index: number): number;
  /** Decodes one row group, optionally only some columns. */
  readRowGroup(
    index: number,
    options?: { readonly columns?: readonly string[] },
  ): Promise<Arrow.Table>;
  /** Frees the file; the reader is not used afterwards. */
  close(): void;
}

/** Options of {@link openParquet}. */
export interface OpenParquetOptions {
  /** The file or key, named in every error. */
  readonly name: string;
  /**
   * Columns the file must have (more are allowed), checked on open. Readers that pass each
   * row group through `tableColumns` are checked there and can leave this out.
   */
  readonly schema?: TableSchema;
}

function invalid(name: string, what: string, error: unknown): MoexBotError {
  return new MoexBotError('DATA_PARQUET_INVALID', `${name}: ${what} (${messageOf(error)})`, {
    cause: error,
  });
}

/**
 * Opens Parquet bytes: reads the footer and checks `schema`. Throws
 * `MOEXBOT_ERR_DATA_PARQUET_INVALID` naming the file when the bytes are not Parquet or a
 * column is missing or of another type.
 * @example
 * const reader = await openParquet(bytes, { name: key, schema: BAR_COLUMNS });
 * try {
 *   for (let g = 0; g < reader.rowGroups; g++) use(await reader.readRowGroup(g));
 * } finally {
 *   reader.close();
 * }
 */
export async function openParquet(
  bytes: Uint8Array,
  options: OpenParquetOptions,
): Promise<ParquetReader> {
  const { name } = options;
  const [arrow, parquet] = await Promise.all([loadArrow(), loadParquetWasm()]);
  let file: ParquetFile;
  let meta: ParquetMetaData;
  let groupRows: number[];
  try {
    // The footer only: ParquetFile reads the ranges it needs from a Blob.
    file = await parquet.ParquetFile.fromFile(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    meta = file.metadata();
    groupRows = meta.rowGroups().map((group) => {
      const rows = group.numRows();
      group.free();
      return rows;
    });
  } catch (error) {
    throw invalid(name, 'not a readable Parquet file', error);
  }
  let schema: Arrow.Schema | undefined;
  let metadata: Map<string, string> | undefined;
  let closed = false;
  const reader: ParquetReader = {
    name,
    rows: groupRows.reduce((sum, n) => sum + n, 0),
    rowGroups: groupRows.length,
    // Decoded on first use: a reader that checks each row group's table needs neither.
    get schema() {
      schema ??= arrow.tableFromIPC(file.schema().intoIPCStream()).schema;
      return schema;
    },
    get metadata() {
      if (metadata === undefined) {
        const footer = meta.fileMetadata();
        // ARROW:schema is the writer's copy of the schema (base64), not user metadata.
        metadata = new Map(
          [...footer.keyValueMetadata()].filter(([key]) => key !== 'ARROW:schema'),
        );
        footer.free();
      }
      return metadata;
    },
    rowGroupRows: (index) => groupRows[index] ?? 0,
    async readRowGroup(index, readOptions = {}) {
      if (!Number.isInteger(index) || index < 0 || index >= groupRows.length) {
        throw new RangeError(`${name}: no row group ${index} (it has ${groupRows.length})`);
      }
      try {
        // One batch per row group: the default of 1,024 rows would split it into many chunks.
        const batchSize = Math.max(1, groupRows[index]!);
        // The synchronous reader is the fastest path for bytes already in memory, but it
        // ignores a column selection (parquet-wasm 0.8): that goes through the file reader.
        const table = readOptions.columns
          ? await file.read({ rowGroups: [index], batchSize, columns: [...readOptions.columns] })
          : parquet.readParquet(bytes, { rowGroups: [index], batchSize });
        return arrow.tableFromIPC(table.intoIPCStream());
      } catch (error) {
        throw invalid(name, `row group ${index} cannot be read`, error);
      }
    },
    close() {
      if (closed) return;
      closed = true;
      meta.free();
      file.free();
    },
  };
  if (options.schema !== undefined) {
    try {
      checkSchema(reader.schema, options.schema, name);
    } catch (error) {
      reader.close();
      throw error;
    }
  }
  return reader;
}

/**
 * Reads Parquet bytes as plain typed columns, one row group at a time: memory holds one
 * row group whatever the file's size.
 * @example
 * for await (const { rows, columns } of readParquetColumns(bytes, schema, { name: file })) {
 *   for (let i = 0; i < rows; i++) sum += columns.close[i]!;
 * }
 */
export async function* readParquetColumns<S extends TableSchema>(
  bytes: Uint8Array,
  schema: S,
  options: { readonly name: string },
): AsyncGenerator<ReadColumns<S>> {
  const reader = await openParquet(bytes, { name: options.name, schema });
  try {
    const columns = schema.map((spec) => spec.name);
    for (let group = 0; group < reader.rowGroups; group++) {
      yield tableColumns(await reader.readRowGroup(group, { columns }), schema, options.name);
    }
  } finally {
    reader.close();
  }
}
