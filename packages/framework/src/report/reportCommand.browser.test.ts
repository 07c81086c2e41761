/**
 * The report of a real backtest run folder: `moex-bot backtest` writes it, `moex-bot
 * report` writes it again and compares runs, and headless Chromium opens it from disk
 * with the network off and shows the statistics `run.json` holds.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/commands/cli.fixture.js';
import { RunRecordSchema } from '../results/RunRecordSchema.js';
import { openInChromium } from './openInChromium.fixture.js';
import { statisticsRows } from './statisticsRows.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../../../examples/sma-cross');
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../../../artifacts');

let runs: string;
beforeAll(async () => {
  runs = await mkdtemp(path.join(tmpdir(), 'moexbot-report-runs-'));
});
afterAll(async () => {
  await rm(runs, { recursive: true, force: true });
});

async function backtestRun(): Promise<string> {
  const result = await runCli(['backtest', 'moex-bot.yaml', '--json', '--out', runs], EXAMPLE);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout).out as string;
}

describe('moex-bot report', () => {
  it('the report of a backtest opens offline and shows the figures of run.json', async () => {
    const dir = await backtestRun();
    const record = RunRecordSchema.parse(
      JSON.parse(await readFile(path.join(dir, 'run.json'), 'utf8')),
    );
    const seen = await openInChromium(
      path.join(dir, 'report.html'),
      path.join(SCREENSHOTS, 'example-report.png'),
    );
    expect(seen.errors).toEqual([]);
    expect(seen.requests).toEqual([]);
    const instruments = Object.keys(record.candleIntervals);
    expect(Object.keys(seen.painted).sort()).toEqual(
      ['drawdown', 'equity', ...instruments.map((i) => `candles:${i}`)].sort(),
    );
    for (const [chart, pixels] of Object.entries(seen.painted)) {
      expect(pixels, `chart ${chart} is blank`).toBeGreaterThan(500);
    }
    for (const row of statisticsRows(record.summary)) {
      expect(seen.stats[row.key]?.text, row.key).toBe(row.text);
      if (typeof row.value === 'number') expect(Number(seen.stats[row.key]!.value)).toBe(row.value);
    }
  });

  it('writes the reports of runs again, and a page comparing them', async () => {
    const first = await backtestRun();
    const second = await backtestRun();
    const written = await readFile(path.join(second, 'report.html'), 'utf8');
    await rm(path.join(first, 'report.html'));
    const out = path.join(runs, 'both.html');
    const result = await runCli(
      ['report', path.basename(first), second, '--dir', runs, '--out', out],
      EXAMPLE,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      path.join(first, 'report.html'),
      path.join(second, 'report.html'),
      out,
    ]);
    expect((await stat(path.join(first, 'report.html'))).size).toBeGreaterThan(100_000);
    // Drawn from the folder's files, the report is the one the backtest drew from memory.
    expect(await readFile(path.join(second, 'report.html'), 'utf8')).toBe(written);
    const seen = await openInChromium(out);
    expect(seen.errors).toEqual([]);
    expect(seen.chartsDrawn).toBe(2);
  });

  it('names a run that does not exist', async () => {
    const result = await runCli(['report', '20200101-000000-abcdef', '--dir', runs], EXAMPLE);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/RUN_NOT_FOUND/);
    expect(result.stderr).toContain('20200101-000000-abcdef');
  });
});
