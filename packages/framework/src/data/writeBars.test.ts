import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BarStore } from './barStore.js';
import { bars, collect, tempStore } from './data.fixture.js';
import type { DatasetId } from './datasetId.js';

const SBER: DatasetId = { source: 'csv', interval: '1m', instrument: 'SBER' };
const AUG = Date.UTC(2026, 7, 3, 7, 0);
const SEP = Date.UTC(2026, 8, 1, 7, 0);

describe('writeBars', () => {
  let store: BarStore;
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, dir, cleanup } = await tempStore());
  });
  afterEach(() => cleanup());

  it('sorts what it is given, the last bar of a repeated time winning', async () => {
    const input = bars('SBER', 5, AUG);
    const replaced = { ...input[2]!, close: 42, high: 42 };
    await store.write(SBER, [input[4]!, input[0]!, input[2]!, input[1]!, input[3]!, replaced]);
    expect(await collect(store.read(SBER, 1))).toEqual([
      input[0],
      input[1],
      replaced,
      input[3],
      input[4],
    ]);
  });

  it('writes an earlier month into a new version, reusing the later one', async () => {
    await store.write(SBER, bars('SBER', 30, SEP));
    const result = await store.write(SBER, bars('SBER', 30, AUG));
    expect(result).toMatchObject({ version: 2, written: ['2026-08'], reused: 1, rows: 60 });
    expect(result.manifest!.firstTime).toBe(new Date(AUG).toISOString());
  });

  it('writes the same bytes for the same bars, whichever store: files are named by content', async () => {
    const other = await tempStore();
    try {
      for (let round = 0; round < 5; round++) {
        const series = bars('SBER', 40 + round, AUG);
        const a = await store.write(SBER, series);
        const b = await other.store.write(SBER, series);
        expect(b.manifest!.partitions).toEqual(a.manifest!.partitions);
        expect(b.manifest!.hash).toBe(a.manifest!.hash);
      }
    } finally {
      await other.cleanup();
    }
  });

  it('writes nothing for no bars', async () => {
    expect(await store.write(SBER, [])).toMatchObject({ status: 'unchanged', version: 0 });
    expect(await store.datasets()).toEqual([]);
  });

  it('refuses times that are not whole milliseconds', async () => {
    await expect(store.write(SBER, [{ ...bars('SBER', 1, AUG)[0]!, time: 1.5 }])).rejects.toThrow(
      /bar 0 has time 1\.5/,
    );
  });

  it('records when a version was made, in a readable manifest', async () => {
    const fixed = await tempStore({ now: () => new Date('2026-09-02T10:00:00Z') });
    try {
      await fixed.store.write(SBER, bars('SBER', 3, AUG));
      const text = await readFile(
        path.join(fixed.dir, 'manifests/csv/1m/SBER/v000001.json'),
        'utf8',
      );
      expect(JSON.parse(text)).toMatchObject({
        format: 1,
        dataset: 'csv/1m/SBER',
        version: 1,
        createdAt: '2026-09-02T10:00:00.000Z',
        rows: 3,
      });
      expect(text).toContain('\n  "partitions": [');
    } finally {
      await fixed.cleanup();
    }
  });

  it('writes files DuckDB reads as they are', async () => {
    await store.write(SBER, bars('SBER', 100, AUG));
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const glob = path.join(dir, 'bars/csv/1m/SBER/*/*.parquet');
      const reader = await connection.runAndReadAll(
        `SELECT count(*)::INTEGER AS n, epoch_ms(min(time))::BIGINT AS first FROM '${glob}'`,
      );
      expect(reader.getRowObjectsJson()).toEqual([{ n: 100, first: String(AUG) }]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe('reading a damaged store', () => {
  let store: BarStore;
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, dir, cleanup } = await tempStore());
    await store.write(SBER, bars('SBER', 10, AUG));
  });
  afterEach(() => cleanup());

  it('names a partition file whose content no longer matches its hash', async () => {
    const [partition] = (await store.manifest(SBER, 1))!.partitions;
    const file = path.join(dir, partition!.key);
    const bytes = await readFile(file);
    bytes[bytes.length - 20]! ^= 0xff;
    await writeFile(file, bytes);
    await expect(collect(store.read(SBER, 1))).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_PARQUET_INVALID',
      message: expect.stringContaining(`${partition!.key}: content does not match its hash`),
    });
  });

  it('names a partition file that is gone', async () => {
    const [partition] = (await store.manifest(SBER, 1))!.partitions;
    await rm(path.join(dir, partition!.key));
    await expect(collect(store.read(SBER, 1))).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_VERSION_NOT_FOUND',
      message: expect.stringContaining(`csv/1m/SBER v1: partition ${partition!.key} is missing`),
    });
  });

  it('refuses a manifest edited by hand', async () => {
    const file = path.join(dir, 'manifests/csv/1m/SBER/v000001.json');
    const manifest = JSON.parse(await readFile(file, 'utf8'));
    manifest.partitions[0].rows = 9;
    await writeFile(file, JSON.stringify(manifest));
    await expect(store.manifest(SBER, 1)).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_STORE_UNREADABLE',
      message: expect.stringMatching(/v000001\.json: its hash does not match its partition list/),
    });
  });

  it('says which version does not exist', async () => {
    await expect(collect(store.read(SBER, 7))).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_VERSION_NOT_FOUND',
      message: expect.stringMatching(/^csv\/1m\/SBER has no version 7 in folder /),
    });
  });
});
