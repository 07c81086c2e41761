/**
 * The store side of a backtest from a config: one dataset per configured instrument
 * (`data.source/data.interval/<ticker>`), the versions the lock file pins (or the latest),
 * and a feed over them that maps each dataset to its instrument's uid.
 * @module
 */
import type { OperatorConfig } from '../config/schema.js';
import type { BarFeed } from '../market/feed.js';
import { barStore } from './barStore.js';
import { type DatasetId, datasetId } from './datasetId.js';
import { lockFilePath, readLockFile } from './lockFile.js';
import type { ObjectStore } from './ObjectStore.js';
import { openObjectStore } from './openObjectStore.js';
import { type ResolvedDataset, resolveDatasetVersions } from './resolveDatasetVersions.js';
import { storeFeed } from './storeFeed.js';

/** A dataset version a run read, as the run records it. */
export interface DatasetUsed {
  /** `source/interval/instrument`. */
  readonly dataset: string;
  /** Uid of the instrument its bars were fed as. */
  readonly instrument: string;
  readonly version: number;
  readonly hash: string;
  /** False when no lock entry chose the version and the latest was read. */
  readonly pinned: boolean;
}

/** A feed over the store and what it reads. */
export interface ConfigStoreFeed {
  readonly feed: BarFeed;
  /** The store, e.g. `folder /srv/bot/data`. */
  readonly store: string;
  readonly datasets: readonly DatasetUsed[];
  /** Releases the store's connections once the feed has been read. */
  close(): Promise<void>;
}

/** The datasets a config's backtest reads: one per instrument, named by its ticker. */
export function configDatasets(config: OperatorConfig): DatasetId[] {
  return config.instruments.map((instrument) =>
    datasetId({
      source: config.data.source,
      interval: config.data.interval,
      instrument: instrument.ticker,
    }),
  );
}

/**
 * Opens the config's store, resolves each instrument's dataset version through the lock
 * file beside the config, and returns a feed over them. `onUnpinned` is told about each
 * dataset read at its latest version because the lock does not pin it.
 * @example
 * const data = await configStoreFeed(config, dir, { range: { from } });
 * try {
 *   await backtest(setup, data.feed);
 * } finally {
 *   await data.close();
 * }
 */
export async function configStoreFeed(
  config: OperatorConfig,
  configDir: string,
  options: {
    readonly projectDir?: string;
    readonly range?: { readonly from?: number | undefined; readonly to?: number | undefined };
    readonly onUnpinned?: (dataset: ResolvedDataset) => void;
  } = {},
): Promise<ConfigStoreFeed> {
  const ids = configDatasets(config);
  const lock = await readLockFile(lockFilePath(configDir));
  const objects: ObjectStore = await openObjectStore(
    config.data.store,
    configDir,
    options.projectDir ?? configDir,
  );
  try {
    const resolved = await resolveDatasetVersions(barStore(objects), ids, lock);
    for (const dataset of resolved) if (!dataset.pinned) options.onUnpinned?.(dataset);
    const feed = await storeFeed(
      barStore(objects),
      resolved.map((dataset, index) => ({
        dataset: dataset.id,
        version: dataset.manifest,
        instrument: config.instruments[index]!.uid,
      })),
      options.range ?? {},
    );
    return {
      feed,
      store: objects.description,
      datasets: resolved.map((dataset, index) => ({
        dataset: dataset.dataset,
        instrument: config.instruments[index]!.uid,
        version: dataset.version,
        hash: dataset.hash,
        pinned: dataset.pinned,
      })),
      close: async () => objects.close?.(),
    };
  } catch (error) {
    await objects.close?.();
    throw error;
  }
}
