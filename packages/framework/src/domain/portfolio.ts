/**
 * The portfolio: cash and one position book per instrument. Cash is exact
 * (nanos, see `NanoAmount`); equity and exposure are derived on demand from each
 * instrument's own last price.
 * @module
 */
import { removeItem } from './arrays.js';
import { nanosToNumber, toNanos } from './decimal.js';
import type { Instrument } from './instrument.js';
import { NanoAmount } from './nanoAmount.js';
import type { Fill } from './order.js';
import { type ClosedTrade, PositionBook } from './positionBook.js';

/** A read-only view of one position. */
export interface PositionView {
  readonly instrument: string;
  /** Signed pieces. */
  readonly quantity: number;
  /** Signed whole lots (quantity / lot). */
  readonly lots: number;
  readonly averagePrice: number;
  readonly lastPrice: number;
  readonly marketValue: number;
  readonly unrealizedPnl: number;
  readonly realizedPnl: number;
}

/** What strategies and risk plugins may read of the portfolio. */
export interface PortfolioView {
  readonly cash: number;
  readonly equity: number;
  readonly initialCash: number;
  /** Σ |quantity| × own last price over all positions. */
  readonly grossExposure: number;
  position(instrument: string): PositionView;
  lastPrice(instrument: string): number;
}

/** The ledger of a run. */
export class Portfolio implements PortfolioView {
  /** The exact cash, kept without a bigint per fill. */
  private readonly cashAmount: NanoAmount;
  // Both start as doubles: a field first set in the constructor is declared `undefined`,
  // and V8 would then allocate a heap number on every later store (once per bar).
  private cashNumber = Number.NaN;
  private equityValue = Number.NaN;
  private readonly books = new Map<string, PositionBook>();
  /** Books with a non-zero position: equity sums over these only (an array: no iterator per read). */
  private readonly open: PositionBook[] = [];
  private lastBook: PositionBook | undefined;
  readonly initialCashNanos: bigint;

  constructor(initialCash: number | bigint, instruments: Iterable<Instrument>) {
    this.initialCashNanos = typeof initialCash === 'bigint' ? initialCash : toNanos(initialCash);
    this.cashAmount = new NanoAmount(this.initialCashNanos);
    this.cashNumber = this.cashAmount.toNumber();
    this.equityValue = this.cashNumber;
    for (const instrument of instruments)
      this.books.set(instrument.uid, new PositionBook(instrument));
  }

  get cashNanos(): bigint {
    return this.cashAmount.nanos;
  }

  get cash(): number {
    return this.cashNumber;
  }

  get initialCash(): number {
    return nanosToNumber(this.initialCashNanos);
  }

  /**
   * Cash plus every open position at its own last price. Kept as a field, recomputed in
   * full (no incremental drift) whenever a price of a held instrument or a fill changes
   * it: the engine reads it on every bar, and recomputing on read would cost more.
   */
  get equity(): number {
    return this.equityValue;
  }

  private refreshEquity(): void {
    let value = this.cashNumber;
    const open = this.open;
    for (let i = 0; i < open.length; i++) value += open[i]!.quantity * open[i]!.last;
    this.equityValue = value;
  }

  get grossExposure(): number {
    let value = 0;
    const open = this.open;
    for (let i = 0; i < open.length; i++) value += Math.abs(open[i]!.quantity * open[i]!.last);
    return value;
  }

  /** Number of instruments with a non-zero position. */
  get openPositionCount(): number {
    return this.open.length;
  }

  /** Total commission paid, exact. */
  get commissionNanos(): bigint {
    let total = 0n;
    for (const book of this.books.values()) total += book.commissionNanos;
    return total;
  }

  /**
   * The book of an instrument; throws for instruments outside the run. The last book
   * found is kept: the order path asks for the same one several times per order.
   */
  book(instrument: string): PositionBook {
    const last = this.lastBook;
    if (last !== undefined && last.instrument.uid === instrument) return last;
    const book = this.books.get(instrument);
    if (!book) throw new Error(`instrument ${instrument} is not part of this run`);
    this.lastBook = book;
    return book;
  }

  /** Books with an open position. */
  openBooks(): Iterable<PositionBook> {
    return this.open;
  }

  /** The same books as a list, for loops on the order path that should not make an iterator. */
  openBookList(): readonly PositionBook[] {
    return this.open;
  }

  /** Every book, open or flat. */
  allBooks(): Iterable<PositionBook> {
    return this.books.values();
  }

  /** Records the last price of an instrument. */
  mark(instrument: string, price: number): void {
    const book = this.books.get(instrument);
    if (book) this.markBook(book, price);
  }

  /** Records the last price of a book already in hand (the engine's per-bar path). */
  markBook(book: PositionBook, price: number): void {
    book.last = price;
    // A flat instrument's price does not move equity.
    if (book.quantity !== 0) this.refreshEquity();
  }

  lastPrice(instrument: string): number {
    return this.books.get(instrument)?.last ?? Number.NaN;
  }

  position(instrument: string): PositionView {
    const book = this.book(instrument);
    return {
      instrument,
      quantity: book.quantity,
      lots: book.quantity / book.instrument.lot,
      averagePrice: book.averagePrice,
      lastPrice: book.last,
      marketValue: book.marketValue,
      unrealizedPnl: book.unrealizedPnl,
      realizedPnl: nanosToNumber(book.realizedNanos),
    };
  }

  /** Books a fill; returns the round trip it closed, if any. */
  applyFill(fill: Fill): ClosedTrade | undefined {
    const book = this.book(fill.instrument);
    const closed = book.applyFill(fill);
    const delta = book.lastCashDelta;
    if (!Number.isNaN(delta)) this.cashAmount.add(delta);
    else this.cashAmount.addBig(book.lastCashDeltaBig);
    this.cashNumber = this.cashAmount.toNumber();
    const at = this.open.indexOf(book);
    if (book.quantity === 0 && at >= 0) removeItem(this.open, book);
    else if (book.quantity !== 0 && at < 0) this.open.push(book);
    this.refreshEquity();
    return closed;
  }
}
