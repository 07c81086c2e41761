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

/** A feed over bars already in memory (sorted by time), delivered in chunks. */
export function arrayFeed(bars: readonly Bar[], chunk = 65_536): BarFeed {
  return {
    total: bars.length,
    async *batches() {
      for (let start = 0; start < bars.length; start += chunk) {
        yield start === 0 && bars.length <= chunk ? bars : bars.slice(start, start + chunk);
      }
    },
  };
}
