/**
 * Display candles for a report: every bar of a run, merged per instrument into at most
 * `maxCandles` candles in fixed memory, whatever the run's length. Fed bar by bar while
 * the run goes; the candle width grows as the run does (1 s … 1 day, then doubling).
 * @module
 */
import type { BarColumns } from '../data/barColumns.js';
import type { Bar } from '../domain/bar.js';
import { CandleBuffer } from './CandleBuffer.js';

/** Most candles kept per instrument: plenty for a chart, and 256 KB of memory each. */
export const DEFAULT_MAX_CANDLES = 4000;

/**
 * The display candles of one instrument: parallel arrays, oldest first. The columns
 * are those of bars: `time` is each candle's start (UTC ms, candles count
 * from Moscow midnight), `volume` the sum of its bars' volumes.
 */
export interface DisplayCandleSeries extends BarColumns {
  readonly instrument: string;
  /** Width of every candle, ms. The last candle may hold less than its width of bars. */
  readonly intervalMs: number;
}

/**
 * Accumulates display candles of every instrument it is fed.
 * @example
 * const candles = new DisplayCandles();
 * for (const bar of bars) candles.add(bar);
 * const [sber] = candles.series(); // ≤ 4000 candles, whatever the number of bars
 */
export class DisplayCandles {
  /**
   * Instruments and their buffers, in parallel arrays searched from the front: a run
   * has a handful of instruments, and comparing a few strings (the feed hands out one
   * string object per instrument) is cheaper than hashing one in a Map on every bar.
   */
  private readonly instruments: string[] = [];
  private readonly buffers: CandleBuffer[] = [];
  /** The last instrument and its buffer: bars of one instrument often come in a row. */
  private lastInstrument: string | undefined;
  private lastBuffer: CandleBuffer | undefined;

  constructor(readonly maxCandles: number = DEFAULT_MAX_CANDLES) {
    if (!Number.isInteger(maxCandles) || maxCandles < 2)
      throw new RangeError(`maxCandles must be an integer ≥ 2, not ${maxCandles}`);
  }

  add(bar: Bar): void {
    const buffer =
      bar.instrument === this.lastInstrument ? this.lastBuffer! : this.bufferOf(bar.instrument);
    buffer.add(bar);
  }

  private bufferOf(instrument: string): CandleBuffer {
    let index = this.instruments.indexOf(instrument);
    if (index < 0) {
      index = this.instruments.push(instrument) - 1;
      this.buffers.push(new CandleBuffer(this.maxCandles));
    }
    this.lastInstrument = instrument;
    this.lastBuffer = this.buffers[index]!;
    return this.lastBuffer;
  }

  /** Adds a batch of bars, as a feed delivers them. */
  addAll(bars: readonly Bar[]): void {
    for (let i = 0; i < bars.length; i++) this.add(bars[i]!);
  }

  /** The candles so far, one series per instrument sorted by instrument; copies. */
  series(): DisplayCandleSeries[] {
    return this.instruments
      .map((instrument, i) => [instrument, this.buffers[i]!] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([instrument, buffer]) => ({
        instrument,
        intervalMs: buffer.width,
        time: buffer.time.slice(0, buffer.count),
        open: buffer.open.slice(0, buffer.count),
        high: buffer.high.slice(0, buffer.count),
        low: buffer.low.slice(0, buffer.count),
        close: buffer.close.slice(0, buffer.count),
        volume: buffer.volume.slice(0, buffer.count),
      }));
  }
}
