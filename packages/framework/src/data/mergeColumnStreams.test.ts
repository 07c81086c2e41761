import { describe, expect, it } from 'vitest';
import type { Bar } from '../domain/bar.js';
import { mergeBars } from '../market/mergeBars.js';
import { type BarColumns, columnsFromBars } from './barColumns.js';
import { bars, collect } from './data.fixture.js';
import { mergeColumnStreams } from './mergeColumnStreams.js';

const T0 = Date.UTC(2026, 8, 1, 7, 0);

/** A stream of `series` as columns in row groups of `size`. */
async function* grouped(series: readonly Bar[], size: number): AsyncGenerator<BarColumns> {
  for (let start = 0; start < series.length; start += size) {
    yield columnsFromBars(series, start, Math.min(series.length, start + size));
  }
}

const stream = (series: readonly Bar[], size: number) => ({
  instrument: series[0]?.instrument ?? 'X',
  columns: grouped(series, size),
});

describe('mergeColumnStreams', () => {
  it('gives the same bars in the same order as mergeBars over whole series', async () => {
    const sber = bars('SBER', 100, T0);
    const gazp = bars('GAZP', 70, T0 + 30 * 60_000, { stepMs: 120_000 });
    const lkoh = bars('LKOH', 5, T0 + 10 * 60_000, { stepMs: 60_000 * 17 });
    const merged = await collect(
      mergeColumnStreams([stream(sber, 7), stream(gazp, 30), stream(lkoh, 1)], 16),
    );
    expect(merged).toEqual(mergeBars([sber, gazp, lkoh]));
  });

  it('keeps the order of the streams for bars of equal time', async () => {
    const a = bars('A', 3, T0);
    const b = bars('B', 3, T0);
    const merged = await collect(mergeColumnStreams([stream(b, 2), stream(a, 1)]));
    expect(merged.map((bar) => bar.instrument)).toEqual(['B', 'A', 'B', 'A', 'B', 'A']);
  });

  it('hands bars on in batches of the size asked, whatever the row groups', async () => {
    const sizes: number[] = [];
    for await (const batch of mergeColumnStreams([stream(bars('SBER', 10, T0), 3)], 4)) {
      sizes.push(batch.length);
    }
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('skips empty columns and streams, and closes the streams when stopped early', async () => {
    let closed = 0;
    async function* tracked(series: readonly Bar[]) {
      try {
        yield columnsFromBars([]);
        yield* grouped(series, 2);
      } finally {
        closed++;
      }
    }
    const empty = { instrument: 'E', columns: tracked([]) };
    expect(await collect(mergeColumnStreams([empty, stream([], 1)]))).toEqual([]);
    const a = { instrument: 'A', columns: tracked(bars('A', 6, T0)) };
    const b = { instrument: 'B', columns: tracked(bars('B', 6, T0)) };
    for await (const _ of mergeColumnStreams([a, b], 2)) break;
    expect(closed).toBe(3);
  });
});
