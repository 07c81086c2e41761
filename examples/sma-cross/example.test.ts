/**
 * Runs the example project through the real CLI, as an operator would, so the example
 * keeps working. Needs `npm run build` first (the root `npm test` does it).
 * @module
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const bin = path.join(root, 'packages/framework/dist/cli/bin.js');
const RESULT_FILES = [
  'run.json',
  'trades.parquet',
  'orders.parquet',
  'fills.parquet',
  'equity.parquet',
  'equity.arrow',
  'candles.parquet',
  'backtest.log',
];

/** Rows of a DuckDB query, as an analyst would read the run's Parquet files. */
async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('examples/sma-cross', () => {
  let out: string;
  let stdout: string;

  beforeAll(async () => {
    if (!existsSync(bin))
      throw new Error(`${bin} is missing: run \`npm run build\` at the repository root first`);
    // Inside the example's own results folder (ignored by git), not a system temp folder.
    await mkdir(path.join(here, 'out'), { recursive: true });
    out = await mkdtemp(path.join(here, 'out', 'test-'));
    // execFile rejects on a non-zero exit code, so getting here means exit 0.
    ({ stdout } = await run(
      process.execPath,
      [bin, 'backtest', 'examples/sma-cross/moex-bot.yaml', '--json', '--out', out],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
    ));
  });

  afterAll(async () => {
    if (out !== undefined) await rm(out, { recursive: true, force: true });
  });

  it('backtests with trades and prints one JSON summary', () => {
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]!);
    expect(summary.name).toBe('sma-cross-example');
    expect(summary.bars).toBeGreaterThan(0);
    expect(summary.fills).toBeGreaterThan(0);
    expect(summary.closedTrades).toBeGreaterThan(0);
    expect(summary.commission).toBeGreaterThan(0);
    expect(summary.failedStrategies).toEqual([]);
    expect(Object.keys(summary.plugins).sort()).toEqual([
      'broker:simulated',
      'risk:cooldown',
      'risk:max-drawdown',
      'strategy:sma-cross',
    ]);
    // `--out` is the runs folder; the run has a folder of its own in it.
    expect(path.resolve(summary.out)).toBe(path.join(path.resolve(out), summary.runId));
  });

  it('writes every result file, consistent with the summary', async () => {
    const printed = JSON.parse(stdout);
    const run = (file: string) => path.join(printed.out, file);
    for (const file of RESULT_FILES) expect(existsSync(run(file)), file).toBe(true);
    const record = JSON.parse(await readFile(run('run.json'), 'utf8'));
    expect(record.bars).toBe(printed.bars);
    expect(record.summary.fills).toBe(printed.fills);
    expect(record.data.files.map((f: { file: string }) => f.file)).toEqual([
      'data/SBER.csv',
      'data/GAZP.csv',
      'data/LKOH.csv',
    ]);
    const fills = await query(`select * from read_parquet('${run('fills.parquet')}')`);
    expect(fills).toHaveLength(printed.fills);
    // Signal fills carry the strategy instance's name; host exits (stops) are not a strategy's.
    const traders = await query(
      `select distinct strategyId from read_parquet('${run('fills.parquet')}')
       where reason = 'signal' order by strategyId`,
    );
    expect(traders.map((row) => row['strategyId'])).toEqual(['sma-gazp', 'sma-lkoh', 'sma-sber']);
  });
});
