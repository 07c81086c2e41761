/**
 * Reads a run folder back: its record and the tables a report draws (trades, the
 * equity curve, the display candles), each checked against the schema it was written
 * with.
 * @module
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClosedTrade } from '../domain/positionBook.js';
import { MoexBotError } from '../errors.js';
import type { ReadColumns, TableSchema } from '../parquet/columns.js';
import { readParquetColumns } from '../parquet/openParquet.js';
import type { DisplayCandleSeries } from './DisplayCandles.js';
import type { RunRecord } from './RunRecordSchema.js';
import { readRunRecord } from './readRunRecord.js';
import { CANDLES_COLUMNS, EQUITY_COLUMNS, TRADES_COLUMNS } from './runTables.js';

/** A run read back from its folder. */
export interface LoadedRun {
  /** Absolute path of the run folder. */
  readonly dir: string;
  readonly record: RunRecord;
  readonly trades: ClosedTrade[];
  /** Parallel arrays: time (UTC ms), equity (RUB), drawdown (fraction below the peak). */
  readonly equity: {
    readonly times: Float64Array;
    readonly equity: Float64Array;
    readonly drawdown: Float64Array;
  };
  /** One series per instrument, in file order (sorted by instrument). */
  readonly candles: DisplayCandleSeries[];
}

/**
 * Loads `run.json` and the trades, equity and candles of a run folder. Throws
 * `RUN_NOT_FOUND` when the folder or its `run.json` is missing or invalid, and
 * `DATA_PARQUET_INVALID` naming the file when a table is unreadable or of another shape.
 * @example
 * const run = await loadRun('runs/20261124-101500-3fa9c1');
 * console.log(run.record.summary.sharpe, run.trades.length, run.candles[0]?.time.length);
 */
export async function loadRun(dir: string): Promise<LoadedRun> {
  const root = path.resolve(dir);
  const record = await readRunRecord(root);
  const read = (name: string, schema: TableSchema) => readTable(path.join(root, name), schema);
  const trades = await read(record.files.trades, TRADES_COLUMNS);
  const equity = await read(record.files.equity, EQUITY_COLUMNS);
  const candles = await read(record.files.candles, CANDLES_COLUMNS);
  return {
    dir: root,
    record,
    trades: toTrades(trades as ReadColumns<typeof TRADES_COLUMNS>),
    equity: toEquity(equity as ReadColumns<typeof EQUITY_COLUMNS>),
    candles: toCandles(candles as ReadColumns<typeof CANDLES_COLUMNS>, record.candleIntervals),
  };
}

/** Every row group of a file joined into one set of columns. */
async function readTable<S extends TableSchema>(file: string, schema: S): Promise<ReadColumns<S>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new MoexBotError('DATA_PARQUET_INVALID', `${file}: cannot be read (${reason})`, {
      cause: error,
    });
  }
  const groups: ReadColumns<S>[] = [];
  for await (const group of readParquetColumns(bytes, schema, { name: file })) groups.push(group);
  if (groups.length === 1) return groups[0]!;
  const rows = groups.reduce((sum, g) => sum + g.rows, 0);
  const columns: Record<string, unknown> = {};
  for (const { name } of schema) {
    const parts = groups.map((g) => (g.columns as Record<string, ArrayLike<unknown>>)[name]!);
    columns[name] = join(parts, rows);
  }
  // The tables read here have no nullable columns: there are no nulls to report.
  return {
    rows,
    columns: columns as ReadColumns<S>['columns'],
    nulls: {} as ReadColumns<S>['nulls'],
  };
}

function join(parts: ArrayLike<unknown>[], rows: number): unknown {
  const first = parts[0];
  if (first === undefined || Array.isArray(first)) return parts.flatMap((p) => Array.from(p));
  const Kind = (first as Float64Array).constructor as { new (n: number): Float64Array };
  const out = new Kind(rows);
  let at = 0;
  for (const part of parts) {
    out.set(part as Float64Array, at);
    at += part.length;
  }
  return out;
}

function toTrades({ rows, columns: c }: ReadColumns<typeof TRADES_COLUMNS>): ClosedTrade[] {
  return Array.from({ length: rows }, (_, i) => ({
    instrument: c.instrument[i]!,
    strategyId: c.strategyId[i]!,
    direction: c.direction[i] === 'short' ? 'short' : 'long',
    entryTime: c.entryTime[i]!,
    exitTime: c.exitTime[i]!,
    maxQuantity: Number(c.maxQuantity[i]!),
    pnl: c.pnl[i]!,
    commission: c.commission[i]!,
  }));
}

function toEquity({ columns: c }: ReadColumns<typeof EQUITY_COLUMNS>): LoadedRun['equity'] {
  return { times: c.time, equity: c.equity, drawdown: c.drawdown };
}

/** Rows are grouped by instrument as written; each group becomes a series. */
function toCandles(
  { rows, columns: c }: ReadColumns<typeof CANDLES_COLUMNS>,
  intervals: Readonly<Record<string, number>>,
): DisplayCandleSeries[] {
  const series: DisplayCandleSeries[] = [];
  let from = 0;
  for (let i = 1; i <= rows; i++) {
    if (i < rows && c.instrument[i] === c.instrument[from]) continue;
    const instrument = c.instrument[from]!;
    series.push({
      instrument,
      intervalMs: intervals[instrument] ?? 0,
      time: c.time.slice(from, i),
      open: c.open.slice(from, i),
      high: c.high.slice(from, i),
      low: c.low.slice(from, i),
      close: c.close.slice(from, i),
      volume: c.volume.slice(from, i),
    });
    from = i;
  }
  return series;
}
