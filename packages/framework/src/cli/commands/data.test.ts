/**
 * The `data` commands end to end, through the built executable, as an operator uses
 * them: import CSV bars into the store, list datasets, pin them in the lock file, and
 * backtest the `sma-cross` example strategy on the pinned versions while new data arrives.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRAMEWORK, makeProject, runCli } from './cli.fixture.js';

const SMA_CROSS = path.resolve(FRAMEWORK, '../plugins/strategy-sma-cross');

/** Minute bars from 2026-08-31 20:00 UTC: two UTC months. `shift` moves prices from bar `from`. */
function csv(rows: number, changes: { from: number; shift: number } = { from: rows, shift: 0 }) {
  const lines = ['time,open,high,low,close,volume'];
  const start = Date.UTC(2026, 7, 31, 20, 0);
  for (let i = 0; i < rows; i++) {
    const wave = 300 + Math.round(Math.sin(i / 12) * 300) / 100;
    const price = (i >= changes.from ? wave + changes.shift : wave).toFixed(2);
    lines.push(
      `${new Date(start + i * 60_000).toISOString()},${price},${price},${price},${price},100`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const CONFIG = `
name: store-example
instruments:
  - { ticker: SBER, lot: 10, minPriceIncrement: 0.01 }
data:
  source: csv
strategies:
  - plugin: sma-cross
    instruments: [SBER]
    params: { fast: 5, slow: 20, lots: 2 }
`;

/** The `--json` summary without what changes from run to run (timing, run id, folder). */
function summaryOf(stdout: string): string {
  const { seconds: _s, runId: _r, out: _o, ...rest } = JSON.parse(stdout);
  return JSON.stringify(rest);
}

describe('moex-bot data', () => {
  let project: string;
  const cli = (...args: string[]) => runCli(args, project);

  beforeAll(async () => {
    project = await makeProject('moex-bot-data-', {
      'package.json': JSON.stringify({
        name: 'operator',
        private: true,
        dependencies: { '@moex-bot/strategy-sma-cross': '^0.1.0' },
      }),
      'moex-bot.yaml': CONFIG,
      'incoming/SBER-a.csv': csv(600),
      // The same minutes with September's prices revised, and 60 more bars.
      'incoming/SBER-b.csv': csv(660, { from: 240, shift: 1.5 }),
      'incoming/broken.csv':
        'time,open,high,low,close,volume\n2026-09-01T07:00:00Z,300,299,301,300,1\n',
      's3.yaml': CONFIG.replace('source: csv', 'source: csv\n  store: { s3: { bucket: b } }'),
    });
    await symlink(
      SMA_CROSS,
      path.join(project, 'node_modules/@moex-bot/strategy-sma-cross'),
      'dir',
    );
  });

  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('imports, lists, pins, and backtests the pinned version after new data arrives', async () => {
    const first = await cli('data', 'import', 'incoming/SBER-a.csv', '--instrument', 'SBER');
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe(
      'csv/1m/SBER: version 1 (new dataset), 600 rows, 2 partitions written, 0 partitions reused\n',
    );
    expect((await cli('data', 'import', 'incoming/SBER-a.csv', '-i', 'SBER')).stdout).toBe(
      'csv/1m/SBER: unchanged (version 1, 600 rows)\n',
    );

    const listed = await cli('data', 'ls');
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(
      /^DATASET\s+LATEST\s+VERSIONS\s+ROWS\s+FIRST\s+LAST\s+PINNED$/,
    );
    expect(listed.stdout).toMatch(
      /csv\/1m\/SBER\s+v1\s+1\s+600\s+2026-08-31 20:00Z\s+2026-09-01 05:59Z\s+-\n/,
    );

    const locked = await cli('data', 'lock');
    expect(locked.code).toBe(0);
    expect(locked.stdout).toContain('csv/1m/SBER: pinned v1 (new pin)\n');
    const lock = JSON.parse(await readFile(path.join(project, 'moex-bot.lock'), 'utf8'));
    expect(lock).toEqual({
      lockfileVersion: 1,
      datasets: { 'csv/1m/SBER': { version: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/) } },
    });

    const before = await cli('backtest', 'moex-bot.yaml', '--json', '--out', 'runs');
    expect(before.stderr).toBe('');
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({
      bars: 600,
      data: {
        kind: 'store',
        datasets: [
          {
            dataset: 'csv/1m/SBER',
            version: 1,
            hash: lock.datasets['csv/1m/SBER'].hash,
            pinned: true,
          },
        ],
      },
    });
    expect(JSON.parse(before.stdout).fills).toBeGreaterThan(4);
    // The run folder records the versions it read.
    const record = JSON.parse(
      await readFile(path.join(JSON.parse(before.stdout).out, 'run.json'), 'utf8'),
    );
    expect(record.data).toEqual(JSON.parse(before.stdout).data);

    const second = await cli('data', 'import', 'incoming/SBER-b.csv', '--instrument', 'SBER');
    expect(second.stdout).toBe(
      'csv/1m/SBER: version 2 (was 1), 660 rows, 1 partition written, 1 partition reused\n',
    );
    const ls = JSON.parse((await cli('data', 'ls', '--json')).stdout);
    expect(ls.datasets).toEqual([
      expect.objectContaining({
        dataset: 'csv/1m/SBER',
        latest: 2,
        versions: 2,
        rows: 660,
        pinned: lock.datasets['csv/1m/SBER'],
      }),
    ]);

    // Pinned by the lock: the same run, byte for byte, on version 1.
    const after = await cli('backtest', 'moex-bot.yaml', '--json', '--out', 'runs');
    expect(after.code).toBe(0);
    expect(summaryOf(after.stdout)).toBe(summaryOf(before.stdout));

    // Re-pinning moves the backtest to version 2.
    expect((await cli('data', 'lock')).stdout).toContain('csv/1m/SBER: pinned v2 (was v1)\n');
    const repinned = JSON.parse(
      (await cli('backtest', 'moex-bot.yaml', '--json', '--out', 'runs')).stdout,
    );
    expect(repinned.bars).toBe(660);
    expect(repinned.data.datasets[0]).toMatchObject({ version: 2, pinned: true });
    expect((await cli('data', 'lock')).stdout).toContain('moex-bot.lock is up to date\n');
  });

  it('warns in the run log when a dataset is not pinned', async () => {
    await rm(path.join(project, 'moex-bot.lock'), { force: true });
    const run = await cli('backtest', 'moex-bot.yaml', '--json', '--out', 'runs');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.data.datasets[0]).toMatchObject({ version: 2, pinned: false });
    const log = await readFile(path.join(summary.out, 'backtest.log'), 'utf8');
    expect(log).toContain('dataset csv/1m/SBER is not pinned by moex-bot.lock');
  });

  it('fails with exit 2 and one clear line on bad input', async () => {
    const broken = await cli('data', 'import', 'incoming/broken.csv', '-i', 'SBER');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('MOEXBOT_ERR_DATA_CSV_INVALID');
    expect(broken.stderr).not.toMatch(/\n\s+at /);

    const badName = await cli('data', 'import', 'incoming/SBER-a.csv', '-i', '../SBER');
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('MOEXBOT_ERR_CLI_USAGE: dataset csv/1m/../SBER');

    const noConfig = await cli('data', 'ls', '--config', 'missing.yaml');
    expect(noConfig.code).toBe(2);
    expect(noConfig.stderr).toContain('MOEXBOT_ERR_CONFIG_NOT_FOUND');

    const s3 = await cli('data', 'ls', '--config', 's3.yaml');
    expect(s3.code).toBe(2);
    expect(s3.stderr).toContain(
      'MOEXBOT_ERR_CLI_PACKAGE_MISSING: the S3 store needs `npm install @moex-bot/store-s3`',
    );
  });

  it('refuses a broken lock file, and `data lock` replaces it', async () => {
    await writeFile(path.join(project, 'moex-bot.lock'), '{ broken');
    const ls = await cli('data', 'ls');
    expect(ls.code).toBe(2);
    expect(ls.stderr).toMatch(
      /MOEXBOT_ERR_DATA_LOCK_INVALID: lock file .*moex-bot\.lock is not valid JSON/,
    );
    const backtest = await cli('backtest', 'moex-bot.yaml', '--out', 'runs');
    expect(backtest.code).toBe(2);
    expect(backtest.stderr).toContain('MOEXBOT_ERR_DATA_LOCK_INVALID');

    const lock = await cli('data', 'lock');
    expect(lock.code).toBe(0);
    expect(lock.stdout).toMatch(
      /^replaced the invalid .*moex-bot\.lock\ncsv\/1m\/SBER: pinned v2 \(new pin\)\n/,
    );
    expect(existsSync(path.join(project, 'moex-bot.lock'))).toBe(true);
  });
});
