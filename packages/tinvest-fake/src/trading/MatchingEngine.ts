/**
 * Accepts orders and executes them against the candle tape. A market order executes at
 * the last price; a limit order when the last price reaches its limit (at the last price)
 * or when a candle that began after it was placed trades through it (at the limit). An
 * order executes at most once per instant and at most `maxLotsPerExecution` lots at a
 * time, so large orders fill in pieces over later ticks.
 * @module
 */
import { ExchangeApiError } from '../apiErrors.js';
import { commission } from '../decimal.js';
import type { Instrument } from '../instruments/Instrument.js';
import type { Candle } from '../market/candles.js';
import type { MarketData } from '../market/MarketData.js';
import { type Account, addCash, bookTrade, cashOf, piecesOf } from './Account.js';
import type { AccountRegistry } from './AccountRegistry.js';
import { checkLimitPrice, type OrderTicket } from './checkOrder.js';
import { type Execution, type Order, remainingLots } from './Order.js';
import type { OrderStore } from './OrderStore.js';

/** Per-order execution controls, set by faults. */
export interface OrderControls {
  /** Ticks to rest before the first execution. */
  readonly delayTicks?: number;
  /** Lots per execution for this order. */
  readonly maxLotsPerExecution?: number;
  /** Accept the order, then reject it with this text in `message`. */
  readonly rejectMessage?: string;
}

/** What the engine needs from the exchange. */
export interface MatchingDeps {
  readonly market: MarketData;
  readonly orders: OrderStore;
  readonly accounts: AccountRegistry;
  /** Default lots per execution (`Infinity` fills whole). */
  readonly maxLotsPerExecution: () => number;
  readonly onExecution: (order: Order, execution: Execution) => void;
}

/** Order entry and execution. */
export class MatchingEngine {
  constructor(private readonly deps: MatchingDeps) {}

  /** Money in nanos held back for the account's open buy orders in `currency`. */
  blockedMoney(account: Account, currency: string, now: number): bigint {
    let blocked = 0n;
    for (const order of this.deps.orders.open(account.id)) {
      if (order.side !== 'buy' || order.instrument.currency !== currency) continue;
      const price = order.limitPrice ?? this.lastPrice(order.instrument, now) ?? order.initialPrice;
      blocked += this.reservation(order, remainingLots(order), price);
    }
    return blocked;
  }

  /** Pieces held back for the account's open sell orders of an instrument. */
  blockedPieces(account: Account, uid: string): number {
    return this.deps.orders
      .open(account.id)
      .filter((order) => order.side === 'sell' && order.instrument.uid === uid)
      .reduce((sum, order) => sum + remainingLots(order) * order.instrument.lot, 0);
  }

  /**
   * Accepts an order after the price and funds checks (30078, 30099, 30079 without a
   * price, 30042 — or 30034 on sandbox accounts — without money or pieces) and executes
   * what it can at once.
   */
  place(
    account: Account,
    instrument: Instrument,
    ticket: OrderTicket,
    now: number,
    controls: OrderControls = {},
  ): Order {
    const last = this.lastPrice(instrument, now);
    if (ticket.kind === 'market' && last === undefined) throw new ExchangeApiError(30079);
    if (ticket.price !== undefined) checkLimitPrice(instrument, ticket.price, last ?? ticket.price);
    const initialPrice = ticket.price ?? last!;
    const order: Order = {
      id: this.deps.orders.newOrderId(),
      requestId: ticket.requestId,
      accountId: account.id,
      instrument,
      side: ticket.side,
      kind: ticket.kind,
      apiType: ticket.apiType,
      lotsRequested: ticket.lots,
      limitPrice: ticket.price,
      initialPrice,
      createdAt: now,
      commissionPercent: account.commissionPercent,
      status: 'new',
      message: '',
      lotsExecuted: 0,
      executedAmount: 0n,
      commission: 0n,
      executions: [],
      maxLotsPerExecution: controls.maxLotsPerExecution ?? this.deps.maxLotsPerExecution(),
      delayTicks: controls.delayTicks ?? 0,
      lastExecutionAt: undefined,
    };
    if (controls.rejectMessage !== undefined) {
      order.status = 'rejected';
      order.message = controls.rejectMessage;
      this.deps.orders.add(order);
      return order;
    }
    this.checkFunds(account, order, now);
    this.deps.orders.add(order);
    if (order.delayTicks === 0) this.tryExecute(order, now, undefined);
    return order;
  }

  /** Cancels an open order; 30059 once it is filled, cancelled or rejected. */
  cancel(order: Order): void {
    if (order.status !== 'new' && order.status !== 'partially-filled') {
      throw new ExchangeApiError(30059, `order is ${order.status}`);
    }
    order.status = 'cancelled';
  }

  /**
   * One tick of the market at `now`: every open order gets one chance to execute.
   * `completedAt(uid)` is the candle of an instrument that completed at `now`, if any.
   */
  tick(now: number, completedAt: (uid: string) => Candle | undefined): void {
    for (const order of this.deps.orders.open()) {
      if (order.lastExecutionAt === now) continue;
      if (order.delayTicks > 0) {
        order.delayTicks -= 1;
        continue;
      }
      this.tryExecute(order, now, completedAt(order.instrument.uid));
    }
  }

  private lastPrice(instrument: Instrument, now: number): bigint | undefined {
    return this.deps.market.lastTrade(instrument.uid, now)?.price;
  }

  private reservation(order: Order, lots: number, price: bigint): bigint {
    const amount = price * BigInt(lots * order.instrument.lot);
    return amount + commission(amount, order.commissionPercent);
  }

  private checkFunds(account: Account, order: Order, now: number): void {
    const { instrument } = order;
    if (order.side === 'buy') {
      const currency = instrument.currency;
      const free = cashOf(account, currency) - this.blockedMoney(account, currency, now);
      if (this.reservation(order, order.lotsRequested, order.initialPrice) > free) {
        throw new ExchangeApiError(account.sandbox ? 30034 : 30042);
      }
    } else if (!instrument.shortEnabledFlag) {
      const free = piecesOf(account, instrument.uid) - this.blockedPieces(account, instrument.uid);
      if (order.lotsRequested * instrument.lot > free) throw new ExchangeApiError(30042);
    }
  }

  /** The price an order executes at now, if it executes. */
  private fillPrice(order: Order, now: number, completed: Candle | undefined): bigint | undefined {
    const last = this.lastPrice(order.instrument, now);
    if (order.kind === 'market') return last;
    const limit = order.limitPrice!;
    const buy = order.side === 'buy';
    // A candle that traded through the limit while the order rested fills it at the limit;
    // one that began before the order existed says nothing about prices after placement.
    if (completed && completed.openAt >= order.createdAt) {
      if (buy ? completed.low <= limit : completed.high >= limit) return limit;
    }
    if (last !== undefined && (buy ? last <= limit : last >= limit)) return last;
    return undefined;
  }

  private tryExecute(order: Order, now: number, completed: Candle | undefined): void {
    const price = this.fillPrice(order, now, completed);
    if (price !== undefined) this.execute(order, price, now);
  }

  private execute(order: Order, price: bigint, now: number): void {
    const { instrument } = order;
    const lots = Math.min(remainingLots(order), order.maxLotsPerExecution);
    const pieces = lots * instrument.lot;
    const amount = price * BigInt(pieces);
    const fee = commission(amount, order.commissionPercent);
    const account = this.deps.accounts.get(order.accountId);
    const buy = order.side === 'buy';
    addCash(account, instrument.currency, buy ? -(amount + fee) : amount - fee);
    bookTrade(account, instrument.uid, buy ? pieces : -pieces, price);
    const execution: Execution = {
      tradeId: this.deps.orders.newTradeId(),
      time: now,
      price,
      lots,
      pieces,
      commission: fee,
    };
    order.executions.push(execution);
    order.lotsExecuted += lots;
    order.executedAmount += amount;
    order.commission += fee;
    order.lastExecutionAt = now;
    order.status = remainingLots(order) === 0 ? 'filled' : 'partially-filled';
    this.deps.onExecution(order, execution);
  }
}
