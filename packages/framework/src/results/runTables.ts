/**
 * The tables of a run folder: the column schema of each Parquet file, and the
 * conversion of a run's orders, fills, trades, equity and candles into columns.
 * Timestamps are UTC milliseconds, money float64 RUB, lots int32, pieces int64, and
 * ids, sides and reasons utf8.
 * @module
 */
import type { EquityCurve } from '../backtest/BacktestRecorder.js';
import { drawdownSeries } from '../backtest/statistics.js';
import { redactSecrets } from '../config/secrets.js';
import type { Fill, Order } from '../domain/order.js';
import type { ClosedTrade } from '../domain/positionBook.js';
import type { ColumnsFor, TableSchema } from '../parquet/columns.js';
import type { DisplayCandleSeries } from './DisplayCandles.js';

export const TRADES_COLUMNS = [
  { name: 'instrument', type: 'utf8' },
  { name: 'strategyId', type: 'utf8' },
  { name: 'direction', type: 'utf8', description: 'long or short' },
  { name: 'entryTime', type: 'timestamp' },
  { name: 'exitTime', type: 'timestamp' },
  { name: 'maxQuantity', type: 'int64', description: 'largest position held, pieces' },
  { name: 'pnl', type: 'float64', description: 'realised P&L net of commission, RUB' },
  { name: 'commission', type: 'float64', description: 'commission paid during the trade, RUB' },
] as const satisfies TableSchema;

export const ORDERS_COLUMNS = [
  { name: 'id', type: 'utf8' },
  { name: 'strategyId', type: 'utf8' },
  { name: 'instrument', type: 'utf8' },
  { name: 'side', type: 'utf8', description: 'buy or sell' },
  { name: 'type', type: 'utf8', description: 'market or limit' },
  { name: 'lots', type: 'int32' },
  { name: 'filledLots', type: 'int32' },
  { name: 'limitPrice', type: 'float64', nullable: true },
  {
    name: 'reason',
    type: 'utf8',
    description: 'signal, stop-loss, trailing-stop, flatten, manual',
  },
  { name: 'status', type: 'utf8', description: 'final state of the order' },
  { name: 'createdAt', type: 'timestamp' },
  { name: 'updatedAt', type: 'timestamp' },
  { name: 'brokerOrderId', type: 'utf8', nullable: true },
  { name: 'rejectReason', type: 'utf8', nullable: true },
] as const satisfies TableSchema;

export const FILLS_COLUMNS = [
  { name: 'orderId', type: 'utf8' },
  { name: 'strategyId', type: 'utf8' },
  { name: 'instrument', type: 'utf8' },
  { name: 'side', type: 'utf8', description: 'buy or sell' },
  { name: 'lots', type: 'int32' },
  { name: 'quantity', type: 'int64', description: 'pieces: lots × instrument lot' },
  { name: 'price', type: 'float64', description: 'price per piece' },
  { name: 'commission', type: 'float64', description: 'RUB, rounded to the kopeck' },
  { name: 'time', type: 'timestamp' },
  { name: 'reason', type: 'utf8' },
] as const satisfies TableSchema;

export const EQUITY_COLUMNS = [
  { name: 'time', type: 'timestamp' },
  {
    name: 'equity',
    type: 'float64',
    description: 'cash plus positions marked to the last price, RUB',
  },
  {
    name: 'drawdown',
    type: 'float64',
    description: 'fall below the running peak (seeded with the initial cash), as a fraction of it',
  },
] as const satisfies TableSchema;

export const CANDLES_COLUMNS = [
  { name: 'instrument', type: 'utf8' },
  { name: 'time', type: 'timestamp', description: 'candle start' },
  { name: 'open', type: 'float64' },
  { name: 'high', type: 'float64' },
  { name: 'low', type: 'float64' },
  { name: 'close', type: 'float64' },
  { name: 'volume', type: 'float64', description: 'lots traded' },
] as const satisfies TableSchema;

export function tradeColumns(trades: readonly ClosedTrade[]): ColumnsFor<typeof TRADES_COLUMNS> {
  return {
    instrument: trades.map((t) => t.instrument),
    strategyId: trades.map((t) => t.strategyId),
    direction: trades.map((t) => t.direction),
    entryTime: Float64Array.from(trades, (t) => t.entryTime),
    exitTime: Float64Array.from(trades, (t) => t.exitTime),
    maxQuantity: trades.map((t) => t.maxQuantity),
    pnl: Float64Array.from(trades, (t) => t.pnl),
    commission: Float64Array.from(trades, (t) => t.commission),
  };
}

export function orderColumns(orders: readonly Order[]): ColumnsFor<typeof ORDERS_COLUMNS> {
  return {
    id: orders.map((o) => o.id),
    strategyId: orders.map((o) => o.strategyId),
    instrument: orders.map((o) => o.instrument),
    side: orders.map((o) => o.side),
    type: orders.map((o) => o.type),
    lots: Int32Array.from(orders, (o) => o.lots),
    filledLots: Int32Array.from(orders, (o) => o.filledLots),
    limitPrice: orders.map((o) => o.limitPrice ?? null),
    reason: orders.map((o) => o.reason),
    status: orders.map((o) => o.status),
    createdAt: Float64Array.from(orders, (o) => o.createdAt),
    updatedAt: Float64Array.from(orders, (o) => o.updatedAt),
    brokerOrderId: orders.map((o) => o.brokerOrderId ?? null),
    // A venue's or a plugin's refusal may quote anything, a secret included.
    rejectReason: orders.map((o) =>
      o.rejectReason === undefined ? null : redactSecrets(o.rejectReason),
    ),
  };
}

export function fillColumns(fills: readonly Fill[]): ColumnsFor<typeof FILLS_COLUMNS> {
  return {
    orderId: fills.map((f) => f.orderId),
    strategyId: fills.map((f) => f.strategyId),
    instrument: fills.map((f) => f.instrument),
    side: fills.map((f) => f.side),
    lots: Int32Array.from(fills, (f) => f.lots),
    quantity: fills.map((f) => f.quantity),
    price: Float64Array.from(fills, (f) => f.price),
    commission: Float64Array.from(fills, (f) => f.commission),
    time: Float64Array.from(fills, (f) => f.time),
    reason: fills.map((f) => f.reason),
  };
}

/** The equity curve with its drawdown, measured as `computeStatistics` measures it. */
export function equityColumns(
  curve: EquityCurve,
  initialCash: number,
): ColumnsFor<typeof EQUITY_COLUMNS> {
  return {
    time: curve.times,
    equity: curve.equity,
    drawdown: drawdownSeries(curve.equity, initialCash),
  };
}

/** Every instrument's candles in one table, instrument by instrument, oldest first. */
export function candleColumns(
  series: readonly DisplayCandleSeries[],
): ColumnsFor<typeof CANDLES_COLUMNS> {
  const total = series.reduce((sum, s) => sum + s.time.length, 0);
  const instrument: string[] = [];
  const columns = {
    time: new Float64Array(total),
    open: new Float64Array(total),
    high: new Float64Array(total),
    low: new Float64Array(total),
    close: new Float64Array(total),
    volume: new Float64Array(total),
  };
  let offset = 0;
  for (const s of series) {
    for (const key of Object.keys(columns) as (keyof typeof columns)[])
      columns[key].set(s[key], offset);
    for (let i = 0; i < s.time.length; i++) instrument.push(s.instrument);
    offset += s.time.length;
  }
  return { instrument, ...columns };
}
