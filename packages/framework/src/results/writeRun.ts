/**
 * Writes a backtest's run folder: the tables as Parquet (and the equity curve also as
 * an Arrow IPC file), then `run.json`, last, so that a folder with a `run.json` is a
 * complete run.
 * @module
 */
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BacktestResult } from '../backtest/runBacktest.js';
import { redactSecrets } from '../config/secrets.js';
import { encodeArrowFile } from '../parquet/arrowFile.js';
import type { ColumnsFor, TableSchema } from '../parquet/columns.js';
import { encodeParquet } from '../parquet/encodeParquet.js';
import type { RunFolder } from './createRunFolder.js';
import {
  RUN_FORMAT,
  type RunData,
  type RunFiles,
  type RunRecord,
  RunRecordSchema,
} from './RunRecordSchema.js';
import { RUN_RECORD_FILE } from './readRunRecord.js';
import {
  CANDLES_COLUMNS,
  candleColumns,
  EQUITY_COLUMNS,
  equityColumns,
  FILLS_COLUMNS,
  fillColumns,
  ORDERS_COLUMNS,
  orderColumns,
  TRADES_COLUMNS,
  tradeColumns,
} from './runTables.js';

/** The files of every run folder, by role. */
export const RUN_FILES: RunFiles = {
  trades: 'trades.parquet',
  orders: 'orders.parquet',
  fills: 'fills.parquet',
  equity: 'equity.parquet',
  equityArrow: 'equity.arrow',
  candles: 'candles.parquet',
  log: 'backtest.log',
};

/** The parts of a backtest's result a run folder holds. */
export type RunResult = Pick<
  BacktestResult,
  'summary' | 'orders' | 'fills' | 'trades' | 'equity' | 'candles' | 'strategies' | 'bars'
>;

/** What `run.json` records besides the result itself. */
export interface RunDescription {
  /** The config's `name`. */
  readonly name: string;
  /** See `configHash`. */
  readonly configHash: string;
  readonly engineVersion: string;
  /** `kind:id` → `package@version`. */
  readonly plugins: Readonly<Record<string, string>>;
  readonly initialCash: number;
  /** What the run read. */
  readonly data: RunData;
  /** The data-quality report, when the caller ran the checks. */
  readonly quality?: unknown;
}

/** A run folder written: its record and the absolute path of every file. */
export interface WrittenRun {
  readonly record: RunRecord;
  readonly files: Readonly<Record<keyof RunFiles | 'record', string>>;
}

/**
 * Writes the result files and `run.json` into a folder made by `createRunFolder`
 * (`backtest.log` is the logger's, written during the run).
 * @example
 * const folder = await createRunFolder(path.resolve(configDir, config.backtest.out));
 * const result = await backtestFromConfig(config, configDir, { logger });
 * const { record } = await writeRun(folder, result, {
 *   name: config.name, configHash: configHash(config), engineVersion: frameworkVersion,
 *   plugins: result.plugins, initialCash: config.backtest.initialCash,
 *   data: await describeCsvData(config.data.bars, configDir),
 * });
 */
export async function writeRun(
  folder: RunFolder,
  result: RunResult,
  run: RunDescription,
): Promise<WrittenRun> {
  const file = (name: string) => path.join(folder.dir, name);
  const metadata = { 'moex-bot.runId': folder.runId };
  const parquet = async <S extends TableSchema>(name: string, schema: S, columns: ColumnsFor<S>) =>
    writeFile(file(name), await encodeParquet(schema, columns, { name: file(name), metadata }));

  const equity = equityColumns(result.equity, run.initialCash);
  await parquet(RUN_FILES.trades, TRADES_COLUMNS, tradeColumns(result.trades));
  await parquet(RUN_FILES.orders, ORDERS_COLUMNS, orderColumns(result.orders));
  await parquet(RUN_FILES.fills, FILLS_COLUMNS, fillColumns(result.fills));
  await parquet(RUN_FILES.equity, EQUITY_COLUMNS, equity);
  await writeFile(
    file(RUN_FILES.equityArrow),
    await encodeArrowFile(EQUITY_COLUMNS, equity, { name: file(RUN_FILES.equityArrow), metadata }),
  );
  await parquet(RUN_FILES.candles, CANDLES_COLUMNS, candleColumns(result.candles));

  const record = runRecord(folder, result, run);
  // Written aside and renamed: a reader sees no run.json or a whole one.
  const target = file(RUN_RECORD_FILE);
  await writeFile(`${target}.partial`, `${redactSecrets(JSON.stringify(record, null, 2))}\n`);
  await rename(`${target}.partial`, target);
  const files = Object.fromEntries(
    Object.entries(RUN_FILES).map(([role, name]) => [role, file(name)]),
  ) as Record<keyof RunFiles, string>;
  return { record, files: { ...files, record: target } };
}

/** The record, checked against the schema its readers use, so it always reads back. */
function runRecord(folder: RunFolder, result: RunResult, run: RunDescription): RunRecord {
  const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());
  return RunRecordSchema.parse({
    format: RUN_FORMAT,
    runId: folder.runId,
    name: run.name,
    createdAt: folder.createdAt.toISOString(),
    configHash: run.configHash,
    engineVersion: run.engineVersion,
    plugins: run.plugins,
    initialCash: run.initialCash,
    data: run.data,
    ...(run.quality === undefined ? {} : { quality: run.quality }),
    period: { from: iso(result.summary.start), to: iso(result.summary.end) },
    bars: result.bars,
    summary: result.summary,
    strategies: result.strategies.map(({ name, status, failure }) => ({
      name,
      status,
      ...(failure === undefined ? {} : { failure }),
    })),
    candleIntervals: Object.fromEntries(result.candles.map((c) => [c.instrument, c.intervalMs])),
    files: RUN_FILES,
  } satisfies RunRecord);
}
