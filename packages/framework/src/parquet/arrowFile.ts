/**
 * The same columns as an Arrow IPC *file* (Feather v2): uncompressed, memory-mappable,
 * readable by pandas/polars (`read_feather`, `read_ipc`), DuckDB and apache-arrow as is.
 * @module
 */
import type * as Arrow from 'apache-arrow';
import { MoexBotError } from '../errors.js';
import { checkSchema } from './checkSchema.js';
import type { ColumnsFor, TableSchema } from './columns.js';
import { messageOf } from './encodeParquet.js';
import { loadArrow } from './libraries.js';
import { type TableOptions, toArrowTable } from './toArrowTable.js';

/**
 * Writes typed columns as Arrow IPC file bytes (`.arrow` / `.feather`).
 * @example
 * const bytes = await encodeArrowFile(schema, { time: times, equity }, { metadata: { run: id } });
 * await writeFile('equity.arrow', bytes);
 */
export async function encodeArrowFile<S extends TableSchema>(
  schema: S,
  columns: ColumnsFor<S>,
  options: TableOptions = {},
): Promise<Uint8Array> {
  const arrow = await loadArrow();
  return arrow.tableToIPC(await toArrowTable(schema, columns, options), 'file');
}

/**
 * Reads Arrow IPC bytes (file or stream format) as a Table, checking `schema` when given;
 * throws `MOEXBOT_ERR_DATA_PARQUET_INVALID` naming `name` otherwise.
 * @example
 * const table = await decodeArrowFile(bytes, schema, 'runs/abc/equity.arrow');
 */
export async function decodeArrowFile(
  bytes: Uint8Array,
  schema: TableSchema | undefined,
  name: string,
): Promise<Arrow.Table> {
  const arrow = await loadArrow();
  let table: Arrow.Table;
  try {
    table = arrow.tableFromIPC(bytes);
    // apache-arrow reads bytes it does not recognise as an empty table without a schema.
    if (table.schema.fields.length === 0) throw new Error('no schema message found');
  } catch (error) {
    throw new MoexBotError(
      'DATA_PARQUET_INVALID',
      `${name}: not a readable Arrow IPC file (${messageOf(error)})`,
      { cause: error },
    );
  }
  if (schema !== undefined) checkSchema(table.schema, schema, name);
  return table;
}
