/**
 * `moex-bot runs ls` through the built executable, on run folders written from a known
 * result (the backtest tests list runs made by real backtests).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSampleRun } from '../../results/runResult.fixture.js';
import { makeProject, runCli } from './cli.fixture.js';

const CONFIG = `
name: listed
instruments:
  - { ticker: SBER, lot: 10, minPriceIncrement: 0.01 }
strategies:
  - { plugin: sma-cross, instruments: [SBER] }
backtest: { out: results/runs }
`;

describe('moex-bot runs ls', () => {
  let project: string;
  let ids: string[];

  beforeAll(async () => {
    project = await makeProject('moex-bot-runs-', { 'moex-bot.yaml': CONFIG });
    const runs = path.join(project, 'results/runs');
    const older = await writeSampleRun(runs, new Date('2026-11-24T10:15:00Z'), { name: 'first' });
    const newer = await writeSampleRun(runs, new Date('2026-11-25T08:05:00Z'), {
      name: 'second',
      data: { kind: 'csv', files: [{ instrument: 'SBER', file: 'data/SBER.csv', sha256: 'ab' }] },
    });
    ids = [newer.record.runId, older.record.runId];
    await mkdir(path.join(runs, '20261123-000000-abcdef'));
    await writeFile(path.join(runs, '20261123-000000-abcdef', 'run.json'), 'not json');
  });

  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('prints a table of the config’s runs, newest first, the data each read', async () => {
    const result = await runCli(['runs', 'ls'], project);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // The sample run: +0.00 % (18.97 RUB on a million), one trade, 0.005 % below its peak.
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Runs in results/runs/',
      'ID                      DATE              NAME     RETURN  SHARPE  MAX DD  TRADES  DATA',
      `${ids[0]}  2026-11-25 08:05  second  +0.00 %    0.00  0.00 %       1  csv: data/SBER.csv`,
      `${ids[1]}  2026-11-24 10:15  first   +0.00 %    0.00  0.00 %       1  store: tinvest/1m/SBER@3, tinvest/1m/GAZP@2`,
    ]);
    // The reason names the file within the run's folder: the row already names the folder.
    expect(lines[4]).toMatch(
      /^20261123-000000-abcdef {20,}unreadable: run\.json is not valid JSON: Unexpected token/,
    );
    expect(lines.slice(5)).toEqual(['']);
  });

  it('prints every record with --json, and lists another folder with --dir', async () => {
    const json = JSON.parse((await runCli(['runs', 'ls', '--json'], project)).stdout);
    expect(json.runs.map((run: { id: string; ok: boolean }) => [run.id, run.ok])).toEqual([
      [ids[0], true],
      [ids[1], true],
      ['20261123-000000-abcdef', false],
    ]);
    expect(json.runs[1].record).toMatchObject({ name: 'first', data: { kind: 'store' } });
    expect(json.runs[2].reason).toMatch(/run\.json is not valid JSON/);

    await mkdir(path.join(project, 'empty'));
    const empty = await runCli(['runs', 'ls', '--dir', 'empty'], project);
    expect(empty.stdout).toBe('No runs in empty\n');
  });

  it('names a missing config', async () => {
    const result = await runCli(['runs', 'ls', '--config', 'missing.yaml'], project);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('MOEXBOT_ERR_CONFIG_NOT_FOUND');
  });
});
