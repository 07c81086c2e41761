/**
 * The contract every market-data store backend must meet, as a vitest suite to run
 * against any `ObjectStore`: the object basics (missing keys, round trips, put-if-absent
 * races, sorted listing by prefix) and the bar store on top (versions, partitions, ranges,
 * row-group streaming). The local folder backend and `@moex-bot/store-s3` both run it.
 * This module imports vitest: use it from test files.
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { barStore } from '../data/barStore.js';
import type { DatasetId } from '../data/datasetId.js';
import type { ObjectStore } from '../data/ObjectStore.js';
import type { Bar } from '../domain/bar.js';

/** A fresh, empty store for one test, and how to remove it afterwards. */
export type ObjectStoreFactory = () => Promise<{
  store: ObjectStore;
  cleanup(): Promise<void>;
}>;

const SBER: DatasetId = { source: 'contract', interval: '1m', instrument: 'SBER' };
const GAZP: DatasetId = { source: 'contract', interval: '1m', instrument: 'GAZP' };
/** 2026-08-31 22:00 UTC: two hours before September, so 240 bars span two months. */
const START = Date.UTC(2026, 7, 31, 22, 0);

/** `count` minute bars from `start`, prices moving with `seed` so changed data differs. */
function minuteBars(count: number, start = START, seed = 0): Bar[] {
  return Array.from({ length: count }, (_, i) => {
    const close = 300 + ((i * 7 + seed) % 50) / 100;
    return {
      instrument: 'SBER',
      time: start + i * 60_000,
      open: close - 0.01,
      high: close + 0.02,
      low: close - 0.03,
      close,
      volume: 10 + ((i + seed) % 90),
    };
  });
}

async function collect(batches: AsyncIterable<readonly Bar[]>): Promise<Bar[]> {
  const bars: Bar[] = [];
  for await (const batch of batches) bars.push(...batch);
  return bars;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined) =>
  data === undefined ? undefined : new TextDecoder().decode(data);

/**
 * Declares the contract suite for a backend. `makeObjectStore` is called before each
 * test and must return an empty store.
 * @example
 * // localObjectStore.test.ts
 * describeBarStoreContract('local folder', async () => {
 *   const dir = await mkdtemp(path.join(os.tmpdir(), 'store-'));
 *   return { store: localObjectStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
 * });
 */
export function describeBarStoreContract(name: string, makeObjectStore: ObjectStoreFactory): void {
  describe(`market-data store contract: ${name}`, () => {
    let objects: ObjectStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store: objects, cleanup } = await makeObjectStore());
    });
    afterEach(async () => {
      await objects.close?.();
      await cleanup();
    });

    defineObjectStoreTests(() => objects);
    defineBarStoreTests(() => objects);
  });
}

function defineObjectStoreTests(current: () => ObjectStore): void {
  describe('ObjectStore', () => {
    let objects: ObjectStore;
    beforeEach(() => {
      objects = current();
    });

    it('returns undefined for a missing key', async () => {
      expect(await objects.get('nothing/here.json')).toBeUndefined();
    });

    it('returns the bytes put, and replaces them on a plain put', async () => {
      const body = new Uint8Array([0, 1, 2, 255, 128]);
      expect(await objects.put('a/b/c.bin', body)).toBe(true);
      expect([...((await objects.get('a/b/c.bin')) ?? [])]).toEqual([...body]);
      expect(await objects.put('a/b/c.bin', bytes('second'))).toBe(true);
      expect(text(await objects.get('a/b/c.bin'))).toBe('second');
      expect(await objects.put('empty.bin', new Uint8Array(0))).toBe(true);
      expect((await objects.get('empty.bin'))?.length).toBe(0);
    });

    it('with ifAbsent, keeps the first object and tells the second writer it lost', async () => {
      expect(await objects.put('m/v000001.json', bytes('first'), { ifAbsent: true })).toBe(true);
      expect(await objects.put('m/v000001.json', bytes('second'), { ifAbsent: true })).toBe(false);
      expect(text(await objects.get('m/v000001.json'))).toBe('first');
    });

    it('lets exactly one of many racing ifAbsent writers win', async () => {
      const racers = Array.from({ length: 8 }, (_, i) =>
        objects.put('race/v000001.json', bytes(`writer ${i}`), { ifAbsent: true }),
      );
      const won = await Promise.all(racers);
      expect(won.filter(Boolean)).toHaveLength(1);
      expect(text(await objects.get('race/v000001.json'))).toBe(`writer ${won.indexOf(true)}`);
    });

    it('lists keys under a prefix, sorted, and nothing else', async () => {
      for (const key of ['p/b.json', 'p/a/2.json', 'p/a/1.json', 'pq/x.json', 'q/y.json']) {
        await objects.put(key, bytes(key));
      }
      expect(await objects.list('p/')).toEqual(['p/a/1.json', 'p/a/2.json', 'p/b.json']);
      expect(await objects.list('p/a/')).toEqual(['p/a/1.json', 'p/a/2.json']);
      expect(await objects.list('none/')).toEqual([]);
      expect(await objects.list('')).toEqual([
        'p/a/1.json',
        'p/a/2.json',
        'p/b.json',
        'pq/x.json',
        'q/y.json',
      ]);
    });

    it('refuses keys that are not relative slash-separated paths', async () => {
      for (const key of ['', '/abs.json', 'a/../b.json', 'a//b.json', 'a\\b.json']) {
        await expect(objects.put(key, bytes('x')), key).rejects.toThrow();
      }
    });
  });
}

function defineBarStoreTests(current: () => ObjectStore): void {
  describe('bar store', () => {
    let objects: ObjectStore;
    beforeEach(() => {
      objects = current();
    });

    it('creates version 1 on the first write and reads the bars back exactly', async () => {
      const store = barStore(objects);
      const bars = minuteBars(240);
      const result = await store.write(SBER, bars);
      expect(result).toMatchObject({ status: 'created', version: 1, rows: 240, reused: 0 });
      expect(await store.versions(SBER)).toEqual([1]);
      expect(await collect(store.read(SBER, 1))).toEqual(bars);
      expect(await store.datasets()).toEqual([SBER]);
    });

    it('partitions by UTC month, files named by their hash', async () => {
      const store = barStore(objects);
      const result = await store.write(SBER, minuteBars(240));
      expect(result.written).toEqual(['2026-08', '2026-09']);
      const manifest = result.manifest!;
      expect(manifest.partitions.map((p) => [p.period, p.rows])).toEqual([
        ['2026-08', 120],
        ['2026-09', 120],
      ]);
      for (const partition of manifest.partitions) {
        expect(partition.key).toBe(
          `bars/contract/1m/SBER/${partition.period}/${partition.sha256}.parquet`,
        );
      }
      expect(manifest.firstTime).toBe('2026-08-31T22:00:00.000Z');
      expect(manifest.lastTime).toBe('2026-09-01T01:59:00.000Z');
      expect(await objects.list('manifests/contract/1m/SBER/')).toEqual([
        'manifests/contract/1m/SBER/v000001.json',
      ]);
    });

    it('makes version 2 from changed data while version 1 still reads back as it was', async () => {
      const store = barStore(objects);
      const first = minuteBars(240);
      await store.write(SBER, first);
      // September changes (new prices for its minutes, and one more bar); August does not.
      const september = minuteBars(121, Date.UTC(2026, 8, 1), 13);
      const second = await store.write(SBER, september);
      expect(second).toMatchObject({
        status: 'created',
        version: 2,
        previous: 1,
        rows: 241,
        written: ['2026-09'],
        reused: 1,
      });
      const v1 = await store.manifest(SBER, 1);
      expect(second.manifest!.partitions[0]!.key).toBe(v1!.partitions[0]!.key);
      expect(second.manifest!.hash).not.toBe(v1!.hash);
      expect(await collect(store.read(SBER, 1))).toEqual(first);
      expect(await collect(store.read(SBER, 2))).toEqual([...first.slice(0, 120), ...september]);
    });

    it('creates no version when the data is already stored', async () => {
      const store = barStore(objects);
      const bars = minuteBars(240);
      await store.write(SBER, bars);
      const keys = await objects.list('');
      const again = await store.write(SBER, bars.slice(100, 200));
      expect(again).toMatchObject({ status: 'unchanged', version: 1, written: [] });
      expect(await store.versions(SBER)).toEqual([1]);
      expect(await objects.list('')).toEqual(keys);
    });

    it('reads a period [from, to) and counts it', async () => {
      const store = barStore(objects);
      const bars = minuteBars(240);
      await store.write(SBER, bars);
      const from = bars[100]!.time;
      const to = bars[150]!.time;
      expect(await collect(store.read(SBER, 1, { from, to }))).toEqual(bars.slice(100, 150));
      expect(await store.count(SBER, 1, { from, to })).toBe(50);
      expect(await store.count(SBER, 1)).toBe(240);
      const renamed = await collect(store.read(SBER, 1, { from: to, instrument: 'uid-1' }));
      expect(renamed).toHaveLength(90);
      expect(renamed.every((bar) => bar.instrument === 'uid-1')).toBe(true);
    });

    it('streams a row group at a time', async () => {
      const store = barStore(objects, { rowGroupSize: 50 });
      await store.write(SBER, minuteBars(240));
      const sizes: number[] = [];
      for await (const batch of store.read(SBER, 1)) sizes.push(batch.length);
      expect(sizes).toEqual([50, 50, 20, 50, 50, 20]);
    });

    it('keeps datasets apart and lets racing writers each make a version', async () => {
      const store = barStore(objects);
      const [a, b] = await Promise.all([
        store.write(SBER, minuteBars(60)),
        store.write(SBER, minuteBars(60, START + 60 * 60_000, 5)),
      ]);
      expect([a.version, b.version].sort()).toEqual([1, 2]);
      // The later version merged the earlier one: nothing written was lost.
      expect(await store.count(SBER, 2)).toBe(120);
      await store.write(GAZP, minuteBars(10));
      expect(await store.datasets()).toEqual([GAZP, SBER]);
      expect(await store.versions(GAZP)).toEqual([1]);
    });
  });
}
