import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../domain/bar.js';
import { candleStart, candleWidth } from './CandleBuffer.js';
import { DEFAULT_MAX_CANDLES, DisplayCandles } from './DisplayCandles.js';

const MINUTE = 60_000;
/** 2026-09-01 10:00 Moscow time. */
const START = Date.UTC(2026, 8, 1, 7);

const bar = (time: number, price: number, instrument = 'SBER', volume = 1): Bar => ({
  instrument,
  time,
  open: price,
  high: price + 1,
  low: price - 1,
  close: price + 0.5,
  volume,
});

/** The candles the bars make at `width`, computed directly from their definition. */
function reference(bars: readonly Bar[], width: number) {
  const groups = new Map<number, Bar[]>();
  for (const b of bars) {
    const start = candleStart(b.time, width);
    groups.set(start, [...(groups.get(start) ?? []), b]);
  }
  return [...groups]
    .sort(([a], [b]) => a - b)
    .map(([time, group]) => {
      const byTime = [...group].sort((a, b) => a.time - b.time);
      return {
        time,
        open: byTime[0]!.open,
        high: Math.max(...group.map((b) => b.high)),
        low: Math.min(...group.map((b) => b.low)),
        close: byTime.at(-1)!.close,
        volume: group.reduce((sum, b) => sum + b.volume, 0),
      };
    });
}

function candlesOf(accumulator: DisplayCandles, instrument = 'SBER') {
  const series = accumulator.series().find((s) => s.instrument === instrument)!;
  return {
    intervalMs: series.intervalMs,
    candles: Array.from(series.time, (time, i) => ({
      time,
      open: series.open[i],
      high: series.high[i],
      low: series.low[i],
      close: series.close[i],
      volume: series.volume[i],
    })),
  };
}

describe('DisplayCandles', () => {
  it('keeps bars as they are while they fit', () => {
    const candles = new DisplayCandles(10);
    candles.addAll([bar(START, 100), bar(START + MINUTE, 101)]);
    expect(candlesOf(candles)).toEqual({
      intervalMs: 1000,
      candles: [
        { time: START, open: 100, high: 101, low: 99, close: 100.5, volume: 1 },
        { time: START + MINUTE, open: 101, high: 102, low: 100, close: 101.5, volume: 1 },
      ],
    });
  });

  it('merges into wider candles when full: 1-minute bars become 5-minute candles', () => {
    const candles = new DisplayCandles(8);
    // Nine minutes from 10:00: the ninth bar does not fit, and 1 s … 1 min candles do not
    // merge minute bars, so the width goes to 5 minutes: 10:00–10:04 and 10:05–10:08.
    const bars = Array.from({ length: 9 }, (_, i) => bar(START + i * MINUTE, 100 + i));
    candles.addAll(bars);
    expect(candlesOf(candles)).toEqual({
      intervalMs: 5 * MINUTE,
      candles: [
        { time: START, open: 100, high: 105, low: 99, close: 104.5, volume: 5 },
        { time: START + 5 * MINUTE, open: 105, high: 109, low: 104, close: 108.5, volume: 4 },
      ],
    });
  });

  it('keeps each instrument apart, sorted by instrument', () => {
    const candles = new DisplayCandles(4);
    for (let i = 0; i < 6; i++) {
      candles.add(bar(START + i * MINUTE, 100, 'SBER'));
      candles.add(bar(START + i * MINUTE, 200, 'GAZP', 2));
    }
    const [gazp, sber] = candles.series();
    expect([gazp!.instrument, sber!.instrument]).toEqual(['GAZP', 'SBER']);
    expect(Array.from(gazp!.volume)).toEqual([10, 2]);
    expect(Array.from(sber!.volume)).toEqual([5, 1]);
  });

  it('makes daily candles of Moscow days', () => {
    const candles = new DisplayCandles(4);
    /** A Moscow wall-clock time in September 2026 (UTC+3). */
    const moscow = (day: number, hour: number, minute = 0) =>
      Date.UTC(2026, 8, day, hour - 3, minute);
    // Five bars do not fit in four candles; 3-hour candles still make four, so the width
    // becomes a day: 1 September 23:30 and 2 September 00:30 fall in different Moscow
    // days although they share a UTC day.
    candles.addAll(
      [moscow(1, 1), moscow(1, 5), moscow(1, 23, 30), moscow(2, 0, 30), moscow(2, 10)].map(
        (time, i) => bar(time, 100 + i),
      ),
    );
    const { intervalMs, candles: out } = candlesOf(candles);
    expect(intervalMs).toBe(24 * 60 * MINUTE);
    expect(out).toEqual([
      { time: moscow(1, 0), open: 100, high: 103, low: 99, close: 102.5, volume: 3 },
      { time: moscow(2, 0), open: 103, high: 105, low: 102, close: 104.5, volume: 2 },
    ]);
  });

  it('stays within its bound over years of minute bars, with a few thousand candles', () => {
    const candles = new DisplayCandles();
    // Two years of a 9-hour session every day: about 390,000 bars.
    for (let day = 0; day < 730; day++) {
      const open = START + day * 24 * 60 * MINUTE;
      for (let m = 0; m < 540; m++) candles.add(bar(open + m * MINUTE, 100 + (m % 7)));
    }
    const [series] = candles.series();
    expect(series!.time.length).toBeLessThanOrEqual(DEFAULT_MAX_CANDLES);
    expect(series!.time.length).toBeGreaterThan(1000);
    expect(Array.from(series!.volume).reduce((a, b) => a + b, 0)).toBe(730 * 540);
  });

  it('refuses a bound below 2', () => {
    expect(() => new DisplayCandles(1)).toThrow(RangeError);
  });
});

describe('DisplayCandles properties', () => {
  /** Bars of one instrument at distinct times, in order: gaps from 1 s to 3 days. */
  const bars = fc
    .array(
      fc.record({
        gap: fc.oneof(
          fc.integer({ min: 1, max: 600 }).map((s) => s * 1000),
          fc.integer({ min: 1, max: 4320 }).map((m) => m * MINUTE),
        ),
        open: fc.integer({ min: 1, max: 10_000 }),
        up: fc.integer({ min: 0, max: 100 }),
        down: fc.integer({ min: 0, max: 100 }),
        close: fc.integer({ min: 1, max: 10_000 }),
        volume: fc.integer({ min: 0, max: 1_000_000 }),
      }),
      { minLength: 1, maxLength: 400 },
    )
    .map((rows) => {
      let time = START;
      return rows.map((row): Bar => {
        time += row.gap;
        const top = Math.max(row.open, row.close);
        const bottom = Math.min(row.open, row.close);
        return {
          instrument: 'SBER',
          time,
          open: row.open,
          high: top + row.up,
          low: bottom - row.down,
          close: row.close,
          volume: row.volume,
        };
      });
    });
  const bound = fc.integer({ min: 2, max: 40 });

  it('never holds more than its bound, and each candle aggregates exactly its bars', () => {
    fc.assert(
      fc.property(bars, bound, (input, max) => {
        const accumulator = new DisplayCandles(max);
        accumulator.addAll(input);
        const { intervalMs, candles } = candlesOf(accumulator);
        expect(candles.length).toBeLessThanOrEqual(max);
        // high = max of the bars' highs, low = min of lows, open of the first, close of the
        // last, volume summed (integers: exact in any order).
        expect(candles).toEqual(reference(input, intervalMs));
      }),
    );
  });

  it('gives the same candles whatever order the bars arrive in', () => {
    fc.assert(
      fc.property(
        bars.chain((input) =>
          fc.tuple(fc.constant(input), fc.shuffledSubarray(input, { minLength: input.length })),
        ),
        bound,
        ([input, shuffled], max) => {
          const accumulator = new DisplayCandles(max);
          accumulator.addAll(shuffled);
          const { intervalMs, candles } = candlesOf(accumulator);
          expect(candles.length).toBeLessThanOrEqual(max);
          expect(candles).toEqual(reference(input, intervalMs));
        },
      ),
    );
  });

  it('uses the finest width of the ladder that keeps the bars within the bound', () => {
    fc.assert(
      fc.property(bars, bound, (input, max) => {
        const accumulator = new DisplayCandles(max);
        accumulator.addAll(input);
        const { intervalMs } = candlesOf(accumulator);
        // Widening stops once half the buffer is free, so the width before it would have
        // needed more than half of the bound (or the run needed no widening at all).
        const step = Array.from({ length: 40 }, (_, s) => candleWidth(s)).indexOf(intervalMs);
        expect(step).toBeGreaterThanOrEqual(0);
        if (step > 0)
          expect(reference(input, candleWidth(step - 1)).length).toBeGreaterThan(max / 2);
      }),
    );
  });
});
