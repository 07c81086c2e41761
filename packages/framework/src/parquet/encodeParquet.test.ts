import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMoexBotError } from '../errors.js';
import { decodeArrowFile, encodeArrowFile } from './arrowFile.js';
import type { ColumnsFor } from './columns.js';
import { encodeParquet } from './encodeParquet.js';
import { openParquet, readParquetColumns } from './openParquet.js';
import { tableColumns } from './tableColumns.js';

const SCHEMA = [
  { name: 'time', type: 'timestamp' },
  { name: 'price', type: 'float64' },
  { name: 'lots', type: 'int32' },
  { name: 'nanos', type: 'int64' },
  { name: 'side', type: 'utf8', nullable: true },
  { name: 'filled', type: 'bool' },
] as const;

const T0 = Date.UTC(2026, 8, 1, 7, 0);

function sample(rows: number): ColumnsFor<typeof SCHEMA> {
  return {
    time: Float64Array.from({ length: rows }, (_, i) => T0 + i * 60_000),
    price: Float64Array.from({ length: rows }, (_, i) => 300 + i / 100),
    lots: Int32Array.from({ length: rows }, (_, i) => i - 5),
    // Beyond 2^53: int64 must stay exact.
    nanos: BigInt64Array.from({ length: rows }, (_, i) => 9_007_199_254_740_993n + BigInt(i)),
    side: Array.from({ length: rows }, (_, i) =>
      i % 3 === 0 ? null : i % 3 === 1 ? 'buy' : 'sell',
    ),
    filled: Array.from({ length: rows }, (_, i) => i % 2 === 0),
  };
}

async function readAll(bytes: Uint8Array) {
  const parts = [];
  for await (const part of readParquetColumns(bytes, SCHEMA, { name: 'test.parquet' })) {
    parts.push(part);
  }
  return parts;
}

describe('encodeParquet / openParquet', () => {
  it('round-trips every column type, nulls included', async () => {
    const columns = sample(10);
    const bytes = await encodeParquet(SCHEMA, columns);
    const [part] = await readAll(bytes);
    expect(part!.rows).toBe(10);
    expect([...part!.columns.time]).toEqual([...columns.time]);
    expect([...part!.columns.price]).toEqual([...columns.price]);
    expect([...part!.columns.lots]).toEqual([...columns.lots]);
    expect([...part!.columns.nanos]).toEqual([...columns.nanos]);
    expect(part!.columns.side).toEqual(columns.side);
    expect(part!.columns.filled).toEqual(columns.filled);
    expect([...part!.nulls.side!]).toEqual(columns.side.map((s) => (s === null ? 1 : 0)));
    expect(part!.nulls.price).toBeUndefined();
  });

  it('accepts plain arrays, and negative and pre-1970 times', async () => {
    const schema = [
      { name: 'time', type: 'timestamp' },
      { name: 'n', type: 'int64' },
    ] as const;
    const time = [-86_400_000 * 365 - 1, 0, T0];
    const bytes = await encodeParquet(schema, { time, n: [-(2 ** 40), -1, 2 ** 52] });
    for await (const { columns } of readParquetColumns(bytes, schema, { name: 'x' })) {
      expect([...columns.time]).toEqual(time);
      expect([...columns.n]).toEqual([-(2n ** 40n), -1n, 2n ** 52n]);
    }
  });

  it('writes row groups of the configured size and reads them one by one', async () => {
    const bytes = await encodeParquet(SCHEMA, sample(25), {
      rowGroupSize: 10,
      compression: 'snappy',
    });
    const parts = await readAll(bytes);
    expect(parts.map((p) => p.rows)).toEqual([10, 10, 5]);
    expect(parts[2]!.columns.time[0]).toBe(T0 + 20 * 60_000);

    const reader = await openParquet(bytes, { name: 'x' });
    expect(reader.rows).toBe(25);
    expect(reader.rowGroups).toBe(3);
    expect(reader.rowGroupRows(1)).toBe(10);
    const second = await reader.readRowGroup(1, { columns: ['time', 'lots'] });
    expect(second.schema.fields.map((f) => f.name)).toEqual(['time', 'lots']);
    await expect(reader.readRowGroup(3)).rejects.toThrow(/no row group 3/);
    reader.close();
  });

  it('keeps metadata in the footer', async () => {
    const bytes = await encodeParquet(SCHEMA, sample(1), { metadata: { dataset: 'csv/1m/SBER' } });
    const reader = await openParquet(bytes, { name: 'x' });
    expect(reader.metadata.get('dataset')).toBe('csv/1m/SBER');
    reader.close();
  });

  it('writes the same bytes for the same columns (content addressing relies on it)', async () => {
    const a = await encodeParquet(SCHEMA, sample(100));
    const b = await encodeParquet(SCHEMA, sample(100));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('refuses bad input to the writer as a caller bug', async () => {
    await expect(encodeParquet(SCHEMA, { ...sample(3), lots: new Int32Array(2) })).rejects.toThrow(
      /column lots has 2 values, the first column 3/,
    );
    await expect(encodeParquet(SCHEMA, { ...sample(2), filled: [true, null] })).rejects.toThrow(
      /column filled is not nullable but holds 1 nulls/,
    );
    await expect(encodeParquet(SCHEMA, { ...sample(2), lots: [1, 1.5] })).rejects.toThrow(
      /lots\[1\] is 1.5/,
    );
  });
});

describe('schema checks', () => {
  it('names the file and the wrong column', async () => {
    const bytes = await encodeParquet(SCHEMA, sample(3));
    const wrong = [
      { name: 'time', type: 'timestamp' },
      { name: 'price', type: 'int64' },
      { name: 'volume', type: 'float64' },
    ] as const;
    const error = await openParquet(bytes, { name: 'bars/x.parquet', schema: wrong }).catch(
      (e: unknown) => e,
    );
    expect(isMoexBotError(error) && error.code).toBe('MOEXBOT_ERR_DATA_PARQUET_INVALID');
    expect((error as Error).message).toMatch(
      /^bars\/x\.parquet: column price is Float64, expected Int64; column volume is missing/,
    );
  });

  it('refuses bytes that are not Parquet', async () => {
    await expect(
      openParquet(new TextEncoder().encode('time,open\n'), { name: 'bad.parquet' }),
    ).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_PARQUET_INVALID',
      message: expect.stringMatching(/^bad\.parquet: not a readable Parquet file/),
    });
  });

  it('refuses nulls in a column that may not hold them', async () => {
    const nullable = SCHEMA.map((c) => ({ ...c, nullable: true }));
    const bytes = await encodeParquet(nullable, { ...sample(2), price: [1, null] });
    const reader = await openParquet(bytes, { name: 'n.parquet' });
    const table = await reader.readRowGroup(0);
    reader.close();
    expect(() => tableColumns(table, SCHEMA, 'n.parquet')).toThrow(
      /n\.parquet: column price holds 1 nulls but may not/,
    );
    expect([...tableColumns(table, nullable, 'n.parquet').columns.price]).toEqual([1, NaN]);
  });
});

describe('Arrow IPC files', () => {
  it('writes Feather v2 bytes that read back with the same columns', async () => {
    const columns = sample(5);
    const bytes = await encodeArrowFile(SCHEMA, columns, { metadata: { run: 'r1' } });
    // The IPC file format starts and ends with the magic "ARROW1".
    expect(Buffer.from(bytes.subarray(0, 6)).toString()).toBe('ARROW1');
    expect(Buffer.from(bytes.subarray(-6)).toString()).toBe('ARROW1');
    const table = await decodeArrowFile(bytes, SCHEMA, 'equity.arrow');
    expect(table.schema.metadata.get('run')).toBe('r1');
    const read = tableColumns(table, SCHEMA, 'equity.arrow');
    expect([...read.columns.time]).toEqual([...columns.time]);
    expect(read.columns.side).toEqual(columns.side);
  });

  it('names a broken file', async () => {
    await expect(decodeArrowFile(new Uint8Array([1, 2, 3]), SCHEMA, 'x.arrow')).rejects.toThrow(
      /^x\.arrow: not a readable Arrow IPC file/,
    );
  });
});

describe('DuckDB reads what we write', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-parquet-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('sees timestamps as TIMESTAMP WITH TIME ZONE, in UTC', async () => {
    const file = path.join(dir, 'x.parquet');
    await writeFile(file, await encodeParquet(SCHEMA, sample(3)));
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM '${file}'`);
      const types = Object.fromEntries(
        described.getRowObjectsJson().map((row) => [row['column_name'], row['column_type']]),
      );
      expect(types).toEqual({
        time: 'TIMESTAMP WITH TIME ZONE',
        price: 'DOUBLE',
        lots: 'INTEGER',
        nanos: 'BIGINT',
        side: 'VARCHAR',
        filled: 'BOOLEAN',
      });
      const rows = await connection.runAndReadAll(
        `SELECT epoch_ms(time) AS ms, strftime(time AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M') AS utc FROM '${file}' ORDER BY time`,
      );
      expect(rows.getRowObjectsJson()[1]).toEqual({
        ms: String(T0 + 60_000),
        utc: '2026-09-01 07:01',
      });
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
