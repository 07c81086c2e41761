/**
 * The simulated venue of backtests and paper runs: accepts orders at once, rests them
 * per instrument and matches them against later bars with the commission, slippage,
 * limit-fill and volume-participation models. Live and simulated runs differ only here.
 * @module
 */
import type { Broker, BrokerEvents } from '../contracts/broker.js';
import type { Bar } from '../domain/bar.js';
import { formatNanos, KOPECK_NANOS, parseDecimal, toNanos } from '../domain/decimal.js';
import type { Instrument } from '../domain/instrument.js';
import type { Order } from '../domain/order.js';
import { isOnGrid, stepNanos } from '../domain/priceGrid.js';
import { type CommissionModel, type CommissionSpec, commissionKopecks, commissionModel } from './commission.js';
import { exactNumber } from './exactNumber.js';
import { barCapacity, executionPrice, type LimitFill, type MatchRequest, type MatchRules } from './matching.js';
import { checkSlippage, type SlippageModel } from './slippage.js';

/** What the simulator may read of the account, to refuse shorts and unaffordable buys. */
export interface SimAccount {
  /** Cash available, in roubles. */
  cash(): number;
  /** Signed position of an instrument (by uid), in pieces. */
  position(instrument: string): number;
}

/** How the simulated venue fills and charges. Every field has a default. */
export interface SimulatedBrokerOptions {
  /** Default `'trader'` (0.05%, no minimum). */
  readonly commission?: CommissionSpec | undefined;
  /** Market orders only; default `'none'`. */
  readonly slippage?: SlippageModel | undefined;
  /** Default `'through'`. */
  readonly limitFill?: LimitFill | undefined;
  /** Fraction (0, 1] of each bar's volume in lots that simulated orders may take. */
  readonly maxVolumeParticipation?: number | undefined;
  /** Allow sells below a flat position. Default false. Needs `account`. */
  readonly allowShort?: boolean | undefined;
  /** Reject buys the account cannot pay for at fill time. Default true. Needs `account`. */
  readonly checkCash?: boolean | undefined;
  /** Without an account the short and cash checks are skipped. */
  readonly account?: SimAccount | undefined;
}

/** The codes the simulator rejects with; `NOT_ENOUGH_MONEY` mirrors T-Invest 30034. */
export type SimRejectCode =
  | 'UNKNOWN_INSTRUMENT'
  | 'INVALID_QUANTITY'
  | 'INVALID_ORDER_TYPE'
  | 'INVALID_PRICE'
  | 'PRICE_OFF_GRID'
  | 'SHORT_NOT_ALLOWED'
  | 'NOT_ENOUGH_MONEY';

interface Book {
  readonly instrument: Instrument;
  readonly rules: MatchRules;
  /** In submission order, which is also the order of `after`. */
  resting: Resting[];
}

interface Resting extends MatchRequest {
  readonly id: string;
  readonly book: Book;
  /** Fillable only on bars that open strictly after this time: no look-ahead. */
  readonly after: number;
  remaining: number;
  done: boolean;
}

/** Thrown for a bad order; `submit` turns it into `rejected`. */
class Refusal {
  constructor(
    readonly code: SimRejectCode,
    readonly reason: string,
  ) {}
}

/**
 * A broker that fills against bars. The host calls `onBar` with each bar before
 * strategies see it; an order submitted while bar t is processed can fill from the
 * next bar (any instrument's bar time later than t) on, never on t itself.
 * @example
 * const broker = new SimulatedBroker([sber], { commission: 'investor', slippage: { ticks: 1 } });
 * broker.connect(events);
 * broker.onBar(bar1);
 * broker.submit(order); // accepted, resting
 * broker.onBar(bar2); // filled at bar2.open + 0.01
 */
export class SimulatedBroker implements Broker {
  readonly commission: CommissionModel;
  private readonly books = new Map<string, Book>();
  private readonly byId = new Map<string, Resting>();
  private readonly participation: number | undefined;
  private readonly allowShort: boolean;
  private readonly checkCash: boolean;
  private account: SimAccount | undefined;
  private events: BrokerEvents | undefined;
  private lastBarTime = Number.NEGATIVE_INFINITY;
  private sequence = 0;

  constructor(instruments: readonly Instrument[], options: SimulatedBrokerOptions = {}) {
    this.commission = commissionModel(options.commission ?? 'trader');
    const slippage = checkSlippage(options.slippage ?? 'none');
    const limitFill = options.limitFill ?? 'through';
    const participation = options.maxVolumeParticipation;
    if (participation !== undefined && !(participation > 0 && participation <= 1)) {
      throw new Error(`maxVolumeParticipation must be in (0, 1], got ${participation}`);
    }
    this.participation = participation;
    this.allowShort = options.allowShort ?? false;
    this.checkCash = options.checkCash ?? true;
    this.account = options.account;
    for (const instrument of instruments) {
      const rules = { step: stepNanos(instrument.minPriceIncrement), slippage, limitFill };
      this.books.set(instrument.uid, { instrument, rules, resting: [] });
    }
  }

  /** Lets the host hand over the account after construction (plugins cannot see it). */
  attachAccount(account: SimAccount | undefined): void {
    this.account = account;
  }

  /** Orders waiting for a bar to fill them. */
  get restingCount(): number {
    return this.byId.size;
  }

  connect(events: BrokerEvents): void {
    this.events = events;
  }

  submit(order: Order): void {
    const events = this.sink();
    // The client id is the idempotency key: a re-sent live order is not a second order.
    if (this.byId.has(order.id)) return;
    let resting: Resting;
    try {
      resting = this.admit(order);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      events.rejected(order.id, error.reason, error.code);
      return;
    }
    this.byId.set(order.id, resting);
    resting.book.resting.push(resting);
    events.accepted(order.id, `sim-${++this.sequence}`);
  }

  cancel(orderId: string): void {
    const resting = this.byId.get(orderId);
    if (resting === undefined) return;
    this.finish(resting);
    const list = resting.book.resting;
    const index = list.indexOf(resting);
    // Absent while `match` holds the list; the `done` flag drops it there instead.
    if (index >= 0) list.splice(index, 1);
    this.sink().cancelled(orderId);
  }

  onBar(bar: Bar): void {
    if (bar.time > this.lastBarTime) this.lastBarTime = bar.time;
    if (this.byId.size === 0) return;
    const book = this.books.get(bar.instrument);
    if (book !== undefined && book.resting.length > 0) this.match(book, bar);
  }

  private sink(): BrokerEvents {
    if (this.events === undefined) throw new Error('SimulatedBroker: connect() must be called first');
    return this.events;
  }

  private admit(order: Order): Resting {
    const book = this.books.get(order.instrument);
    if (book === undefined) {
      throw new Refusal('UNKNOWN_INSTRUMENT', `instrument ${order.instrument} is not traded here`);
    }
    if (!Number.isSafeInteger(order.lots) || order.lots <= 0) {
      throw new Refusal('INVALID_QUANTITY', `lots must be a positive whole number, got ${order.lots}`);
    }
    if ((order.type !== 'market' && order.type !== 'limit') || (order.side !== 'buy' && order.side !== 'sell')) {
      throw new Refusal('INVALID_ORDER_TYPE', `unsupported order: ${String(order.side)} ${String(order.type)}`);
    }
    let limitNanos = 0n;
    if (order.type === 'limit') limitNanos = this.checkLimit(order.limitPrice, book);
    if (order.side === 'sell' && !this.allowShort && this.account !== undefined) {
      const lot = book.instrument.lot;
      let pending = 0;
      for (const other of book.resting) if (other.side === 'sell') pending += other.remaining * lot;
      const after = this.account.position(book.instrument.uid) - pending - order.lots * lot;
      if (after < 0) {
        throw new Refusal('SHORT_NOT_ALLOWED', `selling ${order.lots} lots would leave ${after} pieces`);
      }
    }
    return {
      id: order.id,
      side: order.side,
      type: order.type,
      limitPrice: order.limitPrice ?? 0,
      limitNanos,
      book,
      after: this.lastBarTime,
      remaining: order.lots,
      done: false,
    };
  }

  private checkLimit(price: number | undefined, book: Book): bigint {
    if (price === undefined || !Number.isFinite(price) || price <= 0) {
      throw new Refusal('INVALID_PRICE', `a limit order needs a positive limitPrice, got ${price}`);
    }
    let nanos: bigint | undefined;
    try {
      // parseDecimal, not toNanos: a 10th decimal must not round its way onto the grid.
      nanos = parseDecimal(String(price));
    } catch {
      nanos = undefined;
    }
    if (nanos === undefined || !isOnGrid(nanos, book.rules.step)) {
      const step = book.instrument.minPriceIncrement;
      throw new Refusal('PRICE_OFF_GRID', `price ${price} is not a multiple of the step ${step}`);
    }
    return nanos;
  }

  private finish(resting: Resting): void {
    resting.done = true;
    this.byId.delete(resting.id);
  }

  private match(book: Book, bar: Bar): void {
    const events = this.sink();
    const orders = book.resting;
    // Orders submitted from inside an event handler land in a fresh list and are kept after.
    book.resting = [];
    const kept: Resting[] = [];
    const lot = book.instrument.lot;
    let capacity = barCapacity(bar, this.participation);
    // Read once and then moved by this bar's own fills, whether or not the host books
    // fills synchronously, so two buys on one bar cannot spend the same roubles.
    let cash =
      this.checkCash && this.account !== undefined ? toNanos(this.account.cash()) : undefined;
    for (const resting of orders) {
      if (resting.done) continue;
      const price =
        resting.after < bar.time && capacity > 0 ? executionPrice(resting, bar, book.rules) : undefined;
      if (price === undefined) {
        kept.push(resting);
        continue;
      }
      const lots = Math.min(resting.remaining, capacity);
      const kopecks = commissionKopecks(this.commission, lots, lot, price);
      const fee = kopecks * KOPECK_NANOS;
      const notional = BigInt(lots * lot) * price;
      if (cash !== undefined) {
        if (resting.side === 'buy' && notional + fee > cash) {
          this.finish(resting);
          const need = `need ${formatNanos(notional + fee)}, have ${formatNanos(cash)}`;
          events.rejected(resting.id, `not enough cash for ${lots} lots: ${need}`, 'NOT_ENOUGH_MONEY');
          continue;
        }
        cash += resting.side === 'buy' ? -(notional + fee) : notional - fee;
      }
      capacity -= lots;
      resting.remaining -= lots;
      if (resting.remaining === 0) this.finish(resting);
      else kept.push(resting);
      const commission = Number(kopecks) / 100;
      events.filled({ orderId: resting.id, lots, price: exactNumber(price), commission, time: bar.time });
    }
    const added = book.resting;
    book.resting = kept;
    for (const resting of added) kept.push(resting);
    // An event handler may have cancelled an order already moved to `kept`.
    if (kept.some((resting) => resting.done)) book.resting = kept.filter((resting) => !resting.done);
  }
}
