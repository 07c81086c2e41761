import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BarStore } from './barStore.js';
import { bars, tempStore } from './data.fixture.js';
import type { DataLock } from './lockFile.js';
import { resolveDatasetVersions } from './resolveDatasetVersions.js';

const T0 = Date.UTC(2026, 8, 1, 7, 0);
const SBER = { source: 'csv', interval: '1m', instrument: 'SBER' };
const GAZP = { source: 'csv', interval: '1m', instrument: 'GAZP' };

describe('resolveDatasetVersions', () => {
  let store: BarStore;
  let cleanup: () => Promise<void>;
  let v1Hash: string;
  beforeEach(async () => {
    ({ store, cleanup } = await tempStore());
    v1Hash = (await store.write(SBER, bars('SBER', 10, T0))).manifest!.hash;
    await store.write(SBER, bars('SBER', 10, T0 + 10 * 60_000));
  });
  afterEach(() => cleanup());

  const lock = (datasets: DataLock['datasets']): DataLock => ({ lockfileVersion: 1, datasets });

  it('reads the pinned version', async () => {
    const [sber] = await resolveDatasetVersions(
      store,
      [SBER],
      lock({ 'csv/1m/SBER': { version: 1, hash: v1Hash } }),
    );
    expect(sber).toMatchObject({ dataset: 'csv/1m/SBER', version: 1, hash: v1Hash, pinned: true });
  });

  it('reads the latest, flagged as not pinned, when the lock has no entry', async () => {
    const [sber] = await resolveDatasetVersions(store, [SBER], undefined);
    expect(sber).toMatchObject({ version: 2, pinned: false });
    expect(sber!.manifest.rows).toBe(20);
  });

  it('refuses a pinned version that is missing or holds other data', async () => {
    await expect(
      resolveDatasetVersions(store, [SBER], lock({ 'csv/1m/SBER': { version: 9, hash: v1Hash } })),
    ).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_VERSION_NOT_FOUND',
      message: expect.stringMatching(/^csv\/1m\/SBER v9 pinned by the lock is not in folder /),
    });
    await expect(
      resolveDatasetVersions(store, [SBER], lock({ 'csv/1m/SBER': { version: 2, hash: v1Hash } })),
    ).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_VERSION_NOT_FOUND',
      message: expect.stringContaining(`the lock pins ${v1Hash}`),
    });
  });

  it('lists every missing dataset, hinting at the ones the store has', async () => {
    const tinvest = { source: 'tinvest', interval: '1m', instrument: 'SBER' };
    const error = await resolveDatasetVersions(store, [tinvest, GAZP], undefined).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'MOEXBOT_ERR_DATA_DATASET_NOT_FOUND',
      message: expect.stringMatching(
        /^2 datasets cannot be read; first: no dataset tinvest\/1m\/SBER/,
      ),
    });
    const messages = (error as { problems: { message: string }[] }).problems.map((p) => p.message);
    expect(messages[0]).toContain('it has csv/1m/SBER: set `data.source` / `data.interval`');
    expect(messages[1]).toContain('moex-bot data import <file.csv> --instrument GAZP');
  });
});
