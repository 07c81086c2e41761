/**
 * An apache-arrow Table to plain columns: numeric columns as typed arrays taken straight
 * from Arrow's buffers (a view when the column is one chunk), never value by value
 * through `Vector.get`.
 * @module
 */
import type * as Arrow from 'apache-arrow';
import { MoexBotError } from '../errors.js';
import { checkSchema } from './checkSchema.js';
import type { ColumnSpec, ReadColumns, ReadColumnsFor, TableSchema } from './columns.js';
import { numbersFromInt64 } from './int64.js';

type Numeric = Float64Array | Int32Array | BigInt64Array;

/** 1 for each null row of `data`, or undefined when it has none. */
function nullMarks(data: Arrow.Data): Uint8Array | undefined {
  if (data.nullCount === 0 || data.nullBitmap === undefined) return undefined;
  const marks = new Uint8Array(data.length);
  const bitmap = data.nullBitmap;
  for (let i = 0; i < data.length; i++) {
    const bit = data.offset + i;
    if ((bitmap[bit >> 3]! & (1 << (bit & 7))) === 0) marks[i] = 1;
  }
  return marks;
}

/** Joins chunks into one array; a single chunk is returned as it is. */
function concat<T extends Numeric>(chunks: T[], length: number, Kind: { new (n: number): T }): T {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Kind(length);
  let at = 0;
  for (const chunk of chunks) {
    (out as Float64Array).set(chunk as Float64Array, at);
    at += chunk.length;
  }
  return out;
}

function numericColumn(spec: ColumnSpec, vector: Arrow.Vector): Numeric {
  const chunks = vector.data.map((data) => {
    const values = (data.values as Numeric).subarray(0, data.length) as Numeric;
    return spec.type === 'timestamp' ? numbersFromInt64(values as BigInt64Array) : values;
  });
  const Kind =
    spec.type === 'int32' ? Int32Array : spec.type === 'int64' ? BigInt64Array : Float64Array;
  return concat(chunks as Numeric[], vector.length, Kind as { new (n: number): Numeric });
}

/**
 * Reads the schema's columns of `table` as plain arrays: `timestamp` as UTC ms in a
 * Float64Array, `float64` / `int32` / `int64` as typed arrays, `utf8` and `bool` as arrays.
 * Checks the schema first, and that non-nullable columns hold no nulls; throws
 * `MOEXBOT_ERR_DATA_PARQUET_INVALID` naming `name` otherwise.
 * @example
 * const { rows, columns } = tableColumns(table, BAR_COLUMNS, key);
 * for (let i = 0; i < rows; i++) total += columns.volume[i]!;
 */
export function tableColumns<S extends TableSchema>(
  table: Arrow.Table,
  schema: S,
  name: string,
): ReadColumns<S> {
  checkSchema(table.schema, schema, name);
  const columns: Record<string, unknown> = {};
  const nulls: Record<string, Uint8Array> = {};
  for (const spec of schema) {
    const vector = table.getChild(spec.name)!;
    if (vector.nullCount > 0) {
      if (spec.nullable !== true) {
        throw new MoexBotError(
          'DATA_PARQUET_INVALID',
          `${name}: column ${spec.name} holds ${vector.nullCount} nulls but may not`,
        );
      }
      const marks = new Uint8Array(vector.length);
      let at = 0;
      for (const data of vector.data) {
        const chunk = nullMarks(data);
        if (chunk) marks.set(chunk, at);
        at += data.length;
      }
      nulls[spec.name] = marks;
    }
    if (spec.type === 'utf8' || spec.type === 'bool') {
      columns[spec.name] = Array.from(vector as Iterable<string | boolean | null>);
      continue;
    }
    let values = numericColumn(spec, vector);
    const marks = nulls[spec.name];
    if (marks !== undefined) {
      // Buffers hold arbitrary bytes under nulls: give them the documented values, in a
      // copy, since `values` may be a view of the caller's table.
      values = values.slice();
      const empty = values instanceof BigInt64Array ? 0n : values instanceof Int32Array ? 0 : NaN;
      for (let i = 0; i < marks.length; i++) if (marks[i] === 1) values[i] = empty as never;
    }
    columns[spec.name] = values;
  }
  return {
    rows: table.numRows,
    columns: columns as ReadColumnsFor<S>,
    nulls: nulls as ReadColumns<S>['nulls'],
  };
}
