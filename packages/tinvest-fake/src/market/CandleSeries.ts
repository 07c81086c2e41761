/**
 * A sorted run of candles of one instrument and interval, with the binary searches the
 * clock and the market data services need.
 * @module
 */
import type { Candle } from './candles.js';

/** Index of the first element for which `after` holds (`after` must be monotone). */
function firstIndex<T>(items: readonly T[], after: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (after(items[middle]!)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Candles of one interval, sorted by time. */
export class CandleSeries {
  constructor(
    readonly intervalMs: number,
    readonly candles: readonly Candle[],
  ) {}

  /** The latest candle whose first trade happened by `now`. */
  latestOpened(now: number): Candle | undefined {
    const index = firstIndex(this.candles, (candle) => candle.openAt > now);
    return index > 0 ? this.candles[index - 1] : undefined;
  }

  /** The earliest `openAt` or `endAt` strictly after `time`. */
  nextBoundaryAfter(time: number): number | undefined {
    const opening = this.candles[firstIndex(this.candles, (candle) => candle.openAt > time)];
    const ending = this.candles[firstIndex(this.candles, (candle) => candle.endAt > time)];
    const times = [opening?.openAt, ending?.endAt].filter((t): t is number => t !== undefined);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /** The candle whose first trade is at `time`. */
  openingAt(time: number): Candle | undefined {
    const candle = this.candles[firstIndex(this.candles, (c) => c.openAt >= time)];
    return candle?.openAt === time ? candle : undefined;
  }

  /** The candle that completes at `time`. */
  endingAt(time: number): Candle | undefined {
    const candle = this.candles[firstIndex(this.candles, (c) => c.endAt >= time)];
    return candle?.endAt === time ? candle : undefined;
  }

  /** Candles with `from <= time < to`. */
  between(from: number, to: number): readonly Candle[] {
    const start = firstIndex(this.candles, (candle) => candle.time >= from);
    const end = firstIndex(this.candles, (candle) => candle.time >= to);
    return this.candles.slice(start, end);
  }
}
