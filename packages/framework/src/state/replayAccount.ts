/**
 * Rebuilds a paper account from its stored fills, through the same `Portfolio` code
 * that booked them, and compares it with a stored snapshot. Replaying the exact fills
 * reproduces the exact ledger (FIFO lots included) with nothing but the portfolio's
 * public API.
 * @module
 */
import { formatNanos } from '../domain/decimal.js';
import type { Instrument } from '../domain/instrument.js';
import type { Fill } from '../domain/order.js';
import { Portfolio } from '../domain/portfolio.js';
import { MoexBotError } from '../errors.js';
import type { AccountSnapshot } from './AccountSnapshot.js';

/** What `replayAccount` needs. */
export interface ReplayAccountOptions {
  readonly initialCashNanos: bigint;
  readonly instruments: Iterable<Instrument>;
  /** Every fill of the account, in the order they were booked (as `StateStore.fills()` lists them). */
  readonly fills: Iterable<Fill>;
  /** Last prices to mark after the fills (a snapshot's `lastPrice`s); NaN ones are skipped. */
  readonly marks?: Iterable<readonly [instrument: string, price: number]> | undefined;
}

/**
 * A portfolio holding exactly what the fills booked.
 * @example
 * const saved = await store.loadAccount();
 * const portfolio = replayAccount({
 *   initialCashNanos: saved?.initialCashNanos ?? toNanos(config.cash),
 *   instruments,
 *   fills: await store.fills(),
 *   marks: saved?.positions.map((p) => [p.instrument, p.lastPrice] as const),
 * });
 * if (saved && accountDifferences(portfolio, saved).length > 0) throw ...;
 */
export function replayAccount(options: ReplayAccountOptions): Portfolio {
  const portfolio = new Portfolio(options.initialCashNanos, options.instruments);
  const known = new Set([...portfolio.allBooks()].map((book) => book.instrument.uid));
  for (const fill of options.fills) {
    if (!known.has(fill.instrument)) {
      throw new MoexBotError(
        'STATE_RECORD_INVALID',
        `fill of order ${fill.orderId} is for instrument ${fill.instrument}, which is not part of this run`,
      );
    }
    portfolio.applyFill(fill);
  }
  for (const [instrument, price] of options.marks ?? []) {
    if (!Number.isNaN(price)) portfolio.mark(instrument, price);
  }
  return portfolio;
}

/**
 * Where a portfolio and a snapshot disagree, one line each (empty when they agree).
 * Compares everything the portfolio exposes: cash, initial cash and each book's
 * quantity, cost, realised P&L, commission and last price. Open lots and the round
 * trip in progress are private to `PositionBook`, so they are not compared.
 */
export function accountDifferences(portfolio: Portfolio, snapshot: AccountSnapshot): string[] {
  const differences: string[] = [];
  const money = (what: string, actual: bigint, saved: bigint) => {
    if (actual !== saved) {
      differences.push(`${what}: ${formatNanos(actual)} here, ${formatNanos(saved)} saved`);
    }
  };
  money('cash', portfolio.cashNanos, snapshot.cashNanos);
  money('initial cash', portfolio.initialCashNanos, snapshot.initialCashNanos);
  const saved = new Map(snapshot.positions.map((position) => [position.instrument, position]));
  for (const book of portfolio.allBooks()) {
    const uid = book.instrument.uid;
    const position = saved.get(uid);
    saved.delete(uid);
    if (position === undefined) {
      if (book.quantity !== 0 || book.realizedNanos !== 0n || book.commissionNanos !== 0n) {
        differences.push(`${uid}: has a ledger here, none saved`);
      }
      continue;
    }
    if (book.quantity !== position.quantity) {
      differences.push(`${uid} quantity: ${book.quantity} here, ${position.quantity} saved`);
    }
    money(`${uid} cost`, book.costNanos, position.costNanos);
    money(`${uid} realised P&L`, book.realizedNanos, position.realizedNanos);
    money(`${uid} commission`, book.commissionNanos, position.commissionNanos);
    if (!Object.is(book.last, position.lastPrice)) {
      differences.push(`${uid} last price: ${book.last} here, ${position.lastPrice} saved`);
    }
  }
  for (const uid of saved.keys()) differences.push(`${uid}: saved, but not part of this run`);
  return differences;
}
