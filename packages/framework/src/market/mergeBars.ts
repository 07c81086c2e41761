/**
 * Merges per-instrument bar series into the one time-ordered stream the engine consumes.
 * Ties are broken by series order, so a run is reproducible bar for bar.
 * @module
 */
import type { Bar } from '../domain/bar.js';
import { MoexBotError } from '../errors.js';

function assertSorted(series: readonly Bar[], index: number): void {
  for (let i = 1; i < series.length; i++) {
    if (series[i]!.time < series[i - 1]!.time) {
      throw new MoexBotError(
        'DATA_BARS_UNSORTED',
        `series ${index} (${series[i]!.instrument}) is not sorted by time: bar ${i} at ` +
          `${new Date(series[i]!.time).toISOString()} comes after ${new Date(series[i - 1]!.time).toISOString()}`,
      );
    }
  }
}

function mergeTwo(a: readonly Bar[], b: readonly Bar[], out: Bar[]): void {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    // `<=` keeps the first series ahead on equal times.
    out[n++] = a[i]!.time <= b[j]!.time ? a[i++]! : b[j++]!;
  }
  while (i < a.length) out[n++] = a[i++]!;
  while (j < b.length) out[n++] = b[j++]!;
}

/**
 * A binary min-heap of series indexes keyed by (time of the series' next bar, series
 * index): O(n log k), and the index in the key makes ties deterministic.
 */
function mergeHeap(series: readonly (readonly Bar[])[], out: Bar[]): void {
  const next = new Int32Array(series.length);
  const heap = new Int32Array(series.length);
  const keys = new Float64Array(series.length);
  let size = 0;
  const less = (a: number, b: number): boolean =>
    keys[a]! < keys[b]! || (keys[a] === keys[b] && a < b);
  const siftDown = (from: number): void => {
    let at = from;
    const item = heap[at]!;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && less(heap[child + 1]!, heap[child]!)) child++;
      if (!less(heap[child]!, item)) break;
      heap[at] = heap[child]!;
      at = child;
    }
    heap[at] = item;
  };
  // Callers pass only non-empty series.
  series.forEach((bars, index) => {
    keys[index] = bars[0]!.time;
    heap[size++] = index;
  });
  for (let at = (size >> 1) - 1; at >= 0; at--) siftDown(at);
  let n = 0;
  while (size > 0) {
    const index = heap[0]!;
    const bars = series[index]!;
    const position = next[index]!;
    out[n++] = bars[position]!;
    if (position + 1 < bars.length) {
      next[index] = position + 1;
      keys[index] = bars[position + 1]!.time;
    } else {
      heap[0] = heap[--size]!;
    }
    siftDown(0);
  }
}

/**
 * Merges series that are each sorted by time into one array sorted by time. On equal
 * times, bars keep the order of their series in the input (and their order within it).
 * Throws `MOEXBOT_ERR_DATA_BARS_UNSORTED` when a series is not sorted.
 * @example
 * const bars = mergeBars([sberBars, gazpBars, lkohBars]);
 */
export function mergeBars(series: readonly (readonly Bar[])[]): Bar[] {
  let total = 0;
  series.forEach((bars, index) => {
    assertSorted(bars, index);
    total += bars.length;
  });
  const nonEmpty = series.filter((bars) => bars.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0]?.slice() ?? [];
  const out = new Array<Bar>(total);
  if (nonEmpty.length === 2) mergeTwo(nonEmpty[0]!, nonEmpty[1]!, out);
  else mergeHeap(nonEmpty, out);
  return out;
}
