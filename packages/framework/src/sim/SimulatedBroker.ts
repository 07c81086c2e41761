/**
 * The simulated venue of backtests and paper runs: accepts orders at once, rests them
 * per instrument and matches them against later bars with the commission, slippage,
 * limit-fill and volume-participation models. Live and simulated runs differ only here.
 * @module
 */
import type { Broker, BrokerEvents } from '../contracts/broker.js';
import type { Bar } from '../domain/bar.js';
import { formatNanos, KOPECK_NANOS, nanosToNumber } from '../domain/decimal.js';
import type { Instrument } from '../domain/instrument.js';
import type { Order } from '../domain/order.js';
import { stepNanos } from '../domain/priceGrid.js';
import { checkOrder } from './checkOrder.js';
import {
  type CommissionModel,
  type CommissionSpec,
  commissionKopecks,
  commissionModel,
} from './commission.js';
import {
  barCapacity,
  executionPrice,
  type LimitFill,
  type MatchRequest,
  type MatchRules,
} from './matching.js';
import { checkSlippage, type SlippageModel } from './slippage.js';

/** What the simulator may read of the account, to refuse shorts and unaffordable buys. */
export interface SimAccount {
  /** Cash available, in nanos of a rouble: the ledger's exact figure. */
  cashNanos(): bigint;
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

interface Book {
  readonly instrument: Instrument;
  readonly rules: MatchRules;
  /** In submission order, which is also the order of `after`. */
  resting: Resting[];
  /** Pieces still to sell across resting sells, for the short check. */
  pendingSell: number;
}

interface Resting extends MatchRequest {
  readonly id: string;
  readonly book: Book;
  /** Fillable only on bars that open strictly after this time: no look-ahead. */
  readonly after: number;
  remaining: number;
  done: boolean;
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
      this.books.set(instrument.uid, { instrument, rules, resting: [], pendingSell: 0 });
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
    const book = this.books.get(order.instrument);
    if (book === undefined) {
      const reason = `instrument ${order.instrument} is not traded here`;
      events.rejected(order.id, reason, 'UNKNOWN_INSTRUMENT');
      return;
    }
    const check = checkOrder(order, book.instrument, book.rules.step);
    if (!check.ok) {
      events.rejected(order.id, check.reason, check.code);
      return;
    }
    const short = this.shortRefusal(order, book);
    if (short !== undefined) {
      events.rejected(order.id, short, 'SHORT_NOT_ALLOWED');
      return;
    }
    const resting: Resting = {
      id: order.id,
      side: order.side,
      type: order.type,
      limitPrice: order.limitPrice ?? 0,
      limitNanos: check.limitNanos,
      book,
      after: this.lastBarTime,
      remaining: order.lots,
      done: false,
    };
    this.byId.set(order.id, resting);
    book.resting.push(resting);
    if (order.side === 'sell') book.pendingSell += order.lots * book.instrument.lot;
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
    if (book !== undefined && this.executesAny(book, bar)) this.match(book, bar);
  }

  private sink(): BrokerEvents {
    if (this.events === undefined)
      throw new Error('SimulatedBroker: connect() must be called first');
    return this.events;
  }

  /** Why a sell would take the position below zero, counting resting sells; else undefined. */
  private shortRefusal(order: Order, book: Book): string | undefined {
    if (order.side !== 'sell' || this.allowShort || this.account === undefined) return undefined;
    const pieces = order.lots * book.instrument.lot;
    const after = this.account.position(book.instrument.uid) - book.pendingSell - pieces;
    return after < 0 ? `selling ${order.lots} lots would leave ${after} pieces` : undefined;
  }

  /** Ends an order's life here; what it did not fill no longer counts as pending. */
  private finish(resting: Resting): void {
    resting.done = true;
    this.byId.delete(resting.id);
    if (resting.side === 'sell')
      resting.book.pendingSell -= resting.remaining * resting.book.instrument.lot;
  }

  /**
   * Whether any resting order executes on this bar. Most bars fill nothing (a limit far
   * away, an order placed this bar), and this scan allocates nothing, unlike `match`.
   */
  private executesAny(book: Book, bar: Bar): boolean {
    if (book.resting.length === 0 || barCapacity(bar, this.participation) === 0) return false;
    for (const resting of book.resting) {
      // `after` grows along the list: the rest were all placed during this bar or later.
      if (resting.after >= bar.time) return false;
      if (!resting.done && executionPrice(resting, bar, book.rules) !== undefined) return true;
    }
    return false;
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
    let cash = this.checkCash && this.account !== undefined ? this.account.cashNanos() : undefined;
    for (const resting of orders) {
      if (resting.done) continue;
      const price =
        resting.after < bar.time && capacity > 0
          ? executionPrice(resting, bar, book.rules)
          : undefined;
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
          events.rejected(
            resting.id,
            `not enough cash for ${lots} lots: ${need}`,
            'NOT_ENOUGH_MONEY',
          );
          continue;
        }
        cash += resting.side === 'buy' ? -(notional + fee) : notional - fee;
      }
      capacity -= lots;
      resting.remaining -= lots;
      if (resting.side === 'sell') book.pendingSell -= lots * lot;
      if (resting.remaining === 0) this.finish(resting);
      else kept.push(resting);
      const commission = Number(kopecks) / 100;
      events.filled({
        orderId: resting.id,
        lots,
        price: nanosToNumber(price),
        commission,
        time: bar.time,
      });
    }
    const added = book.resting;
    book.resting = kept;
    for (const resting of added) kept.push(resting);
    // An event handler may have cancelled an order already moved to `kept`.
    if (kept.some((resting) => resting.done))
      book.resting = kept.filter((resting) => !resting.done);
  }
}
