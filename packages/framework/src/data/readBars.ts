/**
 * Reading a dataset version: its partition files in time order, each checked against its
 * hash, decoded one row group at a time and cut to the requested period. Memory holds
 * one row group and the next file (fetched while the current one is decoded).
 * @module
 */
import type { Bar } from '../domain/bar.js';
import { MoexBotError } from '../errors.js';
import { openParquet } from '../parquet/openParquet.js';
import { tableColumns } from '../parquet/tableColumns.js';
import { BAR_COLUMNS, type BarColumns, barsFromColumns, sliceBarColumns } from './barColumns.js';
import type { DatasetManifest, Partition } from './manifest.js';
import { sha256Hex } from './manifest.js';
import type { ObjectStore } from './ObjectStore.js';

/** Which bars of a version to read. */
export interface ReadBarsOptions {
  /** Keep bars with `time >= from` (UTC ms). */
  readonly from?: number | undefined;
  /** Keep bars with `time < to` (UTC ms). */
  readonly to?: number | undefined;
  /** `Bar.instrument` of the bars read (an instrument uid); default the dataset's ticker. */
  readonly instrument?: string | undefined;
  /** Partition files fetched ahead of the one being decoded; default 4. */
  readonly prefetch?: number | undefined;
}

const DEFAULT_PREFETCH = 4;
const DONE: Promise<Uint8Array> = Promise.resolve(new Uint8Array(0));

/** Partitions that may hold bars in `[from, to)`. */
export function partitionsInRange(
  manifest: DatasetManifest,
  from = Number.NEGATIVE_INFINITY,
  to = Number.POSITIVE_INFINITY,
): Partition[] {
  return manifest.partitions.filter(
    (p) => Date.parse(p.lastTime) >= from && Date.parse(p.firstTime) < to,
  );
}

/** First index of sorted `times` whose value is >= `time`. */
function lowerBound(times: Float64Array, time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (times[mid]! < time) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A partition's bytes, checked against the hash in its name. */
export async function loadPartition(
  objects: ObjectStore,
  manifest: DatasetManifest,
  partition: Partition,
): Promise<Uint8Array> {
  const bytes = await objects.get(partition.key);
  if (bytes === undefined) {
    throw new MoexBotError(
      'DATA_VERSION_NOT_FOUND',
      `${manifest.dataset} v${manifest.version}: partition ${partition.key} is missing from ${objects.description}`,
    );
  }
  const actual = sha256Hex(bytes);
  if (actual !== partition.sha256) {
    throw new MoexBotError(
      'DATA_PARQUET_INVALID',
      `${partition.key}: content does not match its hash (sha256 ${actual}); the file was changed or damaged`,
    );
  }
  return bytes;
}

/** Every bar of one partition as columns (a month: a few MB at most). */
export async function readPartition(
  objects: ObjectStore,
  manifest: DatasetManifest,
  partition: Partition,
): Promise<BarColumns> {
  const parts: BarColumns[] = [];
  for await (const columns of readBarColumns(objects, { ...manifest, partitions: [partition] })) {
    parts.push(columns);
  }
  if (parts.length === 1) return parts[0]!;
  const rows = parts.reduce((sum, part) => sum + part.time.length, 0);
  const joined = {} as Record<keyof BarColumns, Float64Array>;
  for (const field of BAR_COLUMNS.map((column) => column.name)) {
    const column = new Float64Array(rows);
    let at = 0;
    for (const part of parts) {
      column.set(part[field], at);
      at += part[field].length;
    }
    joined[field] = column;
  }
  return joined;
}

/**
 * The bars of a version as columns, one row group at a time, cut to `[from, to)`.
 * @example
 * for await (const columns of readBarColumns(objects, manifest, { from })) total += columns.time.length;
 */
export async function* readBarColumns(
  objects: ObjectStore,
  manifest: DatasetManifest,
  options: ReadBarsOptions = {},
): AsyncGenerator<BarColumns> {
  const from = options.from ?? Number.NEGATIVE_INFINITY;
  const to = options.to ?? Number.POSITIVE_INFINITY;
  const partitions = partitionsInRange(manifest, from, to);
  // Files are fetched a few ahead of the one being decoded: a local read or an S3 request
  // takes longer than decoding a month, and waiting for each in turn would idle the loop.
  const ahead = Math.max(1, options.prefetch ?? DEFAULT_PREFETCH);
  const fetching: Promise<Uint8Array>[] = [];
  const fetchNext = () => {
    const partition = partitions[fetching.length];
    if (partition === undefined) return;
    const loading = loadPartition(objects, manifest, partition);
    // Fetched ahead: a failure surfaces when awaited, not as an unhandled rejection.
    loading.catch(() => undefined);
    fetching.push(loading);
  };
  while (fetching.length < ahead && fetching.length < partitions.length) fetchNext();
  for (let index = 0; index < partitions.length; index++) {
    const partition = partitions[index]!;
    const bytes = await fetching[index]!;
    // Drop the reference so the bytes are freed once decoded.
    fetching[index] = DONE;
    fetchNext();
    // Each row group's table is checked by tableColumns: no schema decoded up front.
    const reader = await openParquet(bytes, { name: partition.key });
    try {
      if (reader.rows !== partition.rows) {
        throw new MoexBotError(
          'DATA_PARQUET_INVALID',
          `${partition.key}: holds ${reader.rows} rows, its manifest says ${partition.rows}`,
        );
      }
      for (let group = 0; group < reader.rowGroups; group++) {
        const table = await reader.readRowGroup(group);
        const { columns } = tableColumns(table, BAR_COLUMNS, partition.key);
        const start = from === Number.NEGATIVE_INFINITY ? 0 : lowerBound(columns.time, from);
        const end =
          to === Number.POSITIVE_INFINITY ? columns.time.length : lowerBound(columns.time, to);
        if (end > start) {
          yield start === 0 && end === columns.time.length
            ? columns
            : sliceBarColumns(columns, start, end);
        }
      }
    } finally {
      reader.close();
    }
  }
}

/**
 * The bars of a version in time order, in batches of one row group (at most), cut to
 * `[from, to)`. Memory is bounded by a row group whatever the history's length.
 * @example
 * for await (const batch of readBars(objects, manifest, { instrument: 'BBG004730N88' })) {
 *   for (const bar of batch) engine.onBar(bar);
 * }
 */
export async function* readBars(
  objects: ObjectStore,
  manifest: DatasetManifest,
  options: ReadBarsOptions = {},
): AsyncGenerator<Bar[]> {
  const instrument = options.instrument ?? manifest.instrument;
  for await (const columns of readBarColumns(objects, manifest, options)) {
    yield barsFromColumns(columns, instrument);
  }
}

/**
 * Number of bars of a version in `[from, to)`: partitions wholly inside count from the
 * manifest; the (at most two) cut by a bound are read, time column only.
 */
export async function countBars(
  objects: ObjectStore,
  manifest: DatasetManifest,
  options: ReadBarsOptions = {},
): Promise<number> {
  const from = options.from ?? Number.NEGATIVE_INFINITY;
  const to = options.to ?? Number.POSITIVE_INFINITY;
  let total = 0;
  for (const partition of partitionsInRange(manifest, from, to)) {
    if (Date.parse(partition.firstTime) >= from && Date.parse(partition.lastTime) < to) {
      total += partition.rows;
      continue;
    }
    const bytes = await loadPartition(objects, manifest, partition);
    const reader = await openParquet(bytes, { name: partition.key, schema: BAR_COLUMNS });
    try {
      for (let group = 0; group < reader.rowGroups; group++) {
        const table = await reader.readRowGroup(group, { columns: ['time'] });
        const { columns } = tableColumns(table, [BAR_COLUMNS[0]], partition.key);
        total += lowerBound(columns.time, to) - lowerBound(columns.time, from);
      }
    } finally {
      reader.close();
    }
  }
  return total;
}
