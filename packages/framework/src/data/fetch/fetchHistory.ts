/**
 * Downloads bar history from a venue into the store: each instrument's range is cut into
 * chunks of one venue request each, fetched one after another (the venue's client keeps
 * to its rate limits; nothing here runs requests side by side), every finished chunk
 * staged on disk, and once all chunks of a dataset are in, its bars are written as one
 * new version. A run that stops half-way is resumed by running it again.
 * @module
 */
import type { BarInterval, MarketDataSource } from '../../contracts/marketData.js';
import type { Bar } from '../../domain/bar.js';
import type { Instrument } from '../../domain/instrument.js';
import { MoexBotError } from '../../errors.js';
import type { BarStore } from '../barStore.js';
import { type DatasetId, datasetId, formatDatasetId } from '../datasetId.js';
import type { WriteBarsResult } from '../writeBars.js';
import { DatasetStaging, type EarlierRun } from './DatasetStaging.js';
import type { FetchProgress } from './fetchProgress.js';
import { type FetchChunk, planChunks } from './planChunks.js';
import { iso } from './stagingFiles.js';

/** A dataset to fill and the venue's instrument whose bars go into it. */
export interface FetchTarget {
  readonly dataset: DatasetId;
  /** The instrument as the venue knows it (its uid is what the venue is asked for). */
  readonly instrument: Instrument;
}

export interface FetchHistoryOptions {
  /** The venue's market data. */
  readonly source: MarketDataSource;
  readonly store: BarStore;
  readonly datasets: readonly FetchTarget[];
  /** Bar interval; every dataset's interval must be this one. */
  readonly interval: BarInterval;
  /** Range of bar open times, UTC ms: [from, to). */
  readonly from: number;
  readonly to: number;
  /** Folder of the staging areas (see {@link DatasetStaging}); kept between runs. */
  readonly stateDir: string;
  readonly onProgress?: (progress: FetchProgress) => void;
  /**
   * The venue's time, UTC ms (default the wall clock): chunks that start later are not
   * asked for, and a chunk that ends later counts as incomplete.
   */
  readonly now?: () => number;
}

/** What happened to one dataset. */
export interface FetchedDataset {
  /** `source/interval/instrument`. */
  readonly dataset: string;
  /** The venue's uid of the instrument. */
  readonly instrument: string;
  readonly chunks: number;
  /** Chunks this run asked the venue for. */
  readonly fetched: number;
  /** Chunks an earlier run had finished, not asked for again. */
  readonly resumed: number;
  /** The earlier, unfinished run whose staging was found, if any. */
  readonly earlier?: EarlierRun;
  /** Bars written (before merging with the stored version). */
  readonly bars: number;
  /** The store's answer: the new version, or `unchanged`. */
  readonly write: WriteBarsResult;
}

export interface FetchHistoryResult {
  readonly datasets: readonly FetchedDataset[];
  readonly elapsedMs: number;
}

/** The venue's bars of a chunk: in the window, sorted, one per time (the later wins). */
function chunkBars(bars: readonly Bar[], chunk: FetchChunk): Bar[] {
  const byTime = new Map<number, Bar>();
  for (const bar of bars) {
    if (bar.time >= chunk.start && bar.time < chunk.end) byTime.set(bar.time, bar);
  }
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}

function checkTargets(targets: readonly FetchTarget[], interval: BarInterval): void {
  const names = new Set<string>();
  for (const { dataset } of targets) {
    const name = formatDatasetId(datasetId(dataset));
    if (dataset.interval !== interval) {
      throw new MoexBotError(
        'CLI_USAGE',
        `dataset ${name} holds ${dataset.interval} bars, but the fetch is for ${interval}`,
      );
    }
    if (names.has(name)) throw new MoexBotError('CLI_USAGE', `dataset ${name} is named twice`);
    names.add(name);
  }
}

/**
 * Fetches `[from, to)` of every target chunk by chunk, resuming whatever an earlier run
 * of the same windows finished, and writes each dataset as one new version (merged into
 * its latest by the store). A chunk that fails after the venue's own retries stops the
 * run with `MOEXBOT_ERR_DATA_FETCH_FAILED`, naming the instrument and the chunk; the
 * chunks finished so far stay staged for the next run.
 * @example
 * const result = await fetchHistory({
 *   source: venue.marketData,
 *   store: barStore(objects),
 *   datasets: [{ dataset: { source: 'tinvest', interval: '1m', instrument: 'SBER' }, instrument: sber }],
 *   interval: '1m',
 *   from: Date.UTC(2024, 0, 1),
 *   to: Date.UTC(2024, 1, 1),
 *   stateDir: 'state/fetch',
 *   onProgress: (p) => console.error(formatFetchProgress(p)),
 * });
 * result.datasets[0].write; // { status: 'created', version: 1, rows: 10_920, … }
 */
export async function fetchHistory(options: FetchHistoryOptions): Promise<FetchHistoryResult> {
  const { source, store, interval, from, to } = options;
  const now = options.now ?? Date.now;
  checkTargets(options.datasets, interval);
  const started = performance.now();
  // Every dataset covers the same range, so they share one plan.
  const chunks = planChunks(interval, from, to, now());
  const stagings: DatasetStaging[] = [];
  for (const target of options.datasets) {
    stagings.push(
      await DatasetStaging.open({
        stateDir: options.stateDir,
        dataset: target.dataset,
        instrument: target.instrument.uid,
        from,
        to,
        chunks,
      }),
    );
  }

  const chunksTotal = chunks.length * stagings.length;
  const chunksResumed = stagings.reduce((sum, s) => sum + s.resumed, 0);
  let chunksDone = chunksResumed;
  let bars = stagings.reduce((sum, s) => sum + s.barCount, 0);
  let fetched = 0;
  let fetchingMs = 0;
  const report = (dataset: string, phase: FetchProgress['phase']) =>
    options.onProgress?.({
      dataset,
      phase,
      chunksDone,
      chunksTotal,
      chunksResumed,
      bars,
      elapsedMs: performance.now() - started,
      etaMs: fetched === 0 ? undefined : ((chunksTotal - chunksDone) * fetchingMs) / fetched,
    });

  const results: FetchedDataset[] = [];
  for (const [index, staging] of stagings.entries()) {
    const { dataset, instrument } = options.datasets[index]!;
    report(staging.name, 'fetching');
    let fetchedHere = 0;
    for (const chunk of chunks) {
      if (staging.isDone(chunk)) continue;
      const chunkStarted = performance.now();
      let received: Bar[];
      try {
        received = await source.history(instrument, interval, chunk.start, chunk.end);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MoexBotError(
          'DATA_FETCH_FAILED',
          `${staging.name} (instrument ${instrument.ticker}, uid ${instrument.uid}): chunk ` +
            `${iso(chunk.start)} – ${iso(chunk.end)} failed: ${reason}; ` +
            `${staging.doneCount} of ${chunks.length} chunks are staged in ${staging.dir} ` +
            'and are not fetched again: run the command again to resume',
          { cause: error },
        );
      }
      const kept = chunkBars(received, chunk);
      await staging.stage(chunk, kept, chunk.end <= now());
      fetched += 1;
      fetchedHere += 1;
      chunksDone += 1;
      bars += kept.length;
      fetchingMs += performance.now() - chunkStarted;
      report(staging.name, 'fetching');
    }
    report(staging.name, 'writing');
    const staged = await staging.bars();
    const write = await store.write(dataset, staged);
    // Only once the version is written: until then a rerun must find the bars staged.
    await staging.remove();
    results.push({
      dataset: staging.name,
      instrument: instrument.uid,
      chunks: chunks.length,
      fetched: fetchedHere,
      resumed: staging.resumed,
      ...(staging.earlier === undefined ? {} : { earlier: staging.earlier }),
      bars: staged.length,
      write,
    });
  }
  report(stagings.at(-1)?.name ?? '', 'done');
  return { datasets: results, elapsedMs: performance.now() - started };
}
