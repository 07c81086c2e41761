/**
 * `FakeExchange`: the control surface tests and the paper-trading runner use — load
 * instruments and candles, open accounts, register tokens, move the clock, inject faults
 * and read back what happened. The gRPC server (`startFakeExchange`) serves it.
 * @module
 */
import type { SecurityTradingStatus } from 'tinkoff-invest-api/cjs/generated/common.js';
import type { FaultInjector } from './control/FaultInjector.js';
import type { RateLimiter, RateLimitOptions } from './control/RateLimiter.js';
import type { RequestLogEntry } from './control/RequestLog.js';
import { type ReplayHandle, type ReplayOptions, startReplay } from './control/replay.js';
import { type DecimalInput, formatNanos, toNanos } from './decimal.js';
import { ExchangeCore } from './ExchangeCore.js';
import type { InstrumentSpec, PriceBand } from './instruments/Instrument.js';
import { type CandleInput, parseCandles, toTime } from './market/candles.js';
import { type IntervalName, intervalInfo } from './market/intervals.js';
import { MOEX_SCHEDULE, type TradingScheduleSpec } from './market/schedule.js';
import { type AccountSpec, cashOf, piecesOf } from './trading/Account.js';
import type { TokenSpec } from './trading/AccountRegistry.js';
import { type OrderSnapshot, snapshot } from './trading/orderSnapshot.js';

/** Candles of one instrument and interval, as part of a {@link MarketSnapshot}. */
export interface CandleSet {
  /** Instrument uid, FIGI, `TICKER_CLASSCODE` or a unique ticker. */
  readonly instrument: string;
  readonly interval: IntervalName;
  readonly candles: readonly CandleInput[];
}

/** Instruments and candles to load in one go, e.g. {@link sampleMarket}. */
export interface MarketSnapshot {
  readonly instruments: readonly InstrumentSpec[];
  readonly candles: readonly CandleSet[];
  /** Where the clock of a new exchange starts (UTC ms), unless `startTime` says otherwise. */
  readonly start?: number;
}

/** Options of a {@link FakeExchange}. */
export interface FakeExchangeOptions {
  /** Initial exchange time; default `market.start`, else 0. */
  readonly startTime?: number | Date | string;
  /** Instruments and candles to load at once. */
  readonly market?: MarketSnapshot;
  /** When instruments trade; default {@link MOEX_SCHEDULE}. */
  readonly schedule?: TradingScheduleSpec;
  /** Commission of brokerage accounts in percent per trade; default 0.05. */
  readonly commissionPercent?: DecimalInput;
  /** Commission of sandbox accounts in percent per trade; default 0.05 (the sandbox's flat fee). */
  readonly sandboxCommissionPercent?: DecimalInput;
  /** Lots an order executes per tick at most; default unlimited (whole fills). */
  readonly maxLotsPerExecution?: number;
  /** Stream an in-progress update of each candle when it opens; default true. */
  readonly partialCandles?: boolean;
  /**
   * A repeated `PostOrder` key on the same account returns the existing order's state
   * (`return-existing`, the default) or fails with 30057 (`reject`). Never a second order.
   */
  readonly duplicateOrders?: 'return-existing' | 'reject';
  readonly rateLimits?: RateLimitOptions;
}

const cores = new WeakMap<FakeExchange, ExchangeCore>();

/** The state behind an exchange, for the server in this package (not exported from it). */
export function coreOf(exchange: FakeExchange): ExchangeCore {
  const core = cores.get(exchange);
  if (!core) throw new TypeError('not a FakeExchange');
  return core;
}

/**
 * A fake T-Invest exchange with its own clock.
 * @example
 * const exchange = new FakeExchange({ market: sampleMarket() });
 * const account = exchange.openAccount({ money: 100_000 });
 * exchange.addToken('t.full', { accounts: [account] });
 * const server = await startFakeExchange(exchange);
 * exchange.advance(60_000); // one minute: candles stream out, orders match
 */
export class FakeExchange {
  private readonly core: ExchangeCore;
  private replayHandle: ReplayHandle | undefined;

  constructor(options: FakeExchangeOptions = {}) {
    const start = options.startTime ?? options.market?.start ?? 0;
    this.core = new ExchangeCore(
      {
        schedule: options.schedule ?? MOEX_SCHEDULE,
        commissionPercent: toNanos(options.commissionPercent ?? '0.05'),
        sandboxCommissionPercent: toNanos(options.sandboxCommissionPercent ?? '0.05'),
        maxLotsPerExecution: options.maxLotsPerExecution ?? Number.POSITIVE_INFINITY,
        partialCandles: options.partialCandles ?? true,
        duplicateOrders: options.duplicateOrders ?? 'return-existing',
      },
      toTime(start),
      options.rateLimits ?? {},
    );
    cores.set(this, this.core);
    if (options.market) this.loadMarket(options.market);
  }

  /** Exchange time, UTC ms. */
  get now(): number {
    return this.core.now;
  }

  /** Fault injection: `faults.next(method, fault)`, `faults.dropStreams(method)`. */
  get faults(): FaultInjector {
    return this.core.faults;
  }

  /** Request limits: `rateLimits.setLimit('PostOrder', 2)`, `rateLimits.reset()`. */
  get rateLimits(): RateLimiter {
    return this.core.rateLimiter;
  }

  /** Calls received so far, oldest first; only those of `method` when given. */
  requests(method?: string): readonly RequestLogEntry[] {
    return this.core.requestLog.entries(method);
  }

  /** Empties the request log. */
  clearRequests(): void {
    this.core.requestLog.clear();
  }

  /** Adds instruments (one with a known uid replaces the old definition). */
  loadInstruments(specs: readonly InstrumentSpec[]): void {
    this.core.instruments.load(specs);
  }

  /**
   * Adds candles of an instrument. Coarser intervals that are not loaded are aggregated
   * from the finest loaded one, which also sets last prices and drives matching.
   * @example
   * exchange.loadCandles('SBER', '1m', [{ time: '2024-03-11T07:00:00Z', open: 280, high: 280.5, low: 279.9, close: 280.2, volume: 120 }]);
   */
  loadCandles(instrument: string, interval: IntervalName, candles: readonly CandleInput[]): void {
    const { uid } = this.core.instruments.resolve(instrument);
    const { ms } = intervalInfo(interval);
    this.core.market.load(uid, ms, parseCandles(candles, ms));
  }

  /** Loads a snapshot's instruments and candles. */
  loadMarket(market: MarketSnapshot): void {
    this.loadInstruments(market.instruments);
    for (const set of market.candles) this.loadCandles(set.instrument, set.interval, set.candles);
  }

  /** Sets an instrument's own trading status (anything but NORMAL_TRADING gives 30079). */
  setTradingStatus(instrument: string, status: SecurityTradingStatus): void {
    this.core.instruments.resolve(instrument).tradingStatus = status;
  }

  /** Sets the price band of an instrument's limit orders. */
  setPriceBand(instrument: string, band: PriceBand): void {
    this.core.instruments.resolve(instrument).priceBand = band;
  }

  /** Opens a brokerage account; returns its id. */
  openAccount(spec: AccountSpec = {}): string {
    return this.core.accounts.open(spec, this.now).id;
  }

  /** Registers a token and the accounts it reaches. */
  addToken(token: string, spec: TokenSpec = {}): void {
    this.core.accounts.addToken(token, spec);
  }

  /** Cash of an account in a currency, as exact decimal text (`'99719.86'`). */
  cash(accountId: string, currency = 'rub'): string {
    return formatNanos(cashOf(this.core.accounts.get(accountId), currency.toLowerCase()));
  }

  /** Pieces of an instrument an account holds (negative for a short). */
  position(accountId: string, instrument: string): number {
    const { uid } = this.core.instruments.resolve(instrument);
    return piecesOf(this.core.accounts.get(accountId), uid);
  }

  /** Every order of an account, oldest first. */
  orders(accountId: string): OrderSnapshot[] {
    return this.core.orders.all(accountId).map(snapshot);
  }

  /** The last price of an instrument now, as decimal text; `undefined` before any trade. */
  lastPrice(instrument: string): string | undefined {
    const { uid } = this.core.instruments.resolve(instrument);
    const last = this.core.market.lastTrade(uid, this.now);
    return last && formatNanos(last.price);
  }

  /**
   * How many open market data streams subscribe to candles of an instrument and interval
   * — e.g. to wait until a client has re-subscribed after a dropped stream.
   */
  candleSubscribers(instrument: string, interval: IntervalName): number {
    const { uid } = this.core.instruments.resolve(instrument);
    return this.core.watchers(uid, intervalInfo(interval).ms);
  }

  /** How many server streams are open, of `method` (`MarketDataStream`, `TradesStream`) or all. */
  openStreams(method?: string): number {
    return this.core.faults.openStreams().filter((s) => method === undefined || s.method === method)
      .length;
  }

  /** Moves the clock to `time` (never backwards), as {@link FakeExchange.advance} does. */
  setTime(time: number | Date | string): void {
    this.core.advanceTo(toTime(time));
  }

  /**
   * Moves the clock forward by `ms`. Every candle boundary on the way is processed in
   * order: completed candles (and in-progress updates) stream out, last prices move and
   * resting orders get a tick; the target time is one more tick.
   */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance needs a non-negative duration, got ${ms}`);
    this.core.advanceTo(this.now + ms);
  }

  /**
   * Drives the clock from a wall-clock timer (stopping any replay already running).
   * @example
   * const replay = exchange.replay({ speed: 'max', stepMs: 60_000 });
   * await replay.done; // the end of the loaded candles
   */
  replay(options: ReplayOptions = {}): ReplayHandle {
    this.stopReplay();
    const until = options.until !== undefined ? toTime(options.until) : this.core.dataEnd();
    this.replayHandle = startReplay(this.core, options, until);
    return this.replayHandle;
  }

  /** Stops a running replay. */
  stopReplay(): void {
    this.replayHandle?.stop();
    this.replayHandle = undefined;
  }
}
