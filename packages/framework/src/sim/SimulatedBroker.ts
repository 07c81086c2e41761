/**
 * The simulated venue of backtests and paper runs: accepts orders at once, rests them
 * per instrument and matches them against later bars with the commission, slippage,
 * limit-fill and volume-participation models. Live and simulated runs differ only here.
 * @module
 */
import type { Broker, BrokerEvents } from '../contracts/broker.js';
import { removeItem, truncate } from '../domain/arrays.js';
import type { Bar } from '../domain/bar.js';
import { formatNanos, isSafeNanos, KOPECK_NANOS, nanosToNumber } from '../domain/decimal.js';
import { IdIndex } from '../domain/idIndex.js';
import type { Instrument } from '../domain/instrument.js';
import type { Order } from '../domain/order.js';
import { stepNanos } from '../domain/priceGrid.js';
import { checkOrder } from './checkOrder.js';
import {
  type CommissionModel,
  type CommissionRates,
  type CommissionSpec,
  commissionKopecksFast,
  commissionModel,
  commissionRates,
  ratesKopecks,
} from './commission.js';
import {
  barCapacity,
  executionNanos,
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
  /** `rules.step` as a number, for the number fill path (NaN when not a safe integer). */
  readonly step: number;
  /** In submission order, which is also the order of `after`. */
  readonly resting: Resting[];
  /** Pieces still to sell across resting sells, for the short check. */
  pendingSell: number;
  /** True while `match` walks `resting`: a cancel then leaves the entry for it to drop. */
  matching: boolean;
}

interface Resting extends MatchRequest {
  readonly id: string;
  readonly book: Book;
  /** Fillable only on bars that open strictly after this time: no look-ahead. */
  readonly after: number;
  /** `limitNanos` as a number (NaN when not a safe integer). */
  readonly limit: number;
  remaining: number;
  done: boolean;
}

/** The number form of a bigint when it is a safe integer, else NaN. */
function safeNumber(value: bigint): number {
  return value <= MAX_SAFE_BIG && value >= -MAX_SAFE_BIG ? Number(value) : Number.NaN;
}

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The account's cash as one bar's fills move it. Read once, at the bar's first fill, and
 * then moved by each fill here, whether or not the host books fills synchronously, so two
 * buys on one bar cannot spend the same roubles. The moves are summed in a number while
 * the sum is a safe integer (each check is exact, see `MAX_SAFE_NANOS`), so a fill makes
 * no bigint; comparing a bigint with a number is exact in JavaScript.
 */
class BarCash {
  private base = 0n;
  /** Nanos this bar's fills added (received minus paid), a safe integer. */
  private moved = 0;
  private read = false;

  constructor(private readonly account: SimAccount) {}

  /** Starts a bar: the account is read again at its first fill. */
  reset(): void {
    this.read = false;
    this.moved = 0;
  }

  /** Cash now, for messages. */
  available(): bigint {
    return this.start() + BigInt(this.moved);
  }

  /** Takes `cost` nanos (a safe integer) if the cash covers them; false (and nothing taken) if not. */
  pay(cost: number): boolean {
    this.start();
    let after = this.moved - cost;
    if (!isSafeNanos(after)) after = this.fold() - cost;
    // base + after < 0, without a bigint: -after is a safe integer.
    if (this.base < -after) return false;
    this.moved = after;
    return true;
  }

  /** Adds `amount` nanos (a safe integer; negative when the commission exceeds a sale). */
  receive(amount: number): void {
    this.start();
    let after = this.moved + amount;
    if (!isSafeNanos(after)) after = this.fold() + amount;
    this.moved = after;
  }

  /** `pay` for amounts held in bigints. */
  payBig(cost: bigint): boolean {
    this.fold();
    if (this.base < cost) return false;
    this.base -= cost;
    return true;
  }

  /** `receive` for amounts held in bigints. */
  receiveBig(amount: bigint): void {
    this.fold();
    this.base += amount;
  }

  private start(): bigint {
    if (!this.read) {
      this.base = this.account.cashNanos();
      this.read = true;
    }
    return this.base;
  }

  /** Moves the number part into the bigint; returns the (now zero) number part. */
  private fold(): number {
    this.base = this.start() + BigInt(this.moved);
    this.moved = 0;
    return 0;
  }
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
  private readonly rates: CommissionRates;
  private readonly books = new Map<string, Book>();
  /** The book found last: bars and orders of one instrument come in runs. */
  private lastBook: Book | undefined;
  private readonly byId = new IdIndex<Resting>();
  private readonly participation: number | undefined;
  private readonly allowShort: boolean;
  private readonly checkCash: boolean;
  private account: SimAccount | undefined;
  private cash: BarCash | undefined;
  private events: BrokerEvents | undefined;
  private lastBarTime = Number.NEGATIVE_INFINITY;
  private sequence = 0;
  /** Price and commission of the execution `execute` just booked, for `match` to report. */
  private fillPrice = Number.NaN;
  private fillCommission = Number.NaN;

  constructor(instruments: readonly Instrument[], options: SimulatedBrokerOptions = {}) {
    this.commission = commissionModel(options.commission ?? 'trader');
    this.rates = commissionRates(this.commission);
    const slippage = checkSlippage(options.slippage ?? 'none');
    const limitFill = options.limitFill ?? 'through';
    const participation = options.maxVolumeParticipation;
    if (participation !== undefined && !(participation > 0 && participation <= 1)) {
      throw new Error(`maxVolumeParticipation must be in (0, 1], got ${participation}`);
    }
    this.participation = participation;
    this.allowShort = options.allowShort ?? false;
    this.checkCash = options.checkCash ?? true;
    this.attachAccount(options.account);
    for (const instrument of instruments) {
      const rules = { step: stepNanos(instrument.minPriceIncrement), slippage, limitFill };
      this.books.set(instrument.uid, {
        instrument,
        rules,
        step: safeNumber(rules.step),
        resting: [],
        pendingSell: 0,
        matching: false,
      });
    }
  }

  /** Lets the host hand over the account after construction (plugins cannot see it). */
  attachAccount(account: SimAccount | undefined): void {
    this.account = account;
    this.cash = account === undefined ? undefined : new BarCash(account);
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
    if (this.byId.get(order.id) !== undefined) return;
    const book = this.book(order.instrument);
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
      limit: safeNumber(check.limitNanos),
      remaining: order.lots,
      done: false,
    };
    this.byId.add(resting);
    book.resting.push(resting);
    if (order.side === 'sell') book.pendingSell += order.lots * book.instrument.lot;
    events.accepted(order.id, `sim-${++this.sequence}`);
  }

  cancel(orderId: string): void {
    const resting = this.byId.get(orderId);
    if (resting === undefined) return;
    this.finish(resting);
    // While `match` walks the list it drops finished entries itself.
    if (!resting.book.matching) removeItem(resting.book.resting, resting);
    this.sink().cancelled(orderId);
  }

  onBar(bar: Bar): void {
    if (bar.time > this.lastBarTime) this.lastBarTime = bar.time;
    if (this.byId.size === 0) return;
    const book = this.book(bar.instrument);
    if (book !== undefined && book.resting.length > 0) this.match(book, bar);
  }

  private sink(): BrokerEvents {
    if (this.events === undefined)
      throw new Error('SimulatedBroker: connect() must be called first');
    return this.events;
  }

  private book(instrument: string): Book | undefined {
    const last = this.lastBook;
    if (last !== undefined && last.instrument.uid === instrument) return last;
    const book = this.books.get(instrument);
    if (book !== undefined) this.lastBook = book;
    return book;
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
    this.byId.delete(resting);
    if (resting.side === 'sell')
      resting.book.pendingSell -= resting.remaining * resting.book.instrument.lot;
  }

  /**
   * Fills what this bar reaches, in submission order, and keeps the rest in place. Event
   * handlers may submit (appended after the orders walked here, which this bar cannot
   * fill) or cancel (flagged `done` and dropped at the end) while the list is walked.
   */
  private match(book: Book, bar: Bar): void {
    const list = book.resting;
    const count = list.length;
    let capacity = barCapacity(bar, this.participation);
    const cash = this.checkCash ? this.cash : undefined;
    cash?.reset();
    book.matching = true;
    let kept = 0;
    let next = 0;
    try {
      while (next < count) {
        const resting = list[next++]!;
        if (resting.done) continue;
        const price =
          resting.after < bar.time && capacity > 0
            ? executionNanos(resting, resting.limit, bar, book.rules, book.step)
            : undefined;
        if (price === undefined) {
          list[kept++] = resting;
          continue;
        }
        const lots = Math.min(resting.remaining, capacity);
        if (!this.execute(resting, lots, price, bar, cash)) continue;
        capacity -= lots;
        if (!resting.done) list[kept++] = resting;
        // Reported once the order is booked here: the handler may submit or cancel.
        this.sink().filled({
          orderId: resting.id,
          lots,
          price: this.fillPrice,
          commission: this.fillCommission,
          time: bar.time,
        });
      }
    } finally {
      // Also on a throw from an event handler: what was not walked yet stays.
      book.matching = false;
      compact(list, kept, next);
    }
  }

  /**
   * Fills `lots` of `resting` at `price` nanos (NaN: beyond a safe integer), leaving the
   * price and commission to report in `fillPrice` and `fillCommission`; false when the
   * cash check rejected it instead. Amounts are computed in numbers when
   * every one is a safe integer (checked as `MAX_SAFE_NANOS` explains), else in bigints.
   */
  private execute(
    resting: Resting,
    lots: number,
    price: number,
    bar: Bar,
    cash: BarCash | undefined,
  ): boolean {
    const lot = resting.book.instrument.lot;
    const kopecks = commissionKopecksFast(this.rates, lots, lot, price);
    const fee = kopecks * 1e7;
    const notional = lots * lot * price;
    // NaN (no fast kopecks or price) fails isSafeNanos, so it takes the bigint path.
    const exact =
      isSafeNanos(fee) &&
      isSafeNanos(notional) &&
      isSafeNanos(notional + fee) &&
      isSafeNanos(notional - fee);
    if (!exact) {
      const priceNanos = Number.isNaN(price)
        ? executionPrice(resting, bar, resting.book.rules)!
        : BigInt(price);
      return this.executeBig(resting, lots, priceNanos, cash);
    }
    if (cash !== undefined) {
      if (resting.side === 'sell') cash.receive(notional - fee);
      else if (!cash.pay(notional + fee)) {
        this.rejectForCash(resting, lots, BigInt(notional + fee), cash.available());
        return false;
      }
    }
    // kopecks / 100 and price / 1e9 are `Number(kopecks) / 100` and `nanosToNumber(price)`.
    this.booked(resting, lots, price / 1e9, kopecks / 100);
    return true;
  }

  /** `execute` in bigints, for amounts beyond 2^53 nanos. */
  private executeBig(
    resting: Resting,
    lots: number,
    priceNanos: bigint,
    cash: BarCash | undefined,
  ): boolean {
    const lot = resting.book.instrument.lot;
    const kopecks = ratesKopecks(this.rates, lots, lot, priceNanos);
    const fee = kopecks * KOPECK_NANOS;
    const notional = BigInt(lots * lot) * priceNanos;
    if (cash !== undefined) {
      if (resting.side === 'sell') cash.receiveBig(notional - fee);
      else if (!cash.payBig(notional + fee)) {
        this.rejectForCash(resting, lots, notional + fee, cash.available());
        return false;
      }
    }
    this.booked(resting, lots, nanosToNumber(priceNanos), Number(kopecks) / 100);
    return true;
  }

  private rejectForCash(resting: Resting, lots: number, need: bigint, have: bigint): void {
    this.finish(resting);
    const amounts = `need ${formatNanos(need)}, have ${formatNanos(have)}`;
    this.sink().rejected(
      resting.id,
      `not enough cash for ${lots} lots: ${amounts}`,
      'NOT_ENOUGH_MONEY',
    );
  }

  /** Books `lots` as filled here; the execution is reported by `match`. */
  private booked(resting: Resting, lots: number, price: number, commission: number): void {
    const book = resting.book;
    resting.remaining -= lots;
    if (resting.side === 'sell') book.pendingSell -= lots * book.instrument.lot;
    if (resting.remaining === 0) this.finish(resting);
    this.fillPrice = price;
    this.fillCommission = commission;
  }
}

/**
 * After a walk: `list[0, kept)` holds the orders kept so far, `list[next, …)` those not
 * walked (including any submitted meanwhile). Closes the gap and drops finished ones
 * (an event handler may have cancelled an order already kept).
 */
function compact<T extends { readonly done: boolean }>(
  list: T[],
  kept: number,
  next: number,
): void {
  let to = 0;
  for (let i = 0; i < kept; i++) if (!list[i]!.done) list[to++] = list[i]!;
  for (let i = next; i < list.length; i++) if (!list[i]!.done) list[to++] = list[i]!;
  truncate(list, to);
}
