/**
 * The CSV feed: real files on disk, merged, batched, with every broken file reported.
 * @module
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../domain/bar.js';
import { writeCsvBars } from './csvBars.js';
import { csvFeed } from './csvFeed.js';

let dir = '';
const T0 = Date.UTC(2026, 8, 1, 7, 0);
const series = (instrument: string, minutes: readonly number[]): Bar[] =>
  minutes.map((m) => ({
    instrument,
    time: T0 + m * 60_000,
    open: 1,
    high: 2,
    low: 0.5,
    close: 1.5,
    volume: 3,
  }));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'moex-bot-feed-'));
  await writeCsvBars(join(dir, 'A.csv'), series('A', [0, 1, 2, 3, 4]));
  await writeCsvBars(join(dir, 'B.csv'), series('B', [1, 3, 5]));
  await writeCsvBars(join(dir, 'A-late.csv'), series('A', [10, 11]));
  await writeCsvBars(join(dir, 'A-overlap.csv'), series('A', [4, 5]));
  await writeFile(
    join(dir, 'bad.csv'),
    'time,open,high,low,close,volume\n2026-09-01T07:00:00Z,1,1,1,x,1\n',
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(feed: { batches(): AsyncIterable<readonly Bar[]> }): Promise<Bar[][]> {
  const batches: Bar[][] = [];
  for await (const batch of feed.batches()) batches.push([...batch]);
  return batches;
}

describe('csvFeed', () => {
  it('merges files by time, ties in the order listed, in batches, with total set', async () => {
    const feed = await csvFeed(
      [
        { instrument: 'A', file: join(dir, 'A.csv') },
        { instrument: 'B', file: join(dir, 'B.csv') },
      ],
      { chunk: 3 },
    );
    expect(feed.total).toBe(8);
    const batches = await collect(feed);
    expect(batches.map((b) => b.length)).toEqual([3, 3, 2]);
    expect(batches.flat().map((b) => `${b.instrument}${(b.time - T0) / 60_000}`)).toEqual([
      'A0',
      'A1',
      'B1',
      'A2',
      'A3',
      'B3',
      'A4',
      'B5',
    ]);
  });

  it('applies from and to', async () => {
    const feed = await csvFeed([{ instrument: 'A', file: join(dir, 'A.csv') }], {
      from: T0 + 60_000,
      to: T0 + 3 * 60_000,
    });
    expect((await collect(feed)).flat().map((b) => b.time)).toEqual([T0 + 60_000, T0 + 120_000]);
  });

  it('joins non-overlapping files of one instrument in time order', async () => {
    const feed = await csvFeed([
      { instrument: 'A', file: join(dir, 'A-late.csv') },
      { instrument: 'A', file: join(dir, 'A.csv') },
    ]);
    expect((await collect(feed)).flat().map((b) => (b.time - T0) / 60_000)).toEqual([
      0, 1, 2, 3, 4, 10, 11,
    ]);
  });

  it('rejects overlapping files of one instrument', async () => {
    await expect(
      csvFeed([
        { instrument: 'A', file: join(dir, 'A.csv') },
        { instrument: 'A', file: join(dir, 'A-overlap.csv') },
      ]),
    ).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_BARS_UNSORTED',
      message: expect.stringMatching(/A\.csv and .*A-overlap\.csv of A overlap/),
    });
  });

  it('reports every failing file at once', async () => {
    const failure = csvFeed([
      { instrument: 'A', file: join(dir, 'A.csv') },
      { instrument: 'B', file: join(dir, 'bad.csv') },
      { instrument: 'C', file: join(dir, 'missing.csv') },
    ]);
    await expect(failure).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_CSV_INVALID',
      message: expect.stringMatching(/^2 bar files failed to load; first: 1 problem in bar file/),
      problems: [
        { path: `${join(dir, 'bad.csv')}:2`, code: 'MOEXBOT_ERR_DATA_CSV_INVALID' },
        { path: 'data', code: 'MOEXBOT_ERR_DATA_FILE_NOT_FOUND' },
      ],
    });
  });

  it('passes a single failure through unchanged', async () => {
    await expect(
      csvFeed([{ instrument: 'C', file: join(dir, 'missing.csv') }]),
    ).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_FILE_NOT_FOUND',
    });
  });

  it('is an empty feed for no files', async () => {
    const feed = await csvFeed([]);
    expect(feed.total).toBe(0);
    expect((await collect(feed)).flat()).toEqual([]);
  });
});
