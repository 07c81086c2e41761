import { describe, expect, it } from 'vitest';
import { CandleSeries } from './CandleSeries.js';
import { aggregateCandles, candleAt, parseCandles } from './candles.js';

const MINUTE = 60_000;
const raw = (minute: number, close: number) => ({
  time: minute * MINUTE,
  open: close - 1,
  high: close + 1,
  low: close - 2,
  close,
  volume: 10,
});

describe('candles', () => {
  it('rejects inconsistent OHLC and duplicate times', () => {
    expect(() => parseCandles([{ time: 0, open: 10, high: 9, low: 8, close: 9 }], MINUTE)).toThrow(
      RangeError,
    );
    expect(() => parseCandles([raw(0, 10), raw(0, 11)], MINUTE)).toThrow(RangeError);
  });

  it('aggregates into epoch-aligned buckets that open at their first trade', () => {
    const base = parseCandles([raw(2, 10), raw(3, 12), raw(6, 11)], MINUTE);
    const five = aggregateCandles(base, 5 * MINUTE);
    expect(five.map((c) => [c.time, c.openAt, c.endAt, c.close, c.volume])).toEqual([
      [0, 2 * MINUTE, 5 * MINUTE, 12_000_000_000n, 20],
      [5 * MINUTE, 6 * MINUTE, 10 * MINUTE, 11_000_000_000n, 10],
    ]);
  });

  it('shows a forming candle flat at its open, and nothing before its first trade', () => {
    const [candle] = parseCandles([raw(1, 10)], MINUTE);
    expect(candleAt(candle!, MINUTE - 1)).toBeUndefined();
    expect(candleAt(candle!, MINUTE + 1)).toMatchObject({
      complete: false,
      candle: { close: 9_000_000_000n, volume: 0 },
    });
    expect(candleAt(candle!, 2 * MINUTE)).toMatchObject({
      complete: true,
      candle: { close: 10_000_000_000n },
    });
  });

  it('finds the next boundary, opening and ending candles', () => {
    const series = new CandleSeries(
      MINUTE,
      parseCandles([raw(0, 10), raw(1, 11), raw(5, 12)], MINUTE),
    );
    expect(series.nextBoundaryAfter(0)).toBe(MINUTE);
    expect(series.nextBoundaryAfter(2 * MINUTE)).toBe(5 * MINUTE);
    expect(series.nextBoundaryAfter(6 * MINUTE)).toBeUndefined();
    expect(series.endingAt(2 * MINUTE)?.time).toBe(MINUTE);
    expect(series.openingAt(5 * MINUTE)?.time).toBe(5 * MINUTE);
    expect(series.latestOpened(4 * MINUTE)?.time).toBe(MINUTE);
  });
});
