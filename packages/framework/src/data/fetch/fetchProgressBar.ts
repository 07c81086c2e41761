/**
 * Draws a download's progress for a person: on a terminal a live bar, redrawn at most
 * ten times a second; elsewhere (pipes, CI logs) nothing but one final line.
 * @module
 */
import { type FetchProgress, formatFetchProgress } from './fetchProgress.js';

/** Where progress goes: stderr, as a rule. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const WIDTH = 24;
/** Redraw at most this often; a chunk can take less than a millisecond. */
const REDRAW_MS = 100;

/**
 * A progress drawer for {@link FetchProgress} snapshots; draws nothing when not `enabled`.
 * @example
 * const bar = fetchProgressBar(process.stderr, flags.progress);
 * await fetchHistory({ ...options, onProgress: (p) => bar.update(p) }).catch((error) => {
 *   bar.abandon();
 *   throw error;
 * });
 */
export function fetchProgressBar(stream: ProgressStream, enabled = true) {
  const tty = stream.isTTY === true;
  let drawn = false;
  let lastDraw = Number.NEGATIVE_INFINITY;
  return {
    update(progress: FetchProgress): void {
      if (!enabled) return;
      if (progress.phase === 'done') {
        const line = formatFetchProgress(progress);
        stream.write(tty ? `\r${line}\x1b[K\n` : `${line}\n`);
        drawn = false;
        return;
      }
      const now = performance.now();
      if (!tty || (progress.phase === 'fetching' && now - lastDraw < REDRAW_MS)) return;
      lastDraw = now;
      const fraction = progress.chunksTotal === 0 ? 1 : progress.chunksDone / progress.chunksTotal;
      const filled = Math.round(fraction * WIDTH);
      const bar = `[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%`;
      stream.write(`\r${bar}  ${formatFetchProgress(progress)}\x1b[K`);
      drawn = true;
    },
    /** Ends a bar left on the line, so that an error message starts on its own. */
    abandon(): void {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
