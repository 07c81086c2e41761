/**
 * Data-quality checks through the CLI, on the acceptance fixture written as CSV: four
 * trading days of SBER minute bars with one hole inside a session, one duplicate and one
 * bar with high < low, besides the nights and a weekend. `data check` reports exactly
 * those three; a backtest with `error` policies refuses to start and names them; with
 * `warn` policies it runs and the run records the report.
 */
import { mkdir, readdir, readFile, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsvBars } from '../../market/csvBars.js';
import { acceptanceBars } from '../../quality/qualityBars.fixture.js';
import { makeProject, runCli } from './cli.fixture.js';

const SMA_CROSS = path.resolve(import.meta.dirname, '../../../../plugins/strategy-sma-cross');

function config(checks: string): string {
  return `
name: quality
instruments:
  - { ticker: SBER, lot: 10, minPriceIncrement: 0.01 }
data:
  bars:
    - { instrument: SBER, file: data/SBER.csv }
  quality:
    checks: ${checks}
strategies:
  - { plugin: sma-cross, instruments: [SBER], params: { fast: 5, slow: 20, lots: 1 } }
`;
}

describe('data quality through the CLI', () => {
  let project: string;

  beforeAll(async () => {
    project = await makeProject('moex-bot-quality-', {
      'package.json': JSON.stringify({
        name: 'operator',
        private: true,
        dependencies: { '@moex-bot/framework': '^0.1.0', '@moex-bot/strategy-sma-cross': '^0.1.0' },
      }),
      'strict.yaml': config('{ missing: error }'),
      'lenient.yaml': config('{ order: warn, ohlc: warn }'),
    });
    await writeCsvBars(path.join(project, 'data/SBER.csv'), acceptanceBars());
    await mkdir(path.join(project, 'node_modules/@moex-bot'), { recursive: true });
    await symlink(SMA_CROSS, path.join(project, 'node_modules/@moex-bot/strategy-sma-cross'));
  });

  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('data check reports exactly the hole, the duplicate and high < low, and saves the report', async () => {
    const result = await runCli(['data', 'check', '-c', 'lenient.yaml', '--json'], project);
    expect(result.stderr).toBe('');
    // Every finding is a warning under these policies: the check passes.
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(
      report.results.map((r: { check: string; count: number }) => `${r.check}:${r.count}`),
    ).toEqual(['order:1', 'ohlc:1', 'missing:1']);
    const saved = JSON.parse(await readFile(path.join(project, 'quality.json'), 'utf8'));
    expect(saved).toEqual(report);

    const strict = await runCli(['data', 'check', '-c', 'strict.yaml'], project);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toMatch(/order/);
    expect(strict.stdout).toMatch(/2026-09-07 11:00 MSK/);
  });

  it('a backtest with error policies does not start and names instrument, checks and times', async () => {
    const result = await runCli(['backtest', 'strict.yaml', '--out', 'strict-runs'], project);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('MOEXBOT_ERR_DATA_QUALITY_FAILED');
    expect(result.stderr).toContain('SBER order: 1 duplicate at 2026-09-04 15:00 MSK');
    expect(result.stderr).toContain('SBER ohlc: 1 bar (high-below-low) at 2026-09-08 12:00 MSK');
    expect(result.stderr).toContain('SBER missing: 1 hole, 1 missing bar at 2026-09-07 11:00 MSK');
    // Nothing ran: no run folder holds a run.json.
    const runs = await readdir(path.join(project, 'strict-runs')).catch(() => []);
    for (const run of runs) {
      expect(await readdir(path.join(project, 'strict-runs', run))).not.toContain('run.json');
    }
  });

  it('with warn policies the backtest runs without the broken bars and records the report', async () => {
    const result = await runCli(['backtest', 'lenient.yaml', '--json', '--out', 'runs'], project);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^data quality: 3 warnings/);
    const summary = JSON.parse(result.stdout);
    // The duplicate and the broken bar are set aside: 4 days of 520 bars, less the hole and one.
    expect(summary.bars).toBe(4 * 520 - 2);
    const record = JSON.parse(await readFile(path.join(summary.out, 'run.json'), 'utf8'));
    expect(record.quality).toMatchObject({ passed: true, errors: 0, warnings: 3 });
    const html = await readFile(path.join(summary.out, 'report.html'), 'utf8');
    expect(html).toContain('2026-09-07 11:00 MSK');
  });
});
