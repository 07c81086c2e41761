/**
 * Market-data feeds: where bars come from. A backtest reads files, a live run a
 * stream; the engine sees the same interface either way.
 * @module
 */
import type { Bar } from '../domain/bar.js';

/** A source of bars in time order (across instruments), delivered in batches. */
export interface BarFeed {
  /** Number of bars the feed will deliver, when known (drives progress bars). */
  readonly total?: number | undefined;
  /** Batches of bars, globally sorted by time. */
  batches(): AsyncIterable<readonly Bar[]>;
}

/**
 * A feed over bars already in memory (sorted by time). By default the whole array is
 * one batch: copying it into chunks would cost more than the engine spends on it.
 * Give `chunk` to get progress reports every `chunk` bars.
 */
export function arrayFeed(bars: readonly Bar[], chunk = Number.POSITIVE_INFINITY): BarFeed {
  return {
    total: bars.length,
    async *batches() {
      if (bars.length <= chunk) {
        yield bars;
        return;
      }
      for (let start = 0; start < bars.length; start += chunk)
        yield bars.slice(start, start + chunk);
    },
  };
}
