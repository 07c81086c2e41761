/**
 * Where a history download stands, for progress bars and logs: chunks done out of all,
 * bars staged, and the time left at the pace of the chunks fetched so far.
 * @module
 */

/** A snapshot of a download, totals over every dataset of the run. */
export interface FetchProgress {
  /** The dataset being worked on, `source/interval/instrument`. */
  readonly dataset: string;
  /** `fetching` chunks, `writing` a dataset's version, or `done` with everything. */
  readonly phase: 'fetching' | 'writing' | 'done';
  /** Chunks finished: fetched by this run or resumed from an earlier one. */
  readonly chunksDone: number;
  readonly chunksTotal: number;
  /** Of the chunks done, those an earlier run had finished. */
  readonly chunksResumed: number;
  /** Bars in the finished chunks. */
  readonly bars: number;
  /** Since the download started, ms. */
  readonly elapsedMs: number;
  /** Time left at the pace so far, ms; undefined until a chunk has been fetched. */
  readonly etaMs: number | undefined;
}

/** `1h02m`, `3m05s`, `42s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}

/**
 * One line for a progress snapshot, without the bar itself.
 * @example
 * formatFetchProgress(progress);
 * // 'tinvest/1m/SBER  12/20 chunks (5 resumed)  6,240 bars  ETA 4s'
 */
export function formatFetchProgress(progress: FetchProgress): string {
  const parts = [
    progress.phase === 'done' ? 'fetched' : progress.dataset,
    `${progress.chunksDone}/${progress.chunksTotal} chunks` +
      (progress.chunksResumed > 0 ? ` (${progress.chunksResumed} resumed)` : ''),
    `${progress.bars.toLocaleString('en-US')} bars`,
  ];
  if (progress.phase === 'writing') parts.push('writing the store');
  else if (progress.phase === 'done') parts.push(`in ${formatDuration(progress.elapsedMs)}`);
  else if (progress.etaMs !== undefined) parts.push(`ETA ${formatDuration(progress.etaMs)}`);
  return parts.join('  ');
}
