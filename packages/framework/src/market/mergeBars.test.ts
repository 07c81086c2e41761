/**
 * The k-way merge: sorted output, a permutation of the input, ties in series order.
 * @module
 */
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../domain/bar.js';
import { mergeBars } from './mergeBars.js';

const bar = (instrument: string, time: number, close = 1): Bar => ({
  instrument,
  time,
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
});

/** Up to 12 series of sorted small times, so ties across series are common. */
const seriesArb = fc
  .array(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 30 }), { maxLength: 12 })
  .map((lists) =>
    lists.map((times, s) => times.sort((a, b) => a - b).map((time, i) => bar(`S${s}`, time, i))),
  );

describe('mergeBars', () => {
  it('merges by time and keeps series order on equal times', () => {
    const a = [bar('A', 1), bar('A', 3), bar('A', 3, 2)];
    const b = [bar('B', 1), bar('B', 2), bar('B', 3)];
    const c = [bar('C', 0), bar('C', 3)];
    expect(mergeBars([a, b, c]).map((x) => `${x.instrument}${x.time}`)).toEqual([
      'C0',
      'A1',
      'B1',
      'B2',
      'A3',
      'A3',
      'B3',
      'C3',
    ]);
    expect(mergeBars([a, b]).map((x) => `${x.instrument}${x.time}`)).toEqual([
      'A1',
      'B1',
      'B2',
      'A3',
      'A3',
      'B3',
    ]);
  });

  it('handles no series, empty series and a single series (as a copy)', () => {
    expect(mergeBars([])).toEqual([]);
    expect(mergeBars([[], []])).toEqual([]);
    const only = [bar('A', 1)];
    const merged = mergeBars([[], only, []]);
    expect(merged).toEqual(only);
    expect(merged).not.toBe(only);
  });

  it('rejects an unsorted series with DATA_BARS_UNSORTED naming it', () => {
    expect(() => mergeBars([[bar('A', 1)], [bar('B', 2), bar('B', 1)]])).toThrow(
      expect.objectContaining({
        code: 'MOEXBOT_ERR_DATA_BARS_UNSORTED',
        message: expect.stringMatching(/^series 1 \(B\) is not sorted by time: bar 1/),
      }),
    );
  });

  fcTest.prop([seriesArb])('is sorted, stable, and a permutation of its input', (series) => {
    const merged = mergeBars(series);
    expect(merged).toHaveLength(series.reduce((n, s) => n + s.length, 0));
    // Sorted by (time, series index), and within a series by position: exactly what a
    // stable sort of the concatenation by time gives.
    const expected = series.flat().sort((x, y) => x.time - y.time);
    expect(merged).toEqual(expected);
    expect(new Set(merged).size).toBe(merged.length);
    expect(merged.every((b) => series.some((s) => s.includes(b)))).toBe(true);
  });

  it('merges a million bars of five series (the heap path at scale)', () => {
    const series = Array.from({ length: 5 }, (_, s) =>
      Array.from({ length: 200_000 }, (_, i) => bar(`S${s}`, i * 60_000 + s * 7)),
    );
    const merged = mergeBars(series);
    expect(merged).toHaveLength(1_000_000);
    expect(merged.every((b, i) => i === 0 || b.time >= merged[i - 1]!.time)).toBe(true);
  });
});
