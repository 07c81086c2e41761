/**
 * The column vocabulary of the Parquet codec: a table schema is a list of named, typed
 * columns, and the values of a column are a typed array or a plain array. Schemas written
 * `as const` give typed column records both ways (`ColumnsFor` to write, `ReadColumnsFor`
 * what reading returns).
 * @module
 */

/**
 * Column types. `timestamp` is a Parquet `TIMESTAMP(MILLIS, UTC)` whose values are UTC epoch
 * milliseconds (DuckDB reads it as `TIMESTAMP WITH TIME ZONE`); `int64` is exact, so it
 * reads back as a `BigInt64Array`.
 */
export type ColumnType = 'timestamp' | 'float64' | 'int32' | 'int64' | 'utf8' | 'bool';

/** One column of a table schema. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** Whether values may be null; default false (a Parquet REQUIRED column). */
  readonly nullable?: boolean;
  /** What the column holds, for people reading the file; stored as field metadata. */
  readonly description?: string;
}

/** The columns of a table, in file order. */
export type TableSchema = readonly ColumnSpec[];

/** What a writer accepts for a column of each type (null only in nullable columns). */
export interface WriteValues {
  readonly timestamp: Float64Array | readonly (number | null | undefined)[];
  readonly float64: Float64Array | readonly (number | null | undefined)[];
  readonly int32: Int32Array | readonly (number | null | undefined)[];
  readonly int64: BigInt64Array | readonly (bigint | number | null | undefined)[];
  readonly utf8: readonly (string | null | undefined)[];
  readonly bool: readonly (boolean | null | undefined)[];
}

/**
 * What reading returns for a column of each type. Nulls read as NaN in `timestamp` and
 * `float64` columns, 0 in integer columns and null in the others; `ReadColumns.nulls` tells
 * them apart from real values.
 */
export interface ReadValues {
  readonly timestamp: Float64Array;
  readonly float64: Float64Array;
  readonly int32: Int32Array;
  readonly int64: BigInt64Array;
  readonly utf8: (string | null)[];
  readonly bool: (boolean | null)[];
}

/** Column values to write, by name, typed from an `as const` schema. */
export type ColumnsFor<S extends TableSchema> = {
  readonly [C in S[number] as C['name']]: WriteValues[C['type']];
};

/** Column values read, by name, typed from an `as const` schema. */
export type ReadColumnsFor<S extends TableSchema> = {
  readonly [C in S[number] as C['name']]: ReadValues[C['type']];
};

/** Plain columns read from a table or a row group. */
export interface ReadColumns<S extends TableSchema> {
  /** Number of rows. */
  readonly rows: number;
  readonly columns: ReadColumnsFor<S>;
  /** For each column holding nulls: 1 where the row is null. Absent when it holds none. */
  readonly nulls: Readonly<Partial<Record<S[number]['name'], Uint8Array>>>;
}

/** Any column values, for code that handles every type at once. */
export type AnyWriteValues = WriteValues[ColumnType];
