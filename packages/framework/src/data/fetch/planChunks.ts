/**
 * How a history download is cut into chunks: one chunk is one request to the venue, as
 * long as the venue allows for the interval, aligned to a fixed grid so that a chunk's
 * window is the same whatever range a run asks for (which is what lets a later run reuse
 * the chunks an interrupted one finished).
 * @module
 */
import type { BarInterval } from '../../contracts/marketData.js';

const DAY = 86_400_000;

/**
 * Length of one chunk per interval: the longest span one T-Invest `GetCandles` request
 * may cover (1m ≤ 1 day, 5m ≤ 1 week, 15m ≤ 3 weeks, 1h ≤ 3 months, 1d ≤ 6 years), so a
 * chunk costs exactly one request. Chunks start at multiples of their length since the
 * Unix epoch: for `1m`, every UTC day is one chunk.
 */
export const FETCH_CHUNK_MS: Readonly<Record<BarInterval, number>> = {
  '1m': DAY,
  '5m': 7 * DAY,
  '15m': 21 * DAY,
  '1h': 90 * DAY,
  '1d': 6 * 365 * DAY,
};

/** One request's window: bars with open time in [start, end), UTC ms. */
export interface FetchChunk {
  readonly start: number;
  readonly end: number;
}

/**
 * The chunks of [from, to) for `interval`: grid-aligned, the first and last clipped to
 * the range, and none that starts at or after `now` (nothing there has traded yet).
 * @example
 * planChunks('1m', Date.UTC(2024, 2, 11, 12), Date.UTC(2024, 2, 13));
 * // [{ start: 2024-03-11T12:00Z, end: 2024-03-12T00:00Z }, { start: 2024-03-12T00:00Z, end: 2024-03-13T00:00Z }]
 */
export function planChunks(
  interval: BarInterval,
  from: number,
  to: number,
  now = Number.POSITIVE_INFINITY,
): FetchChunk[] {
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    throw new RangeError(`a fetch range needs finite times, got ${from} and ${to}`);
  }
  const length = FETCH_CHUNK_MS[interval];
  const chunks: FetchChunk[] = [];
  const end = Math.min(to, now);
  for (let start = from; start < end; ) {
    const boundary = (Math.floor(start / length) + 1) * length;
    const chunkEnd = Math.min(boundary, to);
    chunks.push({ start, end: chunkEnd });
    start = chunkEnd;
  }
  return chunks;
}
