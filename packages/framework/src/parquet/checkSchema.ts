/**
 * Checks that a file's columns are the ones its reader expects, so a wrong file fails
 * with its name and the offending column instead of producing garbage further on.
 * @module
 */
import type * as Arrow from 'apache-arrow';
import { MoexBotError } from '../errors.js';
import type { ColumnSpec, TableSchema } from './columns.js';

// Arrow's type ids (`Type` in apache-arrow), fixed by the Arrow format; kept here so that
// checking a schema does not need apache-arrow loaded.
const INT = 2;
const FLOAT = 3;
const UTF8 = 5;
const BOOL = 6;
const TIMESTAMP = 10;
const LARGE_UTF8 = 20;
const DOUBLE = 2; // Precision.DOUBLE
const MILLISECOND = 1; // TimeUnit.MILLISECOND
const UTC = new Set(['UTC', 'Etc/UTC', '+00:00', 'Z']);

type TypeFacts = Arrow.DataType & {
  readonly precision?: number;
  readonly bitWidth?: number;
  readonly isSigned?: boolean;
  readonly unit?: number;
  readonly timezone?: string | null;
};

/** Whether an Arrow type stores a column of `type` as the codec writes it. */
export function matchesColumnType(actual: Arrow.DataType, type: ColumnSpec['type']): boolean {
  const t = actual as TypeFacts;
  switch (type) {
    case 'timestamp':
      return (
        t.typeId === TIMESTAMP &&
        t.unit === MILLISECOND &&
        (t.timezone === null || t.timezone === undefined || UTC.has(t.timezone))
      );
    case 'float64':
      return t.typeId === FLOAT && t.precision === DOUBLE;
    case 'int32':
      return t.typeId === INT && t.bitWidth === 32 && t.isSigned === true;
    case 'int64':
      return t.typeId === INT && t.bitWidth === 64 && t.isSigned === true;
    case 'utf8':
      return t.typeId === UTF8 || t.typeId === LARGE_UTF8;
    case 'bool':
      return t.typeId === BOOL;
  }
}

const EXPECTED: Record<ColumnSpec['type'], string> = {
  timestamp: 'Timestamp<MILLISECOND, UTC>',
  float64: 'Float64',
  int32: 'Int32',
  int64: 'Int64',
  utf8: 'Utf8',
  bool: 'Bool',
};

/**
 * Throws `MOEXBOT_ERR_DATA_PARQUET_INVALID` naming `name` (the file or key) and every
 * missing or mistyped column. Extra columns are allowed: a newer writer may add some.
 * @example
 * checkSchema(table.schema, [{ name: 'time', type: 'timestamp' }], 'bars/…/2026-01/ab12….parquet');
 */
export function checkSchema(actual: Arrow.Schema, expected: TableSchema, name: string): void {
  const problems: string[] = [];
  for (const spec of expected) {
    const field = actual.fields.find((candidate) => candidate.name === spec.name);
    if (field === undefined) problems.push(`column ${spec.name} is missing`);
    else if (!matchesColumnType(field.type, spec.type)) {
      problems.push(
        `column ${spec.name} is ${String(field.type)}, expected ${EXPECTED[spec.type]}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new MoexBotError(
      'DATA_PARQUET_INVALID',
      `${name}: ${problems.join('; ')} (columns found: ${actual.fields.map((f) => f.name).join(', ') || 'none'})`,
    );
  }
}
