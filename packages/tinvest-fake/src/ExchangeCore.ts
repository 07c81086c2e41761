/**
 * The state and the clock of the fake exchange, shared by the gRPC services and the
 * public `FakeExchange` facade. Time moves only through `advanceTo`, which walks every
 * candle boundary in between in order: it streams completed and opening candles, moves
 * last prices and gives resting orders a tick at each boundary and at the target time.
 * @module
 */
import { SecurityTradingStatus } from 'tinkoff-invest-api/cjs/generated/common.js';
import type { PostOrderRequest } from 'tinkoff-invest-api/cjs/generated/orders.js';
import { ExchangeApiError } from './apiErrors.js';
import { FaultInjector, type OrderFault } from './control/FaultInjector.js';
import { RateLimiter, type RateLimitOptions } from './control/RateLimiter.js';
import { RequestLog } from './control/RequestLog.js';
import { ExchangeEvents } from './events.js';
import type { Instrument } from './instruments/Instrument.js';
import { InstrumentBook } from './instruments/InstrumentBook.js';
import { candleAt } from './market/candles.js';
import { MarketData } from './market/MarketData.js';
import {
  type SessionVerdict,
  sessionVerdict,
  type TradingScheduleSpec,
} from './market/schedule.js';
import { AccountRegistry, type TokenGrant } from './trading/AccountRegistry.js';
import { checkTradable, readTicket } from './trading/checkOrder.js';
import { MatchingEngine, type OrderControls } from './trading/MatchingEngine.js';
import type { Order } from './trading/Order.js';
import { OrderStore } from './trading/OrderStore.js';

/** Settings of the core, resolved from `FakeExchangeOptions`. */
export interface CoreSettings {
  schedule: TradingScheduleSpec;
  /** Nanos of a percent. */
  commissionPercent: bigint;
  sandboxCommissionPercent: bigint;
  maxLotsPerExecution: number;
  partialCandles: boolean;
  duplicateOrders: 'return-existing' | 'reject';
}

const NORMAL = SecurityTradingStatus.SECURITY_TRADING_STATUS_NORMAL_TRADING;

function controlsOf(fault: OrderFault | undefined): OrderControls {
  switch (fault?.kind) {
    case 'delay-fill':
      return { delayTicks: fault.ticks };
    case 'partial-fill':
      return { maxLotsPerExecution: fault.lotsPerExecution };
    case 'reject-order':
      return { rejectMessage: fault.message ?? 'Order rejected by the exchange' };
    default:
      return {};
  }
}

/** Everything the exchange knows, and its clock. */
export class ExchangeCore {
  readonly instruments = new InstrumentBook();
  readonly market = new MarketData();
  readonly orders = new OrderStore();
  readonly events = new ExchangeEvents();
  readonly faults = new FaultInjector();
  readonly requestLog = new RequestLog();
  readonly accounts: AccountRegistry;
  readonly engine: MatchingEngine;
  readonly rateLimiter: RateLimiter;
  private clock: number;
  private lastTickAt: number | undefined;
  private readonly watched = new Map<string, { uid: string; intervalMs: number; count: number }>();

  constructor(
    readonly settings: CoreSettings,
    start: number,
    rateLimits: RateLimitOptions,
  ) {
    this.clock = start;
    this.accounts = new AccountRegistry(this.instruments, () => this.settings.commissionPercent);
    this.rateLimiter = new RateLimiter(rateLimits, () => this.clock);
    this.engine = new MatchingEngine({
      market: this.market,
      orders: this.orders,
      accounts: this.accounts,
      maxLotsPerExecution: () => this.settings.maxLotsPerExecution,
      onExecution: (order, execution) => this.events.execution.emit({ order, execution }),
    });
  }

  /** The exchange time, UTC ms. */
  get now(): number {
    return this.clock;
  }

  /** Whether an instrument's session is open at `time`. */
  sessionVerdict(instrument: Instrument, time = this.clock): SessionVerdict {
    return sessionVerdict(
      instrument.schedule ?? this.settings.schedule,
      time,
      instrument.weekendFlag,
    );
  }

  /** The trading status an instrument shows: its own, or not available outside sessions. */
  effectiveStatus(instrument: Instrument, time = this.clock): SecurityTradingStatus {
    if (instrument.tradingStatus !== NORMAL) return instrument.tradingStatus;
    return this.sessionVerdict(instrument, time) === 'open'
      ? NORMAL
      : SecurityTradingStatus.SECURITY_TRADING_STATUS_NOT_AVAILABLE_FOR_TRADING;
  }

  /** Makes `advanceTo` stream candles of a series; returns the function that stops it. */
  watchCandles(uid: string, intervalMs: number): () => void {
    const key = `${uid}|${intervalMs}`;
    const entry = this.watched.get(key) ?? { uid, intervalMs, count: 0 };
    entry.count += 1;
    this.watched.set(key, entry);
    return () => {
      entry.count -= 1;
      if (entry.count === 0) this.watched.delete(key);
    };
  }

  /** How many stream subscriptions watch a series. */
  watchers(uid: string, intervalMs: number): number {
    return this.watched.get(`${uid}|${intervalMs}`)?.count ?? 0;
  }

  /** The next candle boundary after `time` of any instrument or watched series. */
  nextEventAfter(time: number): number | undefined {
    let next: number | undefined;
    const consider = (candidate: number | undefined) => {
      if (candidate !== undefined && (next === undefined || candidate < next)) next = candidate;
    };
    for (const uid of this.market.instruments())
      consider(this.market.base(uid)?.nextBoundaryAfter(time));
    for (const { uid, intervalMs } of this.watched.values()) {
      consider(this.market.series(uid, intervalMs)?.nextBoundaryAfter(time));
    }
    return next;
  }

  /** The end of the loaded candles. */
  dataEnd(): number | undefined {
    const ends = this.market
      .instruments()
      .map((uid) => this.market.base(uid)?.candles.at(-1)?.endAt)
      .filter((end): end is number => end !== undefined);
    return ends.length > 0 ? Math.max(...ends) : undefined;
  }

  /** Moves the clock forward to `target`, processing every boundary on the way. */
  advanceTo(target: number): void {
    if (!(target >= this.clock)) {
      throw new RangeError(
        `the exchange clock only moves forward (now ${this.clock}, asked ${target})`,
      );
    }
    for (let event = this.nextEventAfter(this.clock); event !== undefined && event <= target; ) {
      this.processBoundary(event);
      event = this.nextEventAfter(event);
    }
    this.clock = target;
    if (this.lastTickAt !== target) this.tick(target);
  }

  /**
   * `PostOrder` and `PostSandboxOrder`: shape checks, the account (read-only tokens get
   * 40002), idempotency on (account, key), tradability, then the matching engine.
   */
  postOrder(
    grant: TokenGrant,
    request: PostOrderRequest,
    sandbox: boolean,
    fault?: OrderFault,
  ): Order {
    const ticket = readTicket(request);
    const account = this.accounts.forCall(grant, ticket.accountId, { trade: true, sandbox });
    const existing = this.orders.byRequestKey(account.id, ticket.requestId);
    if (existing) {
      if (this.settings.duplicateOrders === 'reject') throw new ExchangeApiError(30057);
      return existing;
    }
    const instrument = this.instruments.require(ticket.instrumentId);
    checkTradable(
      instrument,
      ticket.side,
      this.effectiveStatus(instrument),
      this.sessionVerdict(instrument),
    );
    return this.engine.place(account, instrument, ticket, this.clock, controlsOf(fault));
  }

  private processBoundary(time: number): void {
    this.clock = time;
    const watched = [...this.watched.values()];
    for (const { uid, intervalMs } of watched) {
      const candle = this.market.series(uid, intervalMs)?.endingAt(time);
      if (candle) this.events.candle.emit({ uid, intervalMs, candle, complete: true });
    }
    const priced = this.market.instruments().filter((uid) => {
      const base = this.market.base(uid);
      return base?.openingAt(time) !== undefined || base?.endingAt(time) !== undefined;
    });
    if (priced.length > 0) this.tick(time);
    if (this.settings.partialCandles) {
      for (const { uid, intervalMs } of watched) {
        const opening = this.market.series(uid, intervalMs)?.openingAt(time);
        const forming = opening && candleAt(opening, time);
        if (forming) this.events.candle.emit({ uid, intervalMs, ...forming });
      }
    }
    for (const uid of priced) {
      const last = this.market.lastTrade(uid, time);
      if (last) this.events.lastPrice.emit({ uid, ...last });
    }
  }

  private tick(time: number): void {
    this.lastTickAt = time;
    this.engine.tick(time, (uid) => this.market.base(uid)?.endingAt(time));
  }
}
