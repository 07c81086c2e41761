/**
 * A backtest feed over datasets of the store: one dataset version per instrument,
 * streamed as columns and merged in time order into small batches of bars, so a run over
 * years of bars holds a row group per instrument in memory, not the history.
 * @module
 */
import type { BarFeed } from '../market/feed.js';
import type { BarStore, VersionRef } from './barStore.js';
import type { DatasetId } from './datasetId.js';
import { mergeColumnStreams } from './mergeColumnStreams.js';
import type { ReadBarsOptions } from './readBars.js';

/** One dataset version and the instrument (uid) its bars are fed as. */
export interface StoreFeedSource {
  readonly dataset: DatasetId;
  readonly version: VersionRef;
  /** `Bar.instrument` of its bars: the instrument's uid. */
  readonly instrument: string;
}

/** The period to read (bounds in UTC ms) and how far to fetch ahead. */
export type StoreFeedOptions = Pick<ReadBarsOptions, 'from' | 'to' | 'prefetch'>;

/**
 * A feed over dataset versions, merged by time (ties in the order of `sources`), with
 * `total` set: counting reads the manifests and, at most, the two partitions cut by the
 * period's bounds.
 * @example
 * const feed = await storeFeed(store, [
 *   { dataset: { source: 'csv', interval: '1m', instrument: 'SBER' }, version: 2, instrument: 'SBER' },
 *   { dataset: { source: 'csv', interval: '1m', instrument: 'GAZP' }, version: 1, instrument: 'GAZP' },
 * ], { from: Date.UTC(2026, 0, 1) });
 * await backtest(setup, feed);
 */
export async function storeFeed(
  store: BarStore,
  sources: readonly StoreFeedSource[],
  options: StoreFeedOptions = {},
): Promise<BarFeed> {
  const range = { from: options.from, to: options.to };
  const counts = await Promise.all(
    sources.map((source) => store.count(source.dataset, source.version, range)),
  );
  return {
    total: counts.reduce((sum, n) => sum + n, 0),
    batches: () =>
      mergeColumnStreams(
        sources.map((source) => ({
          instrument: source.instrument,
          columns: store.readColumns(source.dataset, source.version, options),
        })),
      ),
  };
}
