/**
 * A run folder written from a known result, read back by DuckDB and apache-arrow (as an
 * analyst would) and by `loadRun` (as a report does).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunFolder } from './createRunFolder.js';
import { duckdb } from './duckdb.fixture.js';
import { loadRun } from './loadRun.js';
import { RunRecordSchema } from './RunRecordSchema.js';
import {
  EQUITY,
  FILLS,
  ORDERS,
  SAMPLE_DATA,
  sampleCandles,
  sampleDescription,
  sampleResult,
  T0,
  TRADES,
  writeSampleRun,
} from './runResult.fixture.js';
import { type WrittenRun, writeRun } from './writeRun.js';

const MINUTE = 60_000;
const TIMESTAMP = 'TIMESTAMP WITH TIME ZONE';

describe('writeRun', () => {
  let root: string;
  let run: WrittenRun;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-write-run-'));
    run = await writeSampleRun(path.join(root, 'runs'), new Date('2026-11-24T10:15:00Z'), {
      quality: { passed: true, problems: [] },
    });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes run.json with the run, its data, period, statistics and files', async () => {
    const json = JSON.parse(await readFile(run.files.record, 'utf8'));
    expect(RunRecordSchema.parse(json)).toEqual(run.record);
    expect(json).toMatchObject({
      format: 1,
      name: 'sample',
      createdAt: '2026-11-24T10:15:00.000Z',
      engineVersion: '0.1.0',
      plugins: { 'strategy:sma-cross': '@moex-bot/strategy-sma-cross@0.1.0' },
      initialCash: 1_000_000,
      data: SAMPLE_DATA,
      quality: { passed: true, problems: [] },
      period: { from: '2026-09-01T07:00:00.000Z', to: '2026-09-01T07:03:00.000Z' },
      bars: 20,
      strategies: [
        { name: 'sma-sber', status: 'running' },
        { name: 'sma-gazp', status: 'failed', failure: 'onBar threw: boom' },
      ],
      candleIntervals: { GAZP: 5 * MINUTE, SBER: 5 * MINUTE },
      files: {
        trades: 'trades.parquet',
        orders: 'orders.parquet',
        fills: 'fills.parquet',
        equity: 'equity.parquet',
        equityArrow: 'equity.arrow',
        candles: 'candles.parquet',
        log: 'backtest.log',
      },
    });
    expect(json.runId).toMatch(/^20261124-101500-[0-9a-f]{6}$/);
    expect(path.basename(path.dirname(run.files.record))).toBe(json.runId);
    expect(json.summary).toEqual(JSON.parse(JSON.stringify(sampleResult().summary)));
    expect(json.summary.perInstrument).toEqual([
      { instrument: 'SBER', trades: 1, pnl: 18.97, commission: 6.03, winRate: 1 },
    ]);
  });

  it('writes trades.parquet with timestamps, int64 pieces and float64 money', async () => {
    const file = run.files.trades;
    const { rows, types } = await duckdb(
      `select *, epoch_ms(entryTime) as entry, epoch_ms(exitTime) as exit from read_parquet('${file}')`,
    );
    expect(types).toMatchObject({
      instrument: 'VARCHAR',
      strategyId: 'VARCHAR',
      direction: 'VARCHAR',
      entryTime: TIMESTAMP,
      exitTime: TIMESTAMP,
      maxQuantity: 'BIGINT',
      pnl: 'DOUBLE',
      commission: 'DOUBLE',
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      instrument: 'SBER',
      strategyId: 'sma-sber',
      direction: 'long',
      entry: BigInt(TRADES[0]!.entryTime),
      exit: BigInt(TRADES[0]!.exitTime),
      maxQuantity: 20n,
      pnl: 18.97,
      commission: 6.03,
    });
  });

  it('writes orders.parquet with every order, nulls where a field is absent', async () => {
    const { rows, types } = await duckdb(
      `select *, epoch_ms(createdAt) as created from read_parquet('${run.files.orders}') order by id`,
    );
    expect(types).toMatchObject({
      id: 'VARCHAR',
      side: 'VARCHAR',
      type: 'VARCHAR',
      lots: 'INTEGER',
      filledLots: 'INTEGER',
      limitPrice: 'DOUBLE',
      status: 'VARCHAR',
      createdAt: TIMESTAMP,
      updatedAt: TIMESTAMP,
      brokerOrderId: 'VARCHAR',
      rejectReason: 'VARCHAR',
    });
    expect(rows.map((r) => [r['id'], r['limitPrice'], r['brokerOrderId'], r['status']])).toEqual([
      ['o-1', null, null, 'filled'],
      ['o-2', 301.5, 'b-2', 'filled'],
      ['o-3', null, null, 'rejected'],
    ]);
    expect(rows[2]).toMatchObject({
      lots: 1,
      filledLots: 0,
      rejectReason: ORDERS[2]!.rejectReason,
      created: BigInt(T0 + 3 * MINUTE),
    });
  });

  it('writes fills.parquet', async () => {
    const { rows, types } = await duckdb(
      `select *, epoch_ms(time) as t from read_parquet('${run.files.fills}')`,
    );
    expect(types).toMatchObject({
      orderId: 'VARCHAR',
      lots: 'INTEGER',
      quantity: 'BIGINT',
      price: 'DOUBLE',
      commission: 'DOUBLE',
      time: TIMESTAMP,
      reason: 'VARCHAR',
    });
    expect(rows.map((r) => [r['orderId'], r['side'], r['price'], r['t'], r['reason']])).toEqual(
      FILLS.map((f) => [f.orderId, f.side, f.price, BigInt(f.time), f.reason]),
    );
  });

  it('writes the equity curve with its drawdown, as Parquet and as an Arrow IPC file', async () => {
    const drawdown = [0, 0, 50 / 1_000_030, (1_000_030 - 1_000_018.97) / 1_000_030];
    const { rows, types } = await duckdb(
      `select epoch_ms(time) as t, * from read_parquet('${run.files.equity}') order by time`,
    );
    expect(types).toMatchObject({ time: TIMESTAMP, equity: 'DOUBLE', drawdown: 'DOUBLE' });
    expect(rows.map((r) => [Number(r['t']), r['equity'], r['drawdown']])).toEqual(
      Array.from(EQUITY.times, (t, i) => [t, EQUITY.equity[i], drawdown[i]]),
    );

    const table = tableFromIPC(await readFile(run.files.equityArrow));
    expect(table.schema.fields.map((f) => `${f.name}: ${f.type}`)).toEqual([
      'time: Timestamp<MILLISECOND, UTC>',
      'equity: Float64',
      'drawdown: Float64',
    ]);
    expect(table.numRows).toBe(4);
    expect(Array.from(table.getChild('equity')!.toArray() as Float64Array)).toEqual(
      Array.from(EQUITY.equity),
    );
    expect(Array.from(table.getChild('drawdown')!.toArray() as Float64Array)).toEqual(drawdown);
    // Arrow hands millisecond timestamps back as numbers.
    expect(Number(table.getChild('time')!.get(3))).toBe(T0 + 3 * MINUTE);
  });

  it('writes display candles per instrument', async () => {
    const { rows, types } = await duckdb(
      `select instrument, epoch_ms(time) as t, open, high, low, close, volume, typeof(time) as tt
       from read_parquet('${run.files.candles}')`,
    );
    expect(types).toMatchObject({
      instrument: 'VARCHAR',
      open: 'DOUBLE',
      high: 'DOUBLE',
      low: 'DOUBLE',
      close: 'DOUBLE',
      volume: 'DOUBLE',
    });
    expect(rows[0]!['tt']).toBe(TIMESTAMP);
    // Ten minute bars in at most four candles: 5-minute candles, 10:00 and 10:05.
    expect(
      rows.map((r) => [
        r['instrument'],
        Number(r['t']),
        r['open'],
        r['high'],
        r['low'],
        r['close'],
        r['volume'],
      ]),
    ).toEqual([
      ['GAZP', T0, 160, 166, 159, 165, 510],
      ['GAZP', T0 + 5 * MINUTE, 165, 171, 164, 170, 535],
      ['SBER', T0, 300, 306, 299, 305, 510],
      ['SBER', T0 + 5 * MINUTE, 305, 311, 304, 310, 535],
    ]);
  });
});

describe('loadRun', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-load-run-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads back the record, trades, equity and candles as written', async () => {
    const written = await writeSampleRun(root, new Date('2026-11-24T10:15:00Z'));
    const loaded = await loadRun(path.dirname(written.files.record));
    expect(loaded.record).toEqual(written.record);
    expect(loaded.trades).toEqual(TRADES);
    expect(loaded.equity.times).toEqual(EQUITY.times);
    expect(loaded.equity.equity).toEqual(EQUITY.equity);
    expect(Array.from(loaded.equity.drawdown)).toEqual([
      0,
      0,
      50 / 1_000_030,
      (1_000_030 - 1_000_018.97) / 1_000_030,
    ]);
    expect(loaded.candles).toEqual(sampleCandles());
  });

  it('reads an empty run: no trades, no equity, no candles', async () => {
    const empty = {
      ...sampleResult(),
      orders: [],
      fills: [],
      trades: [],
      equity: { times: new Float64Array(0), equity: new Float64Array(0) },
      candles: [],
    };
    const written = await writeRun(await createRunFolder(root), empty, sampleDescription());
    const loaded = await loadRun(path.dirname(written.files.record));
    expect([loaded.trades, loaded.candles, loaded.equity.times.length]).toEqual([[], [], 0]);
  });

  it('says RUN_NOT_FOUND, naming the file, for a missing folder or a bad run.json', async () => {
    await expect(loadRun(path.join(root, 'nothing-here'))).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_RUN_NOT_FOUND',
      message: expect.stringMatching(/nothing-here\/run\.json is missing$/),
    });
    const written = await writeSampleRun(root, new Date());
    const record = written.files.record;
    const json = JSON.parse(await readFile(record, 'utf8'));
    await writeFile(record, JSON.stringify({ ...json, createdAt: 'yesterday', bars: -1 }));
    await expect(loadRun(path.dirname(record))).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_RUN_NOT_FOUND',
      message: expect.stringMatching(/run\.json is not a valid run record: createdAt: .*; bars: /),
    });
    const outside = { ...json, files: { ...json.files, trades: '../../secrets.parquet' } };
    await writeFile(record, JSON.stringify(outside));
    await expect(loadRun(path.dirname(record))).rejects.toThrow(
      /files\.trades: not a file name inside the run folder/,
    );
    await writeFile(record, '{ "runId": ');
    await expect(loadRun(path.dirname(record))).rejects.toThrow(/run\.json is not valid JSON/);
  });

  it('names a damaged table', async () => {
    const written = await writeSampleRun(root, new Date());
    const bytes = await readFile(written.files.equity);
    await writeFile(written.files.equity, bytes.subarray(0, bytes.length - 20));
    await expect(loadRun(path.dirname(written.files.record))).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_PARQUET_INVALID',
      message: expect.stringContaining('equity.parquet'),
    });
  });
});
