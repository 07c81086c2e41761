/**
 * Typed columns to an apache-arrow Table: the one in-memory form both writers (Parquet
 * and Arrow IPC files) start from. Numeric columns are copied into one typed array
 * each, with no per-value Arrow builder calls.
 * @module
 */
import type * as Arrow from 'apache-arrow';
import type { AnyWriteValues, ColumnSpec, ColumnsFor, TableSchema } from './columns.js';
import { int64FromNumbers } from './int64.js';
import { type ArrowModule, loadArrow } from './libraries.js';

/** Options shared by the writers. */
export interface TableOptions {
  /** File or key the table is written to, for error messages. */
  readonly name?: string;
  /** Key/value pairs stored in the schema (and the Parquet footer). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** The Arrow type of a column type; timestamps are milliseconds in UTC. */
export function arrowType(arrow: ArrowModule, type: ColumnSpec['type']): Arrow.DataType {
  switch (type) {
    case 'timestamp':
      return new arrow.TimestampMillisecond('UTC');
    case 'float64':
      return new arrow.Float64();
    case 'int32':
      return new arrow.Int32();
    case 'int64':
      return new arrow.Int64();
    case 'utf8':
      return new arrow.Utf8();
    case 'bool':
      return new arrow.Bool();
  }
}

/** Validity bitmap (1 = present, least significant bit first) and null count. */
function validity(values: ArrayLike<unknown>): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null || values[i] === undefined) nulls++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { bitmap, nulls };
}

function numbers<T extends Float64Array | Int32Array>(
  Kind: { new (length: number): T },
  values: ArrayLike<number | null | undefined>,
  column: string,
): T {
  const out = new Kind(values.length);
  const integer = out instanceof Int32Array;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? 0;
    if (integer && (value | 0) !== value) {
      throw new RangeError(`column ${column}[${i}] is ${value}: not a 32-bit integer`);
    }
    out[i] = value;
  }
  return out;
}

function int64Values(values: AnyWriteValues, column: string): BigInt64Array {
  if (values instanceof BigInt64Array) return values;
  const list = values as readonly (bigint | number | null | undefined)[];
  if (!list.some((value) => typeof value === 'bigint')) {
    return int64FromNumbers(list as readonly (number | null | undefined)[], `column ${column}`);
  }
  return BigInt64Array.from(list, (value) => BigInt(value ?? 0));
}

/** One column as Arrow data, checking its length and its nulls. */
function columnData(
  arrow: ArrowModule,
  spec: ColumnSpec,
  values: AnyWriteValues,
  length: number,
  name: string,
): Arrow.Data {
  if (values === undefined) throw new TypeError(`${name}: column ${spec.name} is missing`);
  if (values.length !== length) {
    throw new RangeError(
      `${name}: column ${spec.name} has ${values.length} values, the first column ${length}`,
    );
  }
  const { bitmap, nulls } = ArrayBuffer.isView(values)
    ? { bitmap: undefined, nulls: 0 }
    : validity(values);
  if (nulls > 0 && spec.nullable !== true) {
    throw new TypeError(`${name}: column ${spec.name} is not nullable but holds ${nulls} nulls`);
  }
  const type = arrowType(arrow, spec.type);
  if (spec.type === 'utf8' || spec.type === 'bool') {
    return arrow.vectorFromArray(values as unknown[], type).data[0]!;
  }
  const nullBitmap = nulls > 0 ? bitmap : undefined;
  let data: Float64Array | Int32Array | BigInt64Array;
  if (spec.type === 'float64') {
    data =
      values instanceof Float64Array
        ? values
        : numbers(Float64Array, values as number[], spec.name);
  } else if (spec.type === 'int32') {
    data =
      values instanceof Int32Array ? values : numbers(Int32Array, values as number[], spec.name);
  } else if (spec.type === 'timestamp') {
    data = int64FromNumbers(values as ArrayLike<number>, `column ${spec.name}`);
  } else {
    data = int64Values(values, spec.name);
  }
  // One call for every numeric type: makeData's overloads are per type, the props are not.
  const make = arrow.makeData as (props: object) => Arrow.Data;
  return make({ type, length, nullCount: nulls, nullBitmap, data });
}

/**
 * Builds an apache-arrow Table from typed columns, in schema order. Throws a RangeError or
 * TypeError (a caller's bug, not bad data) when a column is missing, of another length,
 * holds nulls without being nullable, or holds a value its type cannot store.
 * @example
 * const schema = [
 *   { name: 'time', type: 'timestamp' },
 *   { name: 'equity', type: 'float64' },
 * ] as const;
 * const table = await toArrowTable(schema, { time: [Date.UTC(2026, 0, 5)], equity: [1_000_000] });
 */
export async function toArrowTable<S extends TableSchema>(
  schema: S,
  columns: ColumnsFor<S>,
  options: TableOptions = {},
): Promise<Arrow.Table> {
  const arrow = await loadArrow();
  const name = options.name ?? 'table';
  const byName = columns as unknown as Readonly<Record<string, AnyWriteValues>>;
  const length = schema.length === 0 ? 0 : (byName[schema[0]!.name]?.length ?? 0);
  const fields = schema.map((spec) => {
    const metadata = spec.description ? new Map([['description', spec.description]]) : undefined;
    return new arrow.Field(
      spec.name,
      arrowType(arrow, spec.type),
      spec.nullable === true,
      metadata,
    );
  });
  const children = schema.map((spec) => columnData(arrow, spec, byName[spec.name]!, length, name));
  const arrowSchema = new arrow.Schema(fields, new Map(Object.entries(options.metadata ?? {})));
  const struct = arrow.makeData({
    type: new arrow.Struct(fields),
    length,
    nullCount: 0,
    children,
  });
  return new arrow.Table(arrowSchema, new arrow.RecordBatch(arrowSchema, struct));
}
