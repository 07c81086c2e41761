/**
 * The versioned market-data store: datasets of bars (`source/interval/instrument`) kept as
 * monthly Parquet files in an ObjectStore, every change a new immutable version.
 *
 * ```
 * bars/<source>/<interval>/<instrument>/<YYYY-MM>/<sha256>.parquet
 * manifests/<source>/<interval>/<instrument>/v000001.json
 * ```
 * @module
 */
import type { Bar } from '../domain/bar.js';
import { MoexBotError } from '../errors.js';
import type { BarColumns } from './barColumns.js';
import { type DatasetId, formatDatasetId } from './datasetId.js';
import { latestManifest, listDatasets, listVersions, loadManifest } from './loadManifests.js';
import type { DatasetManifest } from './manifest.js';
import type { ObjectStore } from './ObjectStore.js';
import { countBars, type ReadBarsOptions, readBarColumns, readBars } from './readBars.js';
import { type WriteBarsOptions, type WriteBarsResult, writeBars } from './writeBars.js';

/** A version to read: its number, or a manifest already loaded. */
export type VersionRef = number | DatasetManifest;

/** The bar store over one ObjectStore. */
export interface BarStore {
  /** The backend, e.g. for its `description`. */
  readonly objects: ObjectStore;
  /** Every dataset with a version, sorted by name. */
  datasets(): Promise<DatasetId[]>;
  /** A dataset's versions, ascending. */
  versions(id: DatasetId): Promise<number[]>;
  /** A version's manifest (default the latest), or undefined when there is none. */
  manifest(id: DatasetId, version?: number): Promise<DatasetManifest | undefined>;
  /** Merges bars into the latest version; see {@link writeBars}. */
  write(id: DatasetId, bars: readonly Bar[]): Promise<WriteBarsResult>;
  /** A version's bars in time order, a row group per batch at most. */
  read(id: DatasetId, version: VersionRef, options?: ReadBarsOptions): AsyncIterable<Bar[]>;
  /** The same, as columns (no Bar objects). */
  readColumns(
    id: DatasetId,
    version: VersionRef,
    options?: ReadBarsOptions,
  ): AsyncIterable<BarColumns>;
  /** Number of bars a read with these options yields. */
  count(id: DatasetId, version: VersionRef, options?: ReadBarsOptions): Promise<number>;
}

/**
 * Opens the bar store kept in `objects`.
 * @example
 * const store = barStore(localObjectStore('data'));
 * const sber = { source: 'csv', interval: '1m', instrument: 'SBER' };
 * await store.write(sber, bars); // { status: 'created', version: 1, … }
 * for await (const batch of store.read(sber, 1, { from: Date.UTC(2026, 0, 1) })) use(batch);
 */
export function barStore(objects: ObjectStore, options: WriteBarsOptions = {}): BarStore {
  const resolve = async (id: DatasetId, version: VersionRef): Promise<DatasetManifest> => {
    if (typeof version !== 'number') return version;
    const manifest = await loadManifest(objects, id, version);
    if (manifest === undefined) {
      throw new MoexBotError(
        'DATA_VERSION_NOT_FOUND',
        `${formatDatasetId(id)} has no version ${version} in ${objects.description}`,
      );
    }
    return manifest;
  };
  return {
    objects,
    datasets: () => listDatasets(objects),
    versions: (id) => listVersions(objects, id),
    manifest: (id, version) =>
      version === undefined ? latestManifest(objects, id) : loadManifest(objects, id, version),
    write: (id, bars) => writeBars(objects, id, bars, options),
    async *read(id, version, readOptions) {
      yield* readBars(objects, await resolve(id, version), readOptions);
    },
    async *readColumns(id, version, readOptions) {
      yield* readBarColumns(objects, await resolve(id, version), readOptions);
    },
    count: async (id, version, readOptions) =>
      countBars(objects, await resolve(id, version), readOptions),
  };
}
