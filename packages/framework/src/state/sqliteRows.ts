/**
 * Rows of the SQLite state schema and their mapping to and from store records.
 * Optional fields are stored as NULL and read back as absent, never as `undefined`
 * keys, so a record reads back deep-equal to what was written.
 * @module
 */
import type { TradingStateName } from '../contracts/services.js';
import type { Fill, OrderReason, OrderStatus, OrderType, Side } from '../domain/order.js';
import type { OpenLotSnapshot, PositionSnapshot, TradeSnapshot } from './AccountSnapshot.js';
import {
  jsonFromText,
  nanosFromText,
  nanosToText,
  numberFromText,
  numberToText,
  optionalNumberFromText,
  optionalNumberToText,
} from './codec.js';
import type { FillRecord, OrderRecord, TradingHold } from './StateStore.js';

export interface OrderRow {
  id: string;
  strategy_id: string;
  instrument: string;
  side: Side;
  type: OrderType;
  lots: number;
  limit_price: string | null;
  reason: OrderReason;
  created_at: number;
  status: OrderStatus;
  filled_lots: number;
  updated_at: number;
  broker_order_id: string | null;
  reject_reason: string | null;
}

export function orderToRow(order: OrderRecord): OrderRow {
  return {
    id: order.id,
    strategy_id: order.strategyId,
    instrument: order.instrument,
    side: order.side,
    type: order.type,
    lots: order.lots,
    limit_price:
      order.limitPrice === undefined
        ? null
        : numberToText(order.limitPrice, `order ${order.id} limitPrice`),
    reason: order.reason,
    created_at: order.createdAt,
    status: order.status,
    filled_lots: order.filledLots,
    updated_at: order.updatedAt,
    broker_order_id: order.brokerOrderId ?? null,
    reject_reason: order.rejectReason ?? null,
  };
}

export function orderFromRow(row: OrderRow): OrderRecord {
  return {
    id: row.id,
    strategyId: row.strategy_id,
    instrument: row.instrument,
    side: row.side,
    type: row.type,
    lots: row.lots,
    ...(row.limit_price === null ? {} : { limitPrice: numberFromText(row.limit_price) }),
    reason: row.reason,
    createdAt: row.created_at,
    status: row.status,
    filledLots: row.filled_lots,
    updatedAt: row.updated_at,
    ...(row.broker_order_id === null ? {} : { brokerOrderId: row.broker_order_id }),
    ...(row.reject_reason === null ? {} : { rejectReason: row.reject_reason }),
  };
}

export interface FillRow {
  execution_id: string;
  order_id: string;
  strategy_id: string;
  instrument: string;
  side: Side;
  lots: number;
  quantity: number;
  price: string;
  commission: string;
  time: number;
  reason: OrderReason;
}

export function fillToRow(executionId: string, fill: Fill): FillRow {
  const what = `fill ${executionId}`;
  return {
    execution_id: executionId,
    order_id: fill.orderId,
    strategy_id: fill.strategyId,
    instrument: fill.instrument,
    side: fill.side,
    lots: fill.lots,
    quantity: fill.quantity,
    price: numberToText(fill.price, `${what} price`),
    commission: numberToText(fill.commission, `${what} commission`),
    time: fill.time,
    reason: fill.reason,
  };
}

export function fillFromRow(row: FillRow): FillRecord {
  return {
    executionId: row.execution_id,
    orderId: row.order_id,
    strategyId: row.strategy_id,
    instrument: row.instrument,
    side: row.side,
    lots: row.lots,
    quantity: row.quantity,
    price: numberFromText(row.price),
    commission: numberFromText(row.commission),
    time: row.time,
    reason: row.reason,
  };
}

export interface PositionRow {
  instrument: string;
  quantity: number;
  open_lots: string;
  cost: string;
  realized: string;
  commission: string;
  last_price: string | null;
  trade: string | null;
}

/** Open lots and the trade are JSON with decimal-text money: JSON has no bigint. */
interface StoredTrade {
  strategyId: string;
  direction: 'long' | 'short';
  entryTime: number;
  maxQuantity: number;
  realized: string;
  commission: string;
}

export function positionToRow(position: PositionSnapshot): PositionRow {
  const { trade } = position;
  const storedTrade: StoredTrade | undefined = trade && {
    strategyId: trade.strategyId,
    direction: trade.direction,
    entryTime: trade.entryTime,
    maxQuantity: trade.maxQuantity,
    realized: nanosToText(trade.realizedNanos),
    commission: nanosToText(trade.commissionNanos),
  };
  return {
    instrument: position.instrument,
    quantity: position.quantity,
    open_lots: JSON.stringify(
      position.openLots.map((lot) => ({
        quantity: lot.quantity,
        price: nanosToText(lot.priceNanos),
      })),
    ),
    cost: nanosToText(position.costNanos),
    realized: nanosToText(position.realizedNanos),
    commission: nanosToText(position.commissionNanos),
    last_price: optionalNumberToText(position.lastPrice, `${position.instrument} lastPrice`),
    trade: storedTrade ? JSON.stringify(storedTrade) : null,
  };
}

export function positionFromRow(row: PositionRow): PositionSnapshot {
  const lots = jsonFromText(row.open_lots) as Array<{ quantity: number; price: string }>;
  const openLots: OpenLotSnapshot[] = lots.map((lot) => ({
    quantity: lot.quantity,
    priceNanos: nanosFromText(lot.price),
  }));
  let trade: TradeSnapshot | undefined;
  if (row.trade !== null) {
    const stored = jsonFromText(row.trade) as unknown as StoredTrade;
    trade = {
      strategyId: stored.strategyId,
      direction: stored.direction,
      entryTime: stored.entryTime,
      maxQuantity: stored.maxQuantity,
      realizedNanos: nanosFromText(stored.realized),
      commissionNanos: nanosFromText(stored.commission),
    };
  }
  return {
    instrument: row.instrument,
    quantity: row.quantity,
    openLots,
    costNanos: nanosFromText(row.cost),
    realizedNanos: nanosFromText(row.realized),
    commissionNanos: nanosFromText(row.commission),
    lastPrice: optionalNumberFromText(row.last_price),
    ...(trade === undefined ? {} : { trade }),
  };
}

export interface AccountRow {
  cash: string;
  initial_cash: string;
  time: number;
}

export interface TradingStateRow {
  state: TradingStateName;
  reason: string;
  holds: string;
  time: number;
}

export function holdsFromText(text: string): TradingHold[] {
  return (jsonFromText(text) as Array<{ reason: string; state: TradingStateName }>).map(
    ({ reason, state }) => ({ reason, state }),
  );
}

export interface RiskCountersRow {
  moscow_day: string;
  day_start_equity: string;
  daily_loss_tripped: 0 | 1;
  equity_peak: string;
  time: number;
}

export interface JournalRow {
  seq: number;
  time: number;
  type: string;
  data: string;
}
