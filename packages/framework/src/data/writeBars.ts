/**
 * Writing bars into a dataset: merged into the latest version month by month, so a write
 * rewrites only the months it touches and the new version reuses every other file.
 * Files are named by their hash and never overwritten; a version is one manifest, put
 * only if absent, so two writers racing for a number cannot both win.
 * @module
 */
import type { Bar } from '../domain/bar.js';
import { MoexBotError } from '../errors.js';
import { encodeParquet } from '../parquet/encodeParquet.js';
import {
  BAR_COLUMNS,
  type BarColumns,
  columnsFromBars,
  mergeBarColumns,
  sameBarColumns,
  sliceBarColumns,
  sortedUniqueBars,
} from './barColumns.js';
import { splitByPeriod } from './barPeriod.js';
import { type DatasetId, datasetId, formatDatasetId } from './datasetId.js';
import { latestManifest } from './loadManifests.js';
import {
  type DatasetManifest,
  manifestKey,
  type Partition,
  partitionKey,
  partitionsHash,
  sha256Hex,
} from './manifest.js';
import type { ObjectStore } from './ObjectStore.js';
import { readPartition } from './readBars.js';

/** How partition files are written. */
export interface WriteBarsOptions {
  /** Rows per Parquet row group; default 65,536 (a month of minute bars is one group). */
  readonly rowGroupSize?: number;
  /**
   * Compression of new files; default snappy: with delta-encoded times it is about as
   * small as zstd here, and decodes faster in WebAssembly, which bounds backtest speed.
   */
  readonly compression?: 'zstd' | 'snappy';
  /** The clock for `createdAt`; default now. */
  readonly now?: () => Date;
}

/** What a write did. */
export interface WriteBarsResult {
  /** `created`: a new version; `unchanged`: the data was already there, no version made. */
  readonly status: 'created' | 'unchanged';
  readonly dataset: string;
  /** The new version, or when unchanged the latest one (0 when the dataset has none). */
  readonly version: number;
  /** The version the write was merged into, when there was one. */
  readonly previous?: number;
  /** Bars in the resulting version. */
  readonly rows: number;
  /** Periods (`YYYY-MM`) that got a new file. */
  readonly written: readonly string[];
  /** Partitions taken over unchanged from the previous version. */
  readonly reused: number;
  /** The resulting version's manifest (undefined only when the dataset stays empty). */
  readonly manifest: DatasetManifest | undefined;
}

/** Attempts before giving up when other writers keep winning the race for a version. */
const MAX_ATTEMPTS = 16;

const iso = (time: number) => new Date(time).toISOString();

function checkTimes(bars: readonly Bar[], dataset: string): void {
  for (let i = 0; i < bars.length; i++) {
    if (!Number.isSafeInteger(bars[i]!.time)) {
      throw new RangeError(`${dataset}: bar ${i} has time ${bars[i]!.time}, not whole UTC ms`);
    }
  }
}

/** Writes one period's columns as a partition file (skipped when the file exists). */
async function writePartition(
  objects: ObjectStore,
  id: DatasetId,
  period: string,
  columns: BarColumns,
  options: WriteBarsOptions,
): Promise<Partition> {
  const dataset = formatDatasetId(id);
  const bytes = await encodeParquet(BAR_COLUMNS, columns, {
    name: `${dataset} ${period}`,
    // One key: parquet-wasm does not keep the order of several, and the file's bytes
    // (so its content address) must depend on the bars alone.
    metadata: { 'moex-bot.partition': JSON.stringify({ dataset, period }) },
    ...(options.rowGroupSize === undefined ? {} : { rowGroupSize: options.rowGroupSize }),
    compression: options.compression ?? 'snappy',
  });
  const sha256 = sha256Hex(bytes);
  const key = partitionKey(id, period, sha256);
  // Same hash, same bytes: an existing file is the one we would write.
  await objects.put(key, bytes, { ifAbsent: true });
  return {
    period,
    key,
    sha256,
    rows: columns.time.length,
    bytes: bytes.length,
    firstTime: iso(columns.time[0]!),
    lastTime: iso(columns.time[columns.time.length - 1]!),
  };
}

/**
 * Merges `bars` into the latest version of dataset `id` and, when that changes anything,
 * writes a new version. Bars may come in any order; for a time given twice the later one
 * wins, and a bar at a time already stored replaces the stored one. Periods the bars do
 * not touch keep their files.
 * @example
 * const result = await writeBars(localObjectStore('data'), { source: 'csv', interval: '1m', instrument: 'SBER' }, bars);
 * console.log(result.status, result.version); // 'created' 1
 */
export async function writeBars(
  objects: ObjectStore,
  id: DatasetId,
  bars: readonly Bar[],
  options: WriteBarsOptions = {},
): Promise<WriteBarsResult> {
  id = datasetId(id);
  const dataset = formatDatasetId(id);
  checkTimes(bars, dataset);
  const incoming = columnsFromBars(sortedUniqueBars(bars));
  const runs = splitByPeriod(incoming.time);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const base = await latestManifest(objects, id);
    const byPeriod = new Map(base?.partitions.map((p) => [p.period, p]));
    const written: string[] = [];
    for (const [period, start, end] of runs) {
      const fresh = sliceBarColumns(incoming, start, end);
      const stored = byPeriod.get(period);
      const storedColumns = stored && (await readPartition(objects, base!, stored));
      const merged = storedColumns ? mergeBarColumns(storedColumns, fresh) : fresh;
      if (storedColumns && sameBarColumns(merged, storedColumns)) continue;
      byPeriod.set(period, await writePartition(objects, id, period, merged, options));
      written.push(period);
    }
    const partitions = [...byPeriod.values()].sort((a, b) => a.period.localeCompare(b.period));
    const rows = partitions.reduce((sum, p) => sum + p.rows, 0);
    const hash = partitionsHash(partitions);
    const unchanged = partitions.length === 0 || (base !== undefined && hash === base.hash);
    if (unchanged) {
      return {
        status: 'unchanged',
        dataset,
        version: base?.version ?? 0,
        ...(base ? { previous: base.version } : {}),
        rows,
        written: [],
        reused: partitions.length,
        manifest: base,
      };
    }
    const version = (base?.version ?? 0) + 1;
    const manifest: DatasetManifest = {
      format: 1,
      dataset,
      ...id,
      version,
      createdAt: (options.now?.() ?? new Date()).toISOString(),
      hash,
      rows,
      firstTime: partitions[0]!.firstTime,
      lastTime: partitions.at(-1)!.lastTime,
      partitions,
    };
    const body = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
    if (await objects.put(manifestKey(id, version), body, { ifAbsent: true })) {
      return {
        status: 'created',
        dataset,
        version,
        ...(base ? { previous: base.version } : {}),
        rows,
        written,
        reused: partitions.length - written.length,
        manifest,
      };
    }
    // Another writer took this version number: merge again into what it wrote.
  }
  throw new MoexBotError(
    'DATA_STORE_UNREADABLE',
    `${dataset}: gave up after ${MAX_ATTEMPTS} attempts; other writers keep creating versions in ${objects.description}`,
  );
}
