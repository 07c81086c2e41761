/**
 * Merges per-instrument streams of bar columns (as the store reads them, row group by
 * row group) into one time-ordered stream of Bar batches. The merge runs on the typed
 * arrays, and each Bar object is made only when its batch goes out: batches are small,
 * so bars die young instead of ageing into the old generation while a month of ten
 * instruments waits to be merged — the difference between a bounded and a growing heap
 * on a long history.
 * @module
 */
import type { Bar } from '../domain/bar.js';
import type { BarColumns } from './barColumns.js';

/** One instrument's stream: its uid and its columns, each sorted by time. */
export interface ColumnStream {
  readonly instrument: string;
  readonly columns: AsyncIterable<BarColumns>;
}

interface Head {
  readonly instrument: string;
  readonly iterator: AsyncIterator<BarColumns>;
  columns: BarColumns | undefined;
  at: number;
}

/** Bars per batch handed on. */
export const MERGED_BATCH = 2048;

/** Moves a head to its next non-empty columns; false when its stream has ended. */
async function refill(head: Head): Promise<boolean> {
  while (head.columns === undefined || head.at >= head.columns.time.length) {
    const next = await head.iterator.next();
    if (next.done) return false;
    head.columns = next.value;
    head.at = 0;
  }
  return true;
}

/** First row at or after `from` whose time is later than `time`. */
function upperBound(times: Float64Array, from: number, time: number): number {
  let low = from;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (times[mid]! <= time) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * A bar made from columns. A class, not an object literal: V8 tracks literals by their
 * allocation site and, once the first bars of a run outlive a collection or two (the
 * collections the run's start triggers), allocates every later bar of that site straight
 * into the old generation, where millions of short-lived bars pile up until the next full
 * collection (measured: peak RSS 420–520 MB for 10 M bars, against 300 MB with pretenuring
 * off). Instances of a class are not pretenured that way: bars stay young and die young.
 */
class ColumnBar implements Bar {
  constructor(
    readonly instrument: string,
    readonly time: number,
    readonly open: number,
    readonly high: number,
    readonly low: number,
    readonly close: number,
    readonly volume: number,
  ) {}
}

function barAt(columns: BarColumns, row: number, instrument: string): Bar {
  return new ColumnBar(
    instrument,
    columns.time[row]!,
    columns.open[row]!,
    columns.high[row]!,
    columns.low[row]!,
    columns.close[row]!,
    columns.volume[row]!,
  );
}

/**
 * Bars in time order, in batches of at most `batch`; bars of equal time come in the
 * order of the streams given, so a run is reproducible bar for bar.
 * @example
 * const merged = mergeColumnStreams([
 *   { instrument: 'SBER', columns: store.readColumns(sber, 3) },
 *   { instrument: 'GAZP', columns: store.readColumns(gazp, 1) },
 * ]);
 * for await (const bars of merged) engine.onBars(bars);
 */
export async function* mergeColumnStreams(
  streams: readonly ColumnStream[],
  batch = MERGED_BATCH,
): AsyncGenerator<Bar[]> {
  let heads: Head[] = streams.map((stream) => ({
    instrument: stream.instrument,
    iterator: stream.columns[Symbol.asyncIterator](),
    columns: undefined,
    at: 0,
  }));
  let out = new Array<Bar>(batch);
  let n = 0;
  try {
    for (;;) {
      const live = await Promise.all(heads.map(refill));
      heads = heads.filter((_, index) => live[index]);
      if (heads.length === 0) break;
      // Every row up to the earliest end of the current columns is in hand: each
      // stream's later columns start after its current ones end.
      let until = Number.POSITIVE_INFINITY;
      for (const head of heads) {
        const times = head.columns!.time;
        until = Math.min(until, times[times.length - 1]!);
      }
      // The step's state in flat arrays: the scan below runs once per bar, and plain
      // float compares on one typed array beat property loads through each head.
      const k = heads.length;
      const next = new Float64Array(k);
      const at = new Int32Array(k);
      const ends = new Int32Array(k);
      const times: Float64Array[] = [];
      const columns: BarColumns[] = [];
      for (let h = 0; h < k; h++) {
        const head = heads[h]!;
        columns.push(head.columns!);
        times.push(head.columns!.time);
        at[h] = head.at;
        ends[h] = upperBound(head.columns!.time, head.at, until);
        next[h] = at[h]! < ends[h]! ? times[h]![at[h]!]! : Number.POSITIVE_INFINITY;
      }
      for (;;) {
        // The head with the earliest next row; the first such head wins ties.
        let best = -1;
        let bestTime = Number.POSITIVE_INFINITY;
        for (let h = 0; h < k; h++) {
          if (next[h]! < bestTime) {
            bestTime = next[h]!;
            best = h;
          }
        }
        if (best < 0) break;
        const row = at[best]!;
        out[n++] = barAt(columns[best]!, row, heads[best]!.instrument);
        at[best] = row + 1;
        next[best] = row + 1 < ends[best]! ? times[best]![row + 1]! : Number.POSITIVE_INFINITY;
        if (n === batch) {
          yield out;
          out = new Array<Bar>(batch);
          n = 0;
        }
      }
      for (let h = 0; h < k; h++) heads[h]!.at = at[h]!;
    }
    if (n > 0) {
      out.length = n;
      yield out;
    }
  } finally {
    // Stopped early (an error downstream): let the readers free what they hold.
    await Promise.all(heads.map((head) => head.iterator.return?.()));
  }
}
