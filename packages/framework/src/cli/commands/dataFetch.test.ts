/**
 * `moex-bot data fetch` as far as it goes without a venue plugin: its arguments, its
 * output, and the package it asks for. The download itself is tested against the fake
 * exchange in `@moex-bot/broker-tinvest` (`src/data.fetch.test.ts`).
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchedDataset } from '../../data/fetch/fetchHistory.js';
import { isMoexBotError } from '../../errors.js';
import { makeProject, runCli } from './cli.fixture.js';
import { describeFetched, parseFetchTime } from './dataFetch.js';

const CONFIG = `
name: fetch-example
instruments:
  - { ticker: SBER, lot: 10, minPriceIncrement: 0.01 }
strategies:
  - { plugin: sma-cross, instruments: [SBER] }
`;

describe('parseFetchTime', () => {
  it('reads a date as midnight UTC, and ISO times with an offset', () => {
    expect(parseFetchTime('2024-03-11', '--from')).toBe(Date.UTC(2024, 2, 11));
    expect(parseFetchTime('2024-03-11T10:00:00+03:00', '--from')).toBe(Date.UTC(2024, 2, 11, 7));
  });

  it.each(['2024-02-30', '11.03.2024', '2024-03-11T10:00:00', 'yesterday'])(
    'refuses %s with a usage error naming the flag',
    (text) => {
      let error: unknown;
      try {
        parseFetchTime(text, '--to');
      } catch (caught) {
        error = caught;
      }
      expect(isMoexBotError(error) && error.code).toBe('MOEXBOT_ERR_CLI_USAGE');
      expect((error as Error).message).toContain(`--to "${text}" is not a date`);
    },
  );
});

describe('describeFetched', () => {
  const dataset: FetchedDataset = {
    dataset: 'tinvest/1m/SBER',
    instrument: 'sber-uid',
    chunks: 7,
    fetched: 4,
    resumed: 3,
    bars: 2600,
    write: {
      status: 'created',
      dataset: 'tinvest/1m/SBER',
      version: 2,
      previous: 1,
      rows: 5200,
      written: ['2024-03'],
      reused: 1,
      manifest: undefined,
    },
  };

  it('says what was fetched and which version it made', () => {
    expect(describeFetched(dataset)).toBe(
      'tinvest/1m/SBER: 7 chunks (4 fetched, 3 resumed), 2600 bars; version 2 (was 1), 5200 rows, 1 partition written, 1 reused\n',
    );
    expect(
      describeFetched({
        ...dataset,
        write: { ...dataset.write, status: 'unchanged', previous: undefined, written: [] },
        earlier: { from: 0, to: 1, discarded: 2 },
      }),
    ).toBe(
      'tinvest/1m/SBER: 7 chunks (4 fetched, 3 resumed), 2600 bars; unchanged (version 2, 5200 rows)\n' +
        '  2 chunks of an earlier download over another range discarded\n',
    );
    expect(
      describeFetched({
        ...dataset,
        earlier: { dropped: 'its state.json is damaged', discarded: 0 },
      }),
    ).toContain('\n  an earlier unfinished download was not used: its state.json is damaged\n');
  });
});

describe('moex-bot data fetch', () => {
  let project: string;
  const cli = (...args: string[]) =>
    runCli(['data', 'fetch', ...args], project, { ...process.env, TINVEST_TOKEN: '' });

  beforeAll(async () => {
    project = await makeProject('moex-bot-fetch-', {
      'package.json': JSON.stringify({ name: 'operator', private: true }),
      'moex-bot.yaml': CONFIG,
    });
  });

  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('names the package to install when no venue plugin is there', async () => {
    // The config's broker is the simulator, so the fetch turns to `tinvest`, which is missing.
    const run = await cli('--from', '2024-03-11');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error MOEXBOT_ERR_CLI_PACKAGE_MISSING: the market-data history comes from a venue plugin, ' +
        `and broker plugin \`tinvest\` is not installed: run \`npm install @moex-bot/broker-tinvest\` in ${project}\n`,
    );
  });

  it('refuses a bad interval or range before it contacts any venue', async () => {
    const interval = await cli('--from', '2024-03-11', '--interval', '2m');
    expect(interval.code).toBe(2);
    expect(interval.stderr).toMatch(
      /^error MOEXBOT_ERR_CLI_USAGE: --interval "2m" is not one of 1m, 5m/,
    );
    const range = await cli('--from', '2024-03-11', '--to', '2024-03-11');
    expect(range.stderr).toBe(
      'error MOEXBOT_ERR_CLI_USAGE: --to 2024-03-11 is not after --from 2024-03-11\n',
    );
    const missing = await cli();
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--from <date>' not specified");
  });
});
