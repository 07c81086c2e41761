/**
 * Backtests from a config read their bars from CSV files or from the market-data store,
 * and say which: the store's dataset versions come from the lock file when it pins them.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeProject, pluginPackageJson } from '../cli/commands/cli.fixture.js';
import { OperatorConfigSchema } from '../config/schema.js';
import type { Logger } from '../contracts/services.js';
import { barStore } from '../data/barStore.js';
import { bars } from '../data/data.fixture.js';
import { localObjectStore } from '../data/localObjectStore.js';
import { lockFilePath, writeLockFile } from '../data/lockFile.js';
import { backtestFromConfig } from './backtestFromConfig.js';

const T0 = Date.UTC(2026, 7, 31, 20, 0);
const SBER = { source: 'csv', interval: '1m', instrument: 'SBER' };
const GAZP = { source: 'csv', interval: '1m', instrument: 'GAZP' };

const STRATEGY = `
import { defineStrategy, signals, z } from '@moex-bot/framework';
export default defineStrategy({
  id: 'alternate',
  params: z.object({}),
  create: () => {
    let n = 0;
    return { onBar: (bar) => signals.targetLots(bar.instrument, n++ % 2 === 0 ? 1 : 0) };
  },
});
`;

/** A config of SBER (uid `sber-uid`) and GAZP, trading SBER, with extra `data` settings. */
function config(data: Record<string, unknown>, backtest: Record<string, unknown> = {}) {
  return OperatorConfigSchema.parse({
    name: 'store-test',
    instruments: [
      { ticker: 'SBER', uid: 'sber-uid', lot: 10, minPriceIncrement: 0.01 },
      { ticker: 'GAZP', lot: 10, minPriceIncrement: 0.01 },
    ],
    data,
    backtest,
    strategies: [{ plugin: 'alternate', instruments: ['SBER'], params: {} }],
  });
}

/** A logger that keeps its warnings. */
function warnings(): { logger: Logger; messages: string[] } {
  const messages: string[] = [];
  const logger: Logger = {
    trace() {},
    debug() {},
    info() {},
    warn: (obj, msg) => messages.push(typeof obj === 'string' ? obj : (msg ?? '')),
    error() {},
    child: () => logger,
  };
  return { logger, messages };
}

describe('backtestFromConfig', () => {
  let project: string;
  beforeEach(async () => {
    project = await makeProject('moex-bot-backtest-data-', {
      'package.json': JSON.stringify({
        name: 'operator',
        private: true,
        dependencies: { 'moex-bot-strategy-alternate': '^1.0.0' },
      }),
      'node_modules/moex-bot-strategy-alternate/package.json': pluginPackageJson({
        name: 'moex-bot-strategy-alternate',
        kind: 'strategy',
        id: 'alternate',
      }),
      'node_modules/moex-bot-strategy-alternate/index.js': STRATEGY,
      'data/SBER.csv':
        'time,open,high,low,close,volume\n2026-09-01T07:00:00Z,300,301,299,300.5,12\n',
    });
  });
  afterEach(() => rm(project, { recursive: true, force: true }));

  it('reads the CSV files the config lists and records them with their hash', async () => {
    const result = await backtestFromConfig(
      config({ bars: [{ instrument: 'SBER', file: 'data/SBER.csv' }] }),
      project,
    );
    expect(result.bars).toBe(1);
    expect(result.data).toEqual({
      kind: 'csv',
      files: [
        {
          instrument: 'SBER',
          file: 'data/SBER.csv',
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      ],
    });
  });

  it('without CSV files, reads the latest store versions and warns they are not pinned', async () => {
    const store = barStore(localObjectStore(path.join(project, 'market')));
    await store.write(SBER, bars('SBER', 300, T0));
    await store.write(GAZP, bars('GAZP', 100, T0 + 30 * 60_000));
    const { logger, messages } = warnings();
    const result = await backtestFromConfig(
      config({ store: { path: 'market' }, source: 'csv' }),
      project,
      { logger },
    );
    expect(result.bars).toBe(400);
    expect(result.fills.length).toBeGreaterThan(0);
    expect(result.fills.every((fill) => fill.instrument === 'sber-uid')).toBe(true);
    expect(result.data).toEqual({
      kind: 'store',
      store: `folder ${path.join(project, 'market')}`,
      datasets: [
        {
          dataset: 'csv/1m/SBER',
          instrument: 'sber-uid',
          version: 1,
          hash: expect.any(String),
          pinned: false,
        },
        {
          dataset: 'csv/1m/GAZP',
          instrument: 'GAZP',
          version: 1,
          hash: expect.any(String),
          pinned: false,
        },
      ],
    });
    expect(messages).toEqual([
      expect.stringContaining(
        'dataset csv/1m/SBER is not pinned by moex-bot.lock: reading its latest version v1',
      ),
      expect.stringContaining('dataset csv/1m/GAZP is not pinned'),
    ]);
  });

  it('reads the versions the lock pins, whatever was imported since', async () => {
    const store = barStore(localObjectStore(path.join(project, 'data')));
    const sber = await store.write(SBER, bars('SBER', 300, T0));
    const gazp = await store.write(GAZP, bars('GAZP', 100, T0));
    await writeLockFile(lockFilePath(project), {
      lockfileVersion: 1,
      datasets: {
        'csv/1m/SBER': { version: 1, hash: sber.manifest!.hash },
        'csv/1m/GAZP': { version: 1, hash: gazp.manifest!.hash },
      },
    });
    const before = await backtestFromConfig(config({ source: 'csv' }), project);
    await store.write(SBER, bars('SBER', 500, T0, { seed: 3 }));
    const { logger, messages } = warnings();
    const after = await backtestFromConfig(config({ source: 'csv' }), project, { logger });
    expect(messages).toEqual([]);
    expect(after.bars).toBe(400);
    expect(after.summary).toEqual(before.summary);
    expect(after.data).toEqual(before.data);
    expect(after.data).toMatchObject({
      datasets: [{ version: 1, pinned: true }, { pinned: true }],
    });
  });

  it('reads only the configured period, and says when it holds no bars', async () => {
    const store = barStore(localObjectStore(path.join(project, 'data')));
    await store.write(SBER, bars('SBER', 600, T0));
    await store.write(GAZP, bars('GAZP', 10, T0));
    // 2026-09-01 in Moscow starts at 2026-08-31 21:00 UTC, 60 bars after T0.
    const result = await backtestFromConfig(
      config({ source: 'csv' }, { from: '2026-09-01', to: '2026-09-01T05:00:00Z' }),
      project,
    );
    expect(result.bars).toBe(480);
    await expect(
      backtestFromConfig(config({ source: 'csv' }, { from: '2027-01-01' }), project),
    ).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_FILE_NOT_FOUND',
      message: expect.stringContaining('the datasets of folder'),
    });
  });

  it('names the datasets the store lacks', async () => {
    await expect(backtestFromConfig(config({}), project)).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_DATASET_NOT_FOUND',
      message: expect.stringContaining(
        '2 datasets cannot be read; first: no dataset tinvest/1m/SBER',
      ),
    });
  });

  it('fails on a broken lock file before reading anything', async () => {
    await writeFile(lockFilePath(project), 'not json');
    await expect(backtestFromConfig(config({ source: 'csv' }), project)).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_LOCK_INVALID',
    });
  });
});
