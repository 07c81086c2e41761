import { describe, expect, it } from 'vitest';
import type { BarInterval } from '../../contracts/marketData.js';
import { DAY, MONDAY } from './fetch.fixture.js';
import { FETCH_CHUNK_MS, planChunks } from './planChunks.js';

const iso = (time: number) => new Date(time).toISOString();
const windows = (chunks: { start: number; end: number }[]) =>
  chunks.map((chunk) => `${iso(chunk.start)}..${iso(chunk.end)}`);

describe('planChunks', () => {
  it('cuts 1m history into UTC days, one GetCandles request each', () => {
    const chunks = planChunks('1m', MONDAY, MONDAY + 3 * DAY);
    expect(windows(chunks)).toEqual([
      '2024-03-11T00:00:00.000Z..2024-03-12T00:00:00.000Z',
      '2024-03-12T00:00:00.000Z..2024-03-13T00:00:00.000Z',
      '2024-03-13T00:00:00.000Z..2024-03-14T00:00:00.000Z',
    ]);
  });

  it('clips the first and last chunk to the range, keeping the grid in between', () => {
    const from = MONDAY + 12 * 3_600_000;
    const to = MONDAY + 2 * DAY + 3_600_000;
    expect(windows(planChunks('1m', from, to))).toEqual([
      '2024-03-11T12:00:00.000Z..2024-03-12T00:00:00.000Z',
      '2024-03-12T00:00:00.000Z..2024-03-13T00:00:00.000Z',
      '2024-03-13T00:00:00.000Z..2024-03-13T01:00:00.000Z',
    ]);
  });

  it('gives the same window for a day whatever range contains it', () => {
    const day = { start: MONDAY + DAY, end: MONDAY + 2 * DAY };
    expect(planChunks('1m', MONDAY, MONDAY + 5 * DAY)).toContainEqual(day);
    expect(planChunks('1m', MONDAY - 30 * DAY, MONDAY + 2 * DAY)).toContainEqual(day);
  });

  it('skips chunks that start at or after now, keeps the one now falls in', () => {
    const now = MONDAY + DAY + 10 * 3_600_000;
    expect(windows(planChunks('1m', MONDAY, MONDAY + 7 * DAY, now))).toEqual([
      '2024-03-11T00:00:00.000Z..2024-03-12T00:00:00.000Z',
      '2024-03-12T00:00:00.000Z..2024-03-13T00:00:00.000Z',
    ]);
    expect(planChunks('1m', MONDAY, MONDAY + DAY, MONDAY)).toEqual([]);
    expect(planChunks('1m', MONDAY, MONDAY)).toEqual([]);
  });

  it.each(Object.keys(FETCH_CHUNK_MS) as BarInterval[])(
    '%s: chunks cover the range without gaps, none longer than the venue allows',
    (interval) => {
      const from = Date.UTC(2019, 4, 17, 13, 5);
      const to = Date.UTC(2026, 0, 2);
      const chunks = planChunks(interval, from, to);
      expect(chunks[0]!.start).toBe(from);
      expect(chunks.at(-1)!.end).toBe(to);
      for (const [i, chunk] of chunks.entries()) {
        expect(chunk.end - chunk.start).toBeGreaterThan(0);
        expect(chunk.end - chunk.start).toBeLessThanOrEqual(FETCH_CHUNK_MS[interval]);
        if (i > 0) expect(chunk.start).toBe(chunks[i - 1]!.end);
        if (i > 0) expect(chunk.start % FETCH_CHUNK_MS[interval]).toBe(0);
      }
    },
  );

  it('refuses an unbounded range', () => {
    expect(() => planChunks('1m', MONDAY, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
