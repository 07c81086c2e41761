/**
 * The account as persisted in paper mode, where no broker keeps it: cash and each
 * instrument's exact ledger, FIFO open lots included, so that a restart continues
 * with the same realised P&L on the next close.
 * @module
 */
import { MoexBotError } from '../errors.js';

/** One open lot of a position, oldest first. */
export interface OpenLotSnapshot {
  /** Signed pieces still open (positive long, negative short). */
  readonly quantity: number;
  readonly priceNanos: bigint;
}

/** The round trip in progress: what the `ClosedTrade` reported at its close will need. */
export interface TradeSnapshot {
  readonly strategyId: string;
  readonly direction: 'long' | 'short';
  readonly entryTime: number;
  /** Largest absolute quantity held so far, in pieces. */
  readonly maxQuantity: number;
  readonly realizedNanos: bigint;
  readonly commissionNanos: bigint;
}

/** One instrument's ledger. */
export interface PositionSnapshot {
  readonly instrument: string;
  /** Signed pieces: the sum of the open lots. */
  readonly quantity: number;
  readonly openLots: readonly OpenLotSnapshot[];
  /** Σ quantity × price over the open lots, in nanos. */
  readonly costNanos: bigint;
  readonly realizedNanos: bigint;
  readonly commissionNanos: bigint;
  /** Last traded or marked price; NaN before the first bar or fill. */
  readonly lastPrice: number;
  /** The round trip in progress; absent when flat or unknown. */
  readonly trade?: TradeSnapshot | undefined;
}

/** Cash and every position's ledger at one moment. */
export interface AccountSnapshot {
  readonly cashNanos: bigint;
  readonly initialCashNanos: bigint;
  readonly positions: readonly PositionSnapshot[];
  /** When it was taken, UTC epoch milliseconds. */
  readonly time: number;
}

/**
 * What `captureAccount` reads of one position book. `PositionBook` has every member
 * but `lots()` and `openTrade()`: its open lots and round trip are private today.
 */
export interface LedgerBook {
  readonly instrument: { readonly uid: string };
  readonly quantity: number;
  readonly costNanos: bigint;
  readonly realizedNanos: bigint;
  readonly commissionNanos: bigint;
  readonly last: number;
  /** Open lots, oldest first. */
  lots(): readonly OpenLotSnapshot[];
  /** The round trip in progress, undefined when flat. */
  openTrade(): TradeSnapshot | undefined;
}

/** What `captureAccount` reads of a portfolio: `Portfolio` once its books are `LedgerBook`s. */
export interface LedgerSource {
  readonly cashNanos: bigint;
  readonly initialCashNanos: bigint;
  allBooks(): Iterable<LedgerBook>;
}

/**
 * Takes a snapshot of a ledger. Books that never traded and have no price are left
 * out: they hold nothing to restore.
 * @example
 * await store.recordExecution({ executionId, fill, order, account: captureAccount(portfolio, now) });
 */
export function captureAccount(source: LedgerSource, time: number): AccountSnapshot {
  const positions: PositionSnapshot[] = [];
  for (const book of source.allBooks()) {
    const untouched =
      book.quantity === 0 &&
      book.realizedNanos === 0n &&
      book.commissionNanos === 0n &&
      Number.isNaN(book.last);
    if (untouched) continue;
    positions.push({
      instrument: book.instrument.uid,
      quantity: book.quantity,
      openLots: book.lots().map((lot) => ({ quantity: lot.quantity, priceNanos: lot.priceNanos })),
      costNanos: book.costNanos,
      realizedNanos: book.realizedNanos,
      commissionNanos: book.commissionNanos,
      lastPrice: book.last,
      trade: book.openTrade(),
    });
  }
  return {
    cashNanos: source.cashNanos,
    initialCashNanos: source.initialCashNanos,
    positions,
    time,
  };
}

/**
 * Checks that a snapshot is self-consistent before it is stored: each position's
 * quantity and cost are the sums over its open lots, lots share the position's sign,
 * and no instrument appears twice. A snapshot that fails would restore a ledger that
 * never existed, so it is refused with `MOEXBOT_ERR_STATE_RECORD_INVALID`.
 */
export function checkAccountSnapshot(snapshot: AccountSnapshot): void {
  const seen = new Set<string>();
  for (const position of snapshot.positions) {
    const where = `account snapshot, position ${position.instrument}`;
    if (seen.has(position.instrument)) invalid(`${where}: listed twice`);
    seen.add(position.instrument);
    if (!Number.isSafeInteger(position.quantity)) invalid(`${where}: quantity is not an integer`);
    let quantity = 0;
    let cost = 0n;
    for (const lot of position.openLots) {
      const sameSign = Math.sign(lot.quantity) === Math.sign(position.quantity);
      if (!Number.isSafeInteger(lot.quantity) || lot.quantity === 0 || !sameSign) {
        invalid(
          `${where}: open lot of ${lot.quantity} pieces against a position of ${position.quantity}`,
        );
      }
      quantity += lot.quantity;
      cost += BigInt(lot.quantity) * lot.priceNanos;
    }
    if (quantity !== position.quantity) {
      invalid(
        `${where}: open lots sum to ${quantity} pieces, the position holds ${position.quantity}`,
      );
    }
    if (cost !== position.costNanos) {
      invalid(`${where}: open lots cost ${cost} nanos, the position says ${position.costNanos}`);
    }
  }
}

function invalid(message: string): never {
  throw new MoexBotError('STATE_RECORD_INVALID', message);
}
