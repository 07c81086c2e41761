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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const bin = path.join(root, 'packages/framework/dist/cli/bin.js');
const RESULT_FILES = [
  'summary.json',
  'orders.jsonl',
  'fills.jsonl',
  'trades.jsonl',
  'equity.jsonl',
  'backtest.log',
];

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
    expect(path.resolve(summary.out)).toBe(path.resolve(out));
  });

  it('writes every result file, consistent with the summary', async () => {
    for (const file of RESULT_FILES) expect(existsSync(path.join(out, file)), file).toBe(true);
    const printed = JSON.parse(stdout);
    const written = JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8'));
    expect(written.bars).toBe(printed.bars);
    expect(written.summary.fills).toBe(printed.fills);
    const fills = (await readFile(path.join(out, 'fills.jsonl'), 'utf8')).trim().split('\n');
    expect(fills).toHaveLength(printed.fills);
    // Signal fills carry the strategy instance's name; host exits (stops) are not a strategy's.
    const traders = new Set(
      fills
        .map((line) => JSON.parse(line))
        .filter((fill) => fill.reason === 'signal')
        .map((fill) => fill.strategyId),
    );
    expect([...traders].sort()).toEqual(['sma-gazp', 'sma-lkoh', 'sma-sber']);
  });
});
