/**
 * Writes a backtest's results to its output folder as JSON lines (one record a
 * line, readable by any tool) plus `summary.json`.
 * @module
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { redactSecrets } from '../config/secrets.js';
import { MoexBotError } from '../errors.js';
import type { BacktestResult } from './runBacktest.js';

/** Names of the files written, relative to the output folder. */
export const RESULT_FILES = {
  summary: 'summary.json',
  orders: 'orders.jsonl',
  fills: 'fills.jsonl',
  trades: 'trades.jsonl',
  equity: 'equity.jsonl',
} as const;

/** What `summary.json` holds besides the statistics. */
export interface RunDescription {
  readonly name: string;
  readonly engineVersion: string;
  readonly plugins: Readonly<Record<string, string>>;
}

/**
 * Creates the results folder, or says in one coded line why it cannot: checked before
 * a run starts, so a bad `--out` costs nothing.
 */
export async function prepareOutDir(outDir: string): Promise<void> {
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new MoexBotError(
      'CLI_OUTPUT_UNWRITABLE',
      `cannot create the results folder ${outDir} (${reason})`,
      {
        cause: error,
      },
    );
  }
}

/** Writes every result file; returns their absolute paths. */
export async function writeResults(
  outDir: string,
  result: BacktestResult,
  run: RunDescription,
): Promise<Record<keyof typeof RESULT_FILES, string>> {
  await prepareOutDir(outDir);
  const files = Object.fromEntries(
    Object.entries(RESULT_FILES).map(([key, name]) => [key, path.join(outDir, name)]),
  ) as Record<keyof typeof RESULT_FILES, string>;
  const iso = (time: number) => new Date(time).toISOString();
  await writeLines(files.orders, result.orders, (o) => ({
    ...o,
    createdAt: iso(o.createdAt),
    updatedAt: iso(o.updatedAt),
  }));
  await writeLines(files.fills, result.fills, (f) => ({ ...f, time: iso(f.time) }));
  await writeLines(files.trades, result.trades, (t) => ({
    ...t,
    entryTime: iso(t.entryTime),
    exitTime: iso(t.exitTime),
  }));
  const { times, equity } = result.equity;
  await writeLines(
    files.equity,
    Array.from(times, (time, i) => ({ time: iso(time), equity: equity[i] })),
    (r) => r,
  );
  const summary = {
    name: run.name,
    engineVersion: run.engineVersion,
    plugins: run.plugins,
    bars: result.bars,
    summary: result.summary,
    strategies: result.strategies,
  };
  await writeFile(files.summary, `${redactSecrets(JSON.stringify(summary, null, 2))}\n`);
  return files;
}

async function writeLines<T>(
  file: string,
  rows: Iterable<T>,
  map: (row: T) => unknown,
): Promise<void> {
  const stream = createWriteStream(file);
  for (const row of rows) {
    if (!stream.write(`${JSON.stringify(map(row))}\n`)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
}
