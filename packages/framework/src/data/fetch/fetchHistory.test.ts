import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Instrument } from '../../domain/instrument.js';
import { isMoexBotError } from '../../errors.js';
import type { BarStore } from '../barStore.js';
import { collect, tempStore } from '../data.fixture.js';
import type { DatasetId } from '../datasetId.js';
import type { DatasetManifest } from '../manifest.js';
import { DAY, GAZP, MONDAY, memorySource, SBER, sessionBars } from './fetch.fixture.js';
import { type FetchHistoryOptions, fetchHistory } from './fetchHistory.js';
import type { FetchProgress } from './fetchProgress.js';
import { chunkFilePath, datasetStateDir, FetchStateSchema, stateFilePath } from './stagingFiles.js';

const sber: DatasetId = { source: 'tinvest', interval: '1m', instrument: 'SBER' };
const gazp: DatasetId = { source: 'tinvest', interval: '1m', instrument: 'GAZP' };
/** A week from Monday: 5 session days and a weekend, 7 chunks per instrument. */
const WEEK = { from: MONDAY, to: MONDAY + 7 * DAY };
const SESSION_BARS = 520;

/** The venue's bars as the store gives them back: named by the dataset's ticker. */
const stored = (instrument: Instrument, from: number, to: number) =>
  sessionBars(instrument.uid, from, to).map((bar) => ({ ...bar, instrument: instrument.ticker }));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup() {
  const store = await tempStore();
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-fetch-state-'));
  cleanups.push(store.cleanup, () => rm(stateDir, { recursive: true, force: true }));
  return { ...store, stateDir };
}

function options(
  base: { store: BarStore; stateDir: string },
  source: FetchHistoryOptions['source'],
  more: Partial<FetchHistoryOptions> = {},
): FetchHistoryOptions {
  return {
    source,
    store: base.store,
    stateDir: base.stateDir,
    interval: '1m',
    ...WEEK,
    datasets: [
      { dataset: sber, instrument: SBER },
      { dataset: gazp, instrument: GAZP },
    ],
    ...more,
  };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('fetchHistory', () => {
  it('asks the venue once per chunk and writes each dataset as one version', async () => {
    const base = await setup();
    const venue = memorySource();
    const progress: FetchProgress[] = [];
    const result = await fetchHistory(
      options(base, venue.source, { onProgress: (p) => progress.push(p) }),
    );

    expect(venue.calls).toHaveLength(14);
    expect([...venue.callsPerWindow().values()].every((n) => n === 1)).toBe(true);
    expect(venue.calls[0]).toEqual({
      instrument: 'sber-uid',
      interval: '1m',
      from: MONDAY,
      to: MONDAY + DAY,
    });
    expect(result.datasets.map((d) => [d.dataset, d.chunks, d.fetched, d.resumed, d.bars])).toEqual(
      [
        ['tinvest/1m/SBER', 7, 7, 0, 5 * SESSION_BARS],
        ['tinvest/1m/GAZP', 7, 7, 0, 5 * SESSION_BARS],
      ],
    );
    expect(result.datasets[0]!.write).toMatchObject({ status: 'created', version: 1, rows: 2600 });
    expect(await collect(base.store.read(sber, 1))).toEqual(stored(SBER, WEEK.from, WEEK.to));
    // Nothing is left staged once the versions are written.
    expect(await readdir(base.stateDir)).toEqual([]);

    const last = progress.at(-1)!;
    expect(last).toMatchObject({ phase: 'done', chunksDone: 14, chunksTotal: 14, bars: 5200 });
    expect(progress.map((p) => p.chunksDone)).toEqual(
      [...progress.map((p) => p.chunksDone)].sort((a, b) => a - b),
    );
    expect(progress.filter((p) => p.phase === 'writing').map((p) => p.dataset)).toEqual([
      'tinvest/1m/SBER',
      'tinvest/1m/GAZP',
    ]);
    expect(progress.find((p) => p.chunksDone === 1)?.etaMs).toBeTypeOf('number');
  });

  it('after a failed chunk, a rerun fetches only the rest and writes the same version', async () => {
    // The uninterrupted download, for comparison.
    const whole = await setup();
    await fetchHistory(options(whole, memorySource().source));

    const base = await setup();
    const venue = memorySource({ failAfter: 3 });
    const error = await rejection(fetchHistory(options(base, venue.source)));
    expect(isMoexBotError(error) && error.code).toBe('MOEXBOT_ERR_DATA_FETCH_FAILED');
    expect(error.message).toContain('tinvest/1m/SBER (instrument SBER, uid sber-uid)');
    expect(error.message).toContain('chunk 2024-03-14T00:00:00.000Z – 2024-03-15T00:00:00.000Z');
    expect(error.message).toContain('venue went away');
    expect(error.message).toContain('3 of 7 chunks are staged');
    expect(await base.store.datasets()).toEqual([]);

    // The finished chunks are on disk, recorded in the state file.
    const dir = datasetStateDir(base.stateDir, sber);
    const state = FetchStateSchema.parse(JSON.parse(await readFile(stateFilePath(dir), 'utf8')));
    expect(state.chunks.map((c) => [c.start, c.bars, c.complete])).toEqual([
      ['2024-03-11T00:00:00.000Z', SESSION_BARS, true],
      ['2024-03-12T00:00:00.000Z', SESSION_BARS, true],
      ['2024-03-13T00:00:00.000Z', SESSION_BARS, true],
    ]);

    venue.heal();
    const result = await fetchHistory(options(base, venue.source));
    expect(result.datasets.map((d) => [d.dataset, d.fetched, d.resumed])).toEqual([
      ['tinvest/1m/SBER', 4, 3],
      ['tinvest/1m/GAZP', 7, 0],
    ]);
    // Each chunk was asked for once, but the one that failed, which was asked again.
    const perWindow = venue.callsPerWindow();
    expect(perWindow.size).toBe(14);
    expect(venue.calls).toHaveLength(15);
    expect(perWindow.get('sber-uid@2024-03-14T00:00:00.000Z')).toBe(2);

    // The same version as the uninterrupted download: same rows, months and bars. (Not
    // compared by file hash: parquet-wasm writes the footer's key/value metadata in a
    // random order, so equal bars do not always give equal bytes.)
    const shape = (manifest: DatasetManifest | undefined) => ({
      version: manifest?.version,
      rows: manifest?.rows,
      firstTime: manifest?.firstTime,
      lastTime: manifest?.lastTime,
      partitions: manifest?.partitions.map(({ period, rows, firstTime, lastTime }) => ({
        period,
        rows,
        firstTime,
        lastTime,
      })),
    });
    for (const id of [sber, gazp]) {
      expect(shape(await base.store.manifest(id))).toEqual(shape(await whole.store.manifest(id)));
      expect(await collect(base.store.read(id, 1))).toEqual(await collect(whole.store.read(id, 1)));
    }
  });

  it('resumes the chunks another range shares and discards the others', async () => {
    const base = await setup();
    const venue = memorySource({ failAfter: 3 });
    const single = { datasets: [{ dataset: sber, instrument: SBER }] };
    await rejection(fetchHistory(options(base, venue.source, single)));
    venue.heal();
    venue.calls.length = 0;

    const result = await fetchHistory(
      options(base, venue.source, { ...single, from: MONDAY + DAY, to: MONDAY + 4 * DAY }),
    );
    expect(result.datasets[0]).toMatchObject({
      chunks: 3,
      resumed: 2,
      fetched: 1,
      earlier: { from: MONDAY, to: MONDAY + 7 * DAY, discarded: 1 },
    });
    expect(venue.calls.map((c) => new Date(c.from).toISOString())).toEqual([
      '2024-03-14T00:00:00.000Z',
    ]);
    expect(await collect(base.store.read(sber, 1))).toEqual(
      stored(SBER, MONDAY + DAY, MONDAY + 4 * DAY),
    );
  });

  it('fetches a chunk that reached past the venue’s now again on the next run', async () => {
    const base = await setup();
    const venue = memorySource();
    const now = MONDAY + DAY + 10 * 3_600_000;
    const failing: BarStore = {
      ...base.store,
      write: () => Promise.reject(new Error('disk full')),
    };
    const single = { datasets: [{ dataset: sber, instrument: SBER }], now: () => now };
    expect(
      (await rejection(fetchHistory(options(base, venue.source, { ...single, store: failing }))))
        .message,
    ).toBe('disk full');
    // Chunks from Wednesday on had not begun: they were not asked for.
    expect(venue.calls.map((c) => new Date(c.from).toISOString())).toEqual([
      '2024-03-11T00:00:00.000Z',
      '2024-03-12T00:00:00.000Z',
    ]);

    venue.calls.length = 0;
    const result = await fetchHistory(options(base, venue.source, single));
    expect(result.datasets[0]).toMatchObject({ chunks: 2, resumed: 1, fetched: 1 });
    expect(venue.calls.map((c) => new Date(c.from).toISOString())).toEqual([
      '2024-03-12T00:00:00.000Z',
    ]);
  });

  it('starts over, and says so, when the state file is damaged', async () => {
    const base = await setup();
    const venue = memorySource({ failAfter: 2 });
    const single = { datasets: [{ dataset: sber, instrument: SBER }] };
    await rejection(fetchHistory(options(base, venue.source, single)));
    await writeFile(stateFilePath(datasetStateDir(base.stateDir, sber)), '{"format":1,');
    venue.heal();

    const result = await fetchHistory(options(base, venue.source, single));
    expect(result.datasets[0]).toMatchObject({
      resumed: 0,
      fetched: 7,
      earlier: { dropped: 'its state.json is damaged' },
    });
  });

  it('starts over when the staged chunks belong to another instrument uid', async () => {
    const base = await setup();
    const venue = memorySource({ failAfter: 2 });
    await rejection(
      fetchHistory(
        options(base, venue.source, { datasets: [{ dataset: sber, instrument: SBER }] }),
      ),
    );
    venue.heal();
    const result = await fetchHistory(
      options(base, venue.source, { datasets: [{ dataset: sber, instrument: GAZP }] }),
    );
    expect(result.datasets[0]).toMatchObject({ resumed: 0, fetched: 7 });
    expect(result.datasets[0]!.earlier?.dropped).toMatch(/instrument uid sber-uid/);
  });

  it('fetches a staged chunk again when its file is gone', async () => {
    const base = await setup();
    const venue = memorySource({ failAfter: 3 });
    const single = { datasets: [{ dataset: sber, instrument: SBER }] };
    await rejection(fetchHistory(options(base, venue.source, single)));
    await unlink(chunkFilePath(datasetStateDir(base.stateDir, sber), MONDAY + DAY));
    venue.heal();
    venue.calls.length = 0;

    const result = await fetchHistory(options(base, venue.source, single));
    expect(result.datasets[0]).toMatchObject({ resumed: 2, fetched: 5, bars: 2600 });
    expect(venue.calls[0]!.from).toBe(MONDAY + DAY);
  });

  it('refuses a dataset of another interval than the fetch', async () => {
    const base = await setup();
    const error = await rejection(
      fetchHistory(
        options(base, memorySource().source, {
          datasets: [{ dataset: { ...sber, interval: '5m' }, instrument: SBER }],
        }),
      ),
    );
    expect(error.message).toMatch(/tinvest\/5m\/SBER holds 5m bars, but the fetch is for 1m/);
  });
});
