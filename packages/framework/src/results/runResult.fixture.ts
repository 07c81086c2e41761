/**
 * A small, hand-made backtest result whose every value is known, and a helper that
 * writes it as a run folder: for tests of the run folder, its readers and `runs ls`.
 * @module
 */
import { computeStatistics } from '../backtest/statistics.js';
import type { Fill, Order } from '../domain/order.js';
import type { ClosedTrade } from '../domain/positionBook.js';
import { configHash } from './configHash.js';
import { createRunFolder } from './createRunFolder.js';
import { DisplayCandles } from './DisplayCandles.js';
import type { RunData } from './RunRecordSchema.js';
import { type RunDescription, type RunResult, type WrittenRun, writeRun } from './writeRun.js';

/** 2026-09-01 10:00 Moscow time. */
export const T0 = Date.UTC(2026, 8, 1, 7);
const MINUTE = 60_000;

export const ORDERS: Order[] = [
  {
    id: 'o-1',
    strategyId: 'sma-sber',
    instrument: 'SBER',
    side: 'buy',
    type: 'market',
    lots: 2,
    reason: 'signal',
    createdAt: T0,
    status: 'filled',
    filledLots: 2,
    updatedAt: T0 + MINUTE,
  },
  {
    id: 'o-2',
    strategyId: 'sma-sber',
    instrument: 'SBER',
    side: 'sell',
    type: 'limit',
    lots: 2,
    limitPrice: 301.5,
    reason: 'stop-loss',
    createdAt: T0 + 2 * MINUTE,
    status: 'filled',
    filledLots: 2,
    updatedAt: T0 + 3 * MINUTE,
    brokerOrderId: 'b-2',
  },
  {
    id: 'o-3',
    strategyId: 'sma-gazp',
    instrument: 'GAZP',
    side: 'buy',
    type: 'market',
    lots: 1,
    reason: 'signal',
    createdAt: T0 + 3 * MINUTE,
    status: 'rejected',
    filledLots: 0,
    updatedAt: T0 + 3 * MINUTE,
    rejectReason: 'EXPOSURE_EXCEEDS_GROSS_LIMIT: limit=1000 exposure=1600',
  },
];

export const FILLS: Fill[] = [
  {
    orderId: 'o-1',
    strategyId: 'sma-sber',
    instrument: 'SBER',
    side: 'buy',
    lots: 2,
    quantity: 20,
    price: 300.25,
    commission: 3.01,
    time: T0 + MINUTE,
    reason: 'signal',
  },
  {
    orderId: 'o-2',
    strategyId: 'sma-sber',
    instrument: 'SBER',
    side: 'sell',
    lots: 2,
    quantity: 20,
    price: 301.5,
    commission: 3.02,
    time: T0 + 3 * MINUTE,
    reason: 'stop-loss',
  },
];

export const TRADES: ClosedTrade[] = [
  {
    instrument: 'SBER',
    strategyId: 'sma-sber',
    direction: 'long',
    entryTime: T0 + MINUTE,
    exitTime: T0 + 3 * MINUTE,
    maxQuantity: 20,
    pnl: 18.97,
    commission: 6.03,
  },
];

/** Equity at four bar times: a peak of 1,000,030 then 999,980 (a 50 RUB drawdown). */
export const EQUITY = {
  times: new Float64Array([T0, T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE]),
  equity: new Float64Array([1_000_000, 1_000_030, 999_980, 1_000_018.97]),
};

/** Ten minute bars of SBER and GAZP. */
export function sampleCandles(maxCandles = 4) {
  const candles = new DisplayCandles(maxCandles);
  for (let i = 0; i < 10; i++) {
    for (const [instrument, price] of [
      ['SBER', 300],
      ['GAZP', 160],
    ] as const) {
      const open = price + i;
      candles.add({
        instrument,
        time: T0 + i * MINUTE,
        open,
        high: open + 2,
        low: open - 1,
        close: open + 1,
        volume: 100 + i,
      });
    }
  }
  return candles.series();
}

export function sampleResult(): RunResult {
  return {
    summary: computeStatistics({
      ...EQUITY,
      initialCash: 1_000_000,
      trades: TRADES,
      fills: FILLS.length,
      commission: 6.03,
      fillRecords: FILLS,
    }),
    orders: ORDERS,
    fills: FILLS,
    trades: TRADES,
    equity: EQUITY,
    candles: sampleCandles(),
    strategies: [
      { name: 'sma-sber', status: 'running' },
      { name: 'sma-gazp', status: 'failed', failure: 'onBar threw: boom' },
    ],
    bars: 20,
  };
}

/** As `backtestFromConfig` describes a run on the store. */
export const SAMPLE_DATA: RunData = {
  kind: 'store',
  store: 'folder data',
  datasets: [
    { dataset: 'tinvest/1m/SBER', instrument: 'SBER', version: 3, hash: 'ab12', pinned: true },
    { dataset: 'tinvest/1m/GAZP', instrument: 'GAZP', version: 2, hash: 'cd34', pinned: false },
  ],
};

export function sampleDescription(overrides: Partial<RunDescription> = {}): RunDescription {
  return {
    name: 'sample',
    configHash: configHash({ name: 'sample' }),
    engineVersion: '0.1.0',
    plugins: { 'strategy:sma-cross': '@moex-bot/strategy-sma-cross@0.1.0' },
    initialCash: 1_000_000,
    data: SAMPLE_DATA,
    ...overrides,
  };
}

/** Writes the sample result as a new run of `runsDir`, made at `now`. */
export async function writeSampleRun(
  runsDir: string,
  now: Date,
  overrides: Partial<RunDescription> = {},
): Promise<WrittenRun> {
  return writeRun(
    await createRunFolder(runsDir, now),
    sampleResult(),
    sampleDescription(overrides),
  );
}
