/**
 * Accounts and their exact ledger: cash per currency in nanos and holdings in pieces with
 * their cost, so that cash and average prices never drift.
 * @module
 */
import { type DecimalInput, toNanos } from '../decimal.js';

/** A holding of one instrument. */
export interface Holding {
  /** Pieces held; negative for a short. */
  pieces: number;
  /** What the open position cost, Σ price × pieces in nanos (same sign as `pieces`). */
  cost: bigint;
}

/** A brokerage or sandbox account. */
export interface Account {
  readonly id: string;
  readonly name: string;
  readonly kind: 'broker' | 'iis';
  readonly sandbox: boolean;
  readonly openedAt: number;
  /** Commission per trade in nanos of a percent (0.05% is `toNanos('0.05')`). */
  readonly commissionPercent: bigint;
  /** Cash by lower-case currency, in nanos. */
  readonly money: Map<string, bigint>;
  /** Holdings by instrument uid. */
  readonly holdings: Map<string, Holding>;
}

/** A holding a test starts an account with. */
export interface HoldingSpec {
  /** Instrument uid, FIGI, `TICKER_CLASSCODE` or a unique ticker. */
  readonly instrument: string;
  /** Pieces (not lots). */
  readonly quantity: number;
  /** Average price per piece; default 0. */
  readonly averagePrice?: DecimalInput;
}

/** An account as a test opens it. */
export interface AccountSpec {
  /** Default: the next numeric id, like `2000000001`. */
  readonly id?: string;
  readonly name?: string;
  /** Brokerage account or IIS; default `broker`. */
  readonly kind?: 'broker' | 'iis';
  /** Starting cash: an amount in roubles, or amounts by currency (`{ rub: '100000' }`). */
  readonly money?: DecimalInput | Readonly<Record<string, DecimalInput>>;
  readonly holdings?: readonly HoldingSpec[];
  /** Commission per trade in percent; default the exchange's (0.05). */
  readonly commissionPercent?: DecimalInput;
}

/** Cash of a currency in nanos (0 when none). */
export function cashOf(account: Account, currency: string): bigint {
  return account.money.get(currency) ?? 0n;
}

/** Adds `delta` nanos of `currency`. */
export function addCash(account: Account, currency: string, delta: bigint): void {
  account.money.set(currency, cashOf(account, currency) + delta);
}

/** Pieces of an instrument held (0 when none). */
export function piecesOf(account: Account, uid: string): number {
  return account.holdings.get(uid)?.pieces ?? 0;
}

/**
 * Books a trade of `pieces` (positive to buy, negative to sell) at `price` per piece. The
 * cost of a reduced position shrinks pro rata; a position that flips side starts its cost
 * afresh at the trade price.
 */
export function bookTrade(account: Account, uid: string, pieces: number, price: bigint): void {
  const holding = account.holdings.get(uid) ?? { pieces: 0, cost: 0n };
  const after = holding.pieces + pieces;
  if (holding.pieces === 0 || Math.sign(holding.pieces) === Math.sign(pieces)) {
    holding.cost += price * BigInt(pieces);
  } else if (after === 0 || Math.sign(after) === Math.sign(holding.pieces)) {
    holding.cost = (holding.cost * BigInt(after)) / BigInt(holding.pieces);
  } else {
    holding.cost = price * BigInt(after);
  }
  holding.pieces = after;
  if (after === 0) account.holdings.delete(uid);
  else account.holdings.set(uid, holding);
}

/** The money of a spec as nanos by currency. */
export function moneyOf(spec: AccountSpec['money']): Map<string, bigint> {
  if (spec === undefined) return new Map();
  if (typeof spec === 'number' || typeof spec === 'string')
    return new Map([['rub', toNanos(spec)]]);
  return new Map(
    Object.entries(spec).map(([currency, amount]) => [currency.toLowerCase(), toNanos(amount)]),
  );
}
