/**
 * The `backtest` command end to end, through the built executable: an operator
 * project in a temporary folder outside the workspace, whose strategy plugin is an
 * npm package of its own, installed in the project's node_modules.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdb } from '../../results/duckdb.fixture.js';
import { makeProject, pluginPackageJson, runCli } from './cli.fixture.js';

const cli = runCli;

const PLUGIN_PACKAGE = pluginPackageJson({
  name: 'moex-bot-strategy-alternate',
  version: '1.2.3',
  kind: 'strategy',
  id: 'alternate',
  description: 'Long every other bar',
});

const PLUGIN_ENTRY = `
import { defineStrategy, signals, z } from '@moex-bot/framework';
export default defineStrategy({
  id: 'alternate',
  params: z.object({ lots: z.number().int().positive() }),
  create: (params) => {
    let n = 0;
    return { onBar: (bar) => signals.targetLots(bar.instrument, n++ % 2 === 0 ? params.lots : 0) };
  },
});
`;

function csv(rows: number): string {
  const lines = ['time,open,high,low,close,volume'];
  const start = Date.UTC(2026, 8, 1, 7, 0);
  for (let i = 0; i < rows; i++) {
    const price = (300 + (i % 7) * 0.25).toFixed(2);
    lines.push(
      `${new Date(start + i * 60_000).toISOString()},${price},${price},${price},${price},1000`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const CONFIG = `
name: external-plugin
instruments:
  - { ticker: SBER, lot: 10, minPriceIncrement: 0.01 }
data:
  bars:
    - { instrument: SBER, file: data/SBER.csv }
strategies:
  - plugin: alternate
    instruments: [SBER]
    params: { lots: 2 }
`;

describe('moex-bot backtest', () => {
  let project: string;

  beforeAll(async () => {
    project = await makeProject('moex-bot-project-', {
      'package.json': JSON.stringify({
        name: 'operator',
        private: true,
        dependencies: { 'moex-bot-strategy-alternate': '^1.2.3', '@moex-bot/framework': '^0.1.0' },
      }),
      'node_modules/moex-bot-strategy-alternate/package.json': PLUGIN_PACKAGE,
      'node_modules/moex-bot-strategy-alternate/index.js': PLUGIN_ENTRY,
      'moex-bot.yaml': CONFIG,
      'data/SBER.csv': csv(200),
    });
  });

  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('discovers, validates and runs a plugin package installed outside the workspace', async () => {
    const out = path.join(project, 'results');
    const result = await cli(['backtest', 'moex-bot.yaml', '--json', '--out', out], project);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({
      name: 'external-plugin',
      bars: 200,
      plugins: { 'strategy:alternate': 'moex-bot-strategy-alternate@1.2.3' },
    });
    expect(summary.fills).toBeGreaterThan(50);
    // `--out` is the runs folder: the run is a folder of its own inside it.
    expect(summary.runId).toMatch(/^\d{8}-\d{6}-[0-9a-f]{6}$/);
    expect(summary.out).toBe(path.join(out, summary.runId));
    expect((await readdir(summary.out)).sort()).toEqual([
      'backtest.log',
      'candles.parquet',
      'equity.arrow',
      'equity.parquet',
      'fills.parquet',
      'orders.parquet',
      'report.html',
      'run.json',
      'trades.parquet',
    ]);
  });

  it('writes a run folder that DuckDB, apache-arrow and run.json readers open', async () => {
    const result = await cli(['backtest', 'moex-bot.yaml', '--json', '--out', 'opened'], project);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    const file = (name: string) => path.join(summary.out, name);

    const fills = await duckdb(`select * from read_parquet('${file('fills.parquet')}')`);
    expect(fills.rows).toHaveLength(summary.fills);
    expect(fills.rows[0]).toMatchObject({
      instrument: 'SBER',
      side: 'buy',
      lots: 2,
      quantity: 20n,
      reason: 'signal',
    });
    expect(fills.types).toMatchObject({
      time: 'TIMESTAMP WITH TIME ZONE',
      price: 'DOUBLE',
      commission: 'DOUBLE',
      lots: 'INTEGER',
      quantity: 'BIGINT',
    });
    const trades = await duckdb(
      `select count(*) as n, sum(pnl) as pnl from read_parquet('${file('trades.parquet')}')`,
    );
    expect(Number(trades.rows[0]!['n'])).toBe(summary.closedTrades);
    const equity = await duckdb(
      `select count(*) as n, max(drawdown) as dd, min(time) as first, max(time) as last,
       typeof(any_value(time)) as time_type, typeof(any_value(equity)) as equity_type
       from read_parquet('${file('equity.parquet')}')`,
    );
    // One point per distinct bar time; its deepest drawdown is the summary's.
    expect(equity.rows[0]).toMatchObject({
      n: 200n,
      time_type: 'TIMESTAMP WITH TIME ZONE',
      equity_type: 'DOUBLE',
    });
    expect(equity.rows[0]!['dd']).toBeCloseTo(summary.maxDrawdown, 12);
    const candles = await duckdb(
      `select count(*) as n, sum(volume) as volume, min(low) as low, max(high) as high
       from read_parquet('${file('candles.parquet')}')`,
    );
    // 200 minute bars at 1,000 lots each, priced 300 to 301.5, fit in the candles as they are.
    expect(candles.rows[0]).toEqual({ n: 200n, volume: 200_000, low: 300, high: 301.5 });

    const feather = tableFromIPC(await readFile(file('equity.arrow')));
    expect(feather.numRows).toBe(200);
    expect(feather.schema.fields.map((f) => f.name)).toEqual(['time', 'equity', 'drawdown']);

    const record = JSON.parse(await readFile(file('run.json'), 'utf8'));
    const sha256 = createHash('sha256')
      .update(await readFile(path.join(project, 'data/SBER.csv')))
      .digest('hex');
    expect(record).toMatchObject({
      runId: summary.runId,
      name: 'external-plugin',
      configHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      plugins: { 'strategy:alternate': 'moex-bot-strategy-alternate@1.2.3' },
      data: { kind: 'csv', files: [{ instrument: 'SBER', file: 'data/SBER.csv', sha256 }] },
      period: { from: '2026-09-01T07:00:00.000Z', to: '2026-09-01T10:19:00.000Z' },
      bars: 200,
      summary: { fills: summary.fills, closedTrades: summary.closedTrades },
      candleIntervals: { SBER: 1000 },
    });
    expect(record.summary.perInstrument).toEqual([
      expect.objectContaining({ instrument: 'SBER', trades: summary.closedTrades }),
    ]);
  });

  it('lists its runs with `runs ls`, newest first, unreadable folders with the reason', async () => {
    const first = JSON.parse((await cli(['backtest', 'moex-bot.yaml', '--json'], project)).stdout);
    const second = JSON.parse((await cli(['backtest', 'moex-bot.yaml', '--json'], project)).stdout);
    // The default runs folder, `runs` beside the config.
    expect(path.dirname(first.out)).toBe(path.join(project, 'runs'));
    await mkdir(path.join(project, 'runs', '00000000-000000-000000'));

    const table = await cli(['runs', 'ls'], project);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toBe('Runs in runs/');
    expect(lines[1]).toMatch(/^ID\s+DATE\s+NAME\s+RETURN\s+SHARPE\s+MAX DD\s+TRADES\s+DATA$/);
    expect(lines.slice(2).map((line) => line.split(' ')[0])).toEqual([
      ...[first.runId, second.runId].sort().reverse(),
      '00000000-000000-000000',
    ]);
    expect(lines[2]).toContain('external-plugin');
    expect(lines[2]).toContain(`${first.closedTrades}  csv: data/SBER.csv`);
    expect(lines[4]).toMatch(/ unreadable: run\.json is missing$/);

    const json = JSON.parse((await cli(['runs', 'ls', '--json'], project)).stdout);
    expect(json.runsDir).toBe(path.join(project, 'runs'));
    expect(json.runs.map((run: { ok: boolean }) => run.ok)).toEqual([true, true, false]);
    expect(json.runs[0].record.summary.closedTrades).toBe(first.closedTrades);
  });

  it('without @moex-bot/broker-tinvest, `instruments find` and `live` say what to install', async () => {
    const find = await cli(['instruments', 'find', 'SBER'], project);
    expect(find.code).toBe(2);
    expect(find.stderr).toContain('MOEXBOT_ERR_CLI_PACKAGE_MISSING');
    expect(find.stderr).toContain('npm install @moex-bot/broker-tinvest');
    expect(find.stderr).not.toContain('    at '); // no stack trace without --debug

    const paper = path.join(project, 'paper.yaml');
    await writeFile(paper, CONFIG.replace(/^mode: .*$/m, '').concat('\nmode: paper\n'));
    const live = await cli(['live', 'paper.yaml'], project);
    expect(live.code).toBe(1);
    expect(live.stderr).toContain('MOEXBOT_ERR_RUN_NO_VENUE');
    expect(live.stderr).toContain('install @moex-bot/broker-tinvest');
  });

  it('lists the external plugin with `moex-bot plugins`', async () => {
    const result = await cli(['plugins', '--json'], project);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout).plugins.map(
      (p: { kind: string; id: string; packageName: string }) =>
        `${p.kind}:${p.id} ${p.packageName}`,
    );
    expect(listed).toContain('strategy:alternate moex-bot-strategy-alternate');
    expect(listed).toContain('broker:simulated @moex-bot/framework');
  });

  it('prints a human summary naming the run folder and its files', async () => {
    const result = await cli(['backtest', 'moex-bot.yaml', '--out', 'human'], project);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Backtest external-plugin: 200 bars/);
    expect(result.stdout).toMatch(/Closed trades\s+\d+/);
    expect(result.stdout).toMatch(
      /Run \d{8}-\d{6}-[0-9a-f]{6} in human\/\d{8}-\d{6}-[0-9a-f]{6}\/: trades\.parquet, orders\.parquet, fills\.parquet, equity\.parquet, equity\.arrow, candles\.parquet, backtest\.log, run\.json, report\.html\n$/,
    );
  });

  it('refuses bad parameters with exit 2, the config path, and no stack trace', async () => {
    await writeFile(path.join(project, 'bad.yaml'), CONFIG.replace('lots: 2', 'lots: -1'));
    const result = await cli(['backtest', 'bad.yaml'], project);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('MOEXBOT_ERR_PLUGIN_PARAMS_INVALID');
    expect(result.stderr).toContain('strategies[0].params.lots');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('names a missing bar file with exit 2', async () => {
    await writeFile(
      path.join(project, 'nofile.yaml'),
      CONFIG.replace('data/SBER.csv', 'data/NONE.csv'),
    );
    const result = await cli(['backtest', 'nofile.yaml'], project);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /MOEXBOT_ERR_DATA_FILE_NOT_FOUND.*NONE\.csv|NONE\.csv.*MOEXBOT_ERR_DATA_FILE_NOT_FOUND/s,
    );
  });

  it('with --debug, adds the stack trace', async () => {
    const result = await cli(['--debug', 'backtest', 'missing.yaml'], project);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('MOEXBOT_ERR_CONFIG_NOT_FOUND');
    expect(result.stderr).toMatch(/\n\s+at /);
  });
});

describe('moex-bot backtest exit codes', () => {
  let project: string;

  beforeAll(async () => {
    project = await makeProject('moex-bot-codes-', {
      'package.json': JSON.stringify({
        name: 'operator',
        private: true,
        dependencies: { 'moex-bot-strategy-alternate': '^1.2.3' },
      }),
      'node_modules/moex-bot-strategy-alternate/package.json': PLUGIN_PACKAGE,
      'node_modules/moex-bot-strategy-alternate/index.js': PLUGIN_ENTRY.replace(
        'create: (params) => {',
        "create: (params) => { if (params.lots === 13) throw new Error('unlucky');",
      ),
      'moex-bot.yaml': CONFIG,
      'unlucky.yaml': CONFIG.replace('lots: 2', 'lots: 13'),
      'data/SBER.csv': csv(20),
      'a-file': 'not a folder',
    });
  });

  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('exits 1 when a plugin fails while being created: a run failure, not bad input', async () => {
    const result = await cli(['backtest', 'unlucky.yaml', '--out', 'out'], project);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'MOEXBOT_ERR_PLUGIN_CREATE_FAILED: strategy:alternate create failed: unlucky',
    );
  });

  it('exits 2 with a coded message when the results folder cannot be created', async () => {
    const result = await cli(['backtest', 'moex-bot.yaml', '--out', 'a-file/results'], project);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /MOEXBOT_ERR_CLI_OUTPUT_UNWRITABLE: cannot create the results folder .*a-file\/results \(ENOTDIR\)/,
    );
  });
});
