/**
 * DuckDB for tests: reads the files a run wrote as an analyst would, to check that
 * they open outside moex-bot with the column types we promise.
 * @module
 */
import { DuckDBInstance } from '@duckdb/node-api';

/** Rows (as plain JS values) and the DuckDB type of each column of `sql`. */
export async function duckdb(
  sql: string,
): Promise<{ rows: Record<string, unknown>[]; types: Record<string, string> }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const result = await connection.runAndReadAll(sql);
    const names = result.columnNames();
    const types = Object.fromEntries(
      result.columnTypes().map((type, i) => [names[i]!, type.toString()]),
    );
    return { rows: result.getRowObjectsJS() as Record<string, unknown>[], types };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
