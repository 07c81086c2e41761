/**
 * Bars as columns: the store's file layout (`time` as TIMESTAMP(ms, UTC), prices and
 * volume as DOUBLE) and the conversions between Bar objects and Float64Array columns.
 * Volume is a double so that every Bar round-trips exactly, whatever the CSV held.
 * @module
 */
import type { Bar } from '../domain/bar.js';

/** The columns of a bar file. */
export const BAR_COLUMNS = [
  { name: 'time', type: 'timestamp', description: 'Bar open time, UTC' },
  { name: 'open', type: 'float64' },
  { name: 'high', type: 'float64' },
  { name: 'low', type: 'float64' },
  { name: 'close', type: 'float64' },
  { name: 'volume', type: 'float64', description: 'Traded volume in lots' },
] as const;

/** Bars of one instrument as columns (what reading `BAR_COLUMNS` gives), sorted by time. */
export interface BarColumns {
  /** Open times, UTC ms. */
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Columns of `bars[start..end)`. */
export function columnsFromBars(bars: readonly Bar[], start = 0, end = bars.length): BarColumns {
  const n = end - start;
  const time = new Float64Array(n);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const bar = bars[start + i]!;
    time[i] = bar.time;
    open[i] = bar.open;
    high[i] = bar.high;
    low[i] = bar.low;
    close[i] = bar.close;
    volume[i] = bar.volume;
  }
  return { time, open, high, low, close, volume };
}

/**
 * Bar objects of rows `[start, end)`, all of `instrument` (a uid). The hot path of every
 * store read: one object literal per row from typed arrays, nothing else.
 */
export function barsFromColumns(
  columns: BarColumns,
  instrument: string,
  start = 0,
  end = columns.time.length,
): Bar[] {
  const { time, open, high, low, close, volume } = columns;
  const bars = new Array<Bar>(end - start);
  for (let i = start; i < end; i++) {
    bars[i - start] = {
      instrument,
      time: time[i]!,
      open: open[i]!,
      high: high[i]!,
      low: low[i]!,
      close: close[i]!,
      volume: volume[i]!,
    };
  }
  return bars;
}

/** Columns of rows `[start, end)` (views, not copies). */
export function sliceBarColumns(columns: BarColumns, start: number, end: number): BarColumns {
  return {
    time: columns.time.subarray(start, end),
    open: columns.open.subarray(start, end),
    high: columns.high.subarray(start, end),
    low: columns.low.subarray(start, end),
    close: columns.close.subarray(start, end),
    volume: columns.volume.subarray(start, end),
  };
}

/** Whether two column sets hold the same bars. */
export function sameBarColumns(a: BarColumns, b: BarColumns): boolean {
  if (a.time.length !== b.time.length) return false;
  return FIELDS.every((field) => {
    const x = a[field];
    const y = b[field];
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  });
}

/**
 * Merges two sorted column sets; on equal times the bar of `newer` wins.
 * @example
 * mergeBarColumns(stored, imported); // imported bars replace stored ones at the same minute
 */
export function mergeBarColumns(older: BarColumns, newer: BarColumns): BarColumns {
  const a = older.time;
  const b = newer.time;
  const picks = new Int32Array(a.length + b.length); // >= 0: row of older; < 0: ~row of newer
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) picks[n++] = i++;
    else {
      if (i < a.length && a[i] === b[j]) i++;
      picks[n++] = ~j++;
    }
  }
  const out = {} as Record<(typeof FIELDS)[number], Float64Array>;
  for (const field of FIELDS) {
    const column = new Float64Array(n);
    const from = older[field];
    const over = newer[field];
    for (let k = 0; k < n; k++) {
      const pick = picks[k]!;
      column[k] = pick >= 0 ? from[pick]! : over[~pick]!;
    }
    out[field] = column;
  }
  return out;
}

/**
 * Sorts bars by time (stable) and drops earlier bars of a repeated time, so the last
 * bar given for a time wins, as with later writes.
 */
export function sortedUniqueBars(bars: readonly Bar[]): readonly Bar[] {
  let ordered = true;
  for (let i = 1; i < bars.length; i++) {
    if (bars[i]!.time <= bars[i - 1]!.time) {
      ordered = false;
      break;
    }
  }
  if (ordered) return bars;
  const sorted = bars.map((bar, index) => ({ bar, index }));
  sorted.sort((x, y) => x.bar.time - y.bar.time || x.index - y.index);
  const out: Bar[] = [];
  for (const { bar } of sorted) {
    if (out.length > 0 && out[out.length - 1]!.time === bar.time) out[out.length - 1] = bar;
    else out.push(bar);
  }
  return out;
}
