/**
 * The display candles of one instrument in fixed memory: bars are merged into candles
 * of one width, and when the buffer is full every candle is merged into the next wider
 * width, so a run of any length ends with a bounded number of candles.
 * @module
 */
import type { Bar } from '../domain/bar.js';
import { DAY_MS, MOSCOW_OFFSET_MS } from '../market/moscowTime.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Candle widths, finest first. Each is a multiple of the one before, so candles of one
 * width merge exactly into candles of the next; past a day the width doubles.
 */
const WIDTHS = [
  SECOND,
  5 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  DAY_MS,
];

/** The candle width at a step of the ladder. */
export function candleWidth(step: number): number {
  return step < WIDTHS.length ? WIDTHS[step]! : DAY_MS * 2 ** (step - WIDTHS.length + 1);
}

/**
 * Start of the candle of `width` holding `time`. Candles are counted from a Moscow
 * midnight: widths up to 3 h divide the 3 h offset, and daily candles are Moscow days.
 */
export function candleStart(time: number, width: number): number {
  return Math.floor((time + MOSCOW_OFFSET_MS) / width) * width - MOSCOW_OFFSET_MS;
}

/**
 * One instrument's candles, oldest first, in parallel typed arrays of a fixed size.
 * Used through `DisplayCandles`, which keeps one per instrument.
 */
export class CandleBuffer {
  /** Candles held, oldest first. */
  count = 0;
  /** Width of every candle, ms. */
  width = candleWidth(0);
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /** Times of the first and last bar merged into each candle: they pick its open and close. */
  private readonly first: Float64Array;
  private readonly last: Float64Array;
  private step = 0;
  /** Start and end of the newest candle: most bars fall inside it and merge without a division. */
  private headStart = Number.POSITIVE_INFINITY;
  private headEnd = Number.NEGATIVE_INFINITY;
  /** Every column, for moves that shift or copy whole candles. */
  private readonly columns: readonly Float64Array[];

  constructor(readonly capacity: number) {
    this.time = new Float64Array(capacity);
    this.open = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.low = new Float64Array(capacity);
    this.close = new Float64Array(capacity);
    this.volume = new Float64Array(capacity);
    this.first = new Float64Array(capacity);
    this.last = new Float64Array(capacity);
    this.columns = [
      this.time,
      this.open,
      this.high,
      this.low,
      this.close,
      this.volume,
      this.first,
      this.last,
    ];
  }

  add(bar: Bar): void {
    const time = bar.time;
    if (time >= this.headStart && time < this.headEnd) {
      // The common case, once candles are wider than bars: kept small so that it inlines.
      const i = this.count - 1;
      if (bar.high > this.high[i]!) this.high[i] = bar.high;
      if (bar.low < this.low[i]!) this.low[i] = bar.low;
      this.volume[i]! += bar.volume;
      if (time >= this.last[i]!) {
        this.last[i] = time;
        this.close[i] = bar.close;
      } else if (time < this.first[i]!) {
        this.first[i] = time;
        this.open[i] = bar.open;
      }
      return;
    }
    this.addOutsideHead(bar);
  }

  private addOutsideHead(bar: Bar): void {
    const start = candleStart(bar.time, this.width);
    const n = this.count;
    if (n > 0 && start <= this.time[n - 1]!) {
      if (start === this.time[n - 1]) this.merge(n - 1, bar);
      else this.addEarlier(bar, start);
      return;
    }
    if (n === this.capacity) {
      this.widen();
      this.add(bar);
      return;
    }
    this.put(n, start, bar);
    this.count = n + 1;
    this.syncHead();
  }

  private syncHead(): void {
    this.headStart = this.time[this.count - 1]!;
    this.headEnd = this.headStart + this.width;
  }

  /** A bar older than the newest candle (feeds send bars in order; this keeps the figures right if one does not). */
  private addEarlier(bar: Bar, start: number): void {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.time[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    if (this.time[lo] === start) {
      this.merge(lo, bar);
      return;
    }
    if (this.count === this.capacity) {
      this.widen();
      this.add(bar);
      return;
    }
    for (const column of this.columns) column.copyWithin(lo + 1, lo, this.count);
    this.put(lo, start, bar);
    this.count++;
  }

  private put(i: number, start: number, bar: Bar): void {
    this.time[i] = start;
    this.open[i] = bar.open;
    this.high[i] = bar.high;
    this.low[i] = bar.low;
    this.close[i] = bar.close;
    this.volume[i] = bar.volume;
    this.first[i] = bar.time;
    this.last[i] = bar.time;
  }

  private merge(i: number, bar: Bar): void {
    if (bar.high > this.high[i]!) this.high[i] = bar.high;
    if (bar.low < this.low[i]!) this.low[i] = bar.low;
    this.volume[i]! += bar.volume;
    if (bar.time < this.first[i]!) {
      this.first[i] = bar.time;
      this.open[i] = bar.open;
    }
    if (bar.time >= this.last[i]!) {
      this.last[i] = bar.time;
      this.close[i] = bar.close;
    }
  }

  /**
   * Moves up the ladder until at most half the buffer is used: the next widening is
   * then at least `capacity / 2` new candles away, so each bar costs O(1) amortised.
   */
  private widen(): void {
    do {
      this.step++;
      this.width = candleWidth(this.step);
      this.regroup();
    } while (this.count > this.capacity / 2);
    this.syncHead();
  }

  /** Merges the candles, oldest first, into candles of the current width. */
  private regroup(): void {
    let j = -1;
    for (let i = 0; i < this.count; i++) {
      const start = candleStart(this.time[i]!, this.width);
      if (j >= 0 && this.time[j] === start) {
        // Candle i is later than every bar of candle j: it brings the close.
        if (this.high[i]! > this.high[j]!) this.high[j] = this.high[i]!;
        if (this.low[i]! < this.low[j]!) this.low[j] = this.low[i]!;
        this.volume[j]! += this.volume[i]!;
        this.close[j] = this.close[i]!;
        this.last[j] = this.last[i]!;
        continue;
      }
      j++;
      for (const column of this.columns) column[j] = column[i]!;
      this.time[j] = start;
    }
    this.count = j + 1;
  }
}
