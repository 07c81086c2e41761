/**
 * The ledger of one instrument: open lots in FIFO order with exact costs, realised
 * P&L, commissions and the round trip in progress. Money is exact nanos.
 *
 * The figures are held in one of two exact forms. While every amount is a safe integer
 * number of nanos (|x| ≤ 2^53 − 1, see `MAX_SAFE_NANOS`) the book keeps them in plain
 * numbers, so a fill allocates no bigint; the first fill that could take any of them
 * beyond that range moves the book to bigints for good. Both forms hold the same
 * integers, and the public figures (`costNanos`, …) are bigints either way.
 * @module
 */
import { isSafeNanos, MAX_SAFE_NANOS, nanosToNumber, safeNanos, toNanos } from './decimal.js';
import type { Instrument } from './instrument.js';
import type { Fill } from './order.js';

/** A position opened from flat and closed back to flat (or flipped). */
export interface ClosedTrade {
  readonly instrument: string;
  readonly strategyId: string;
  readonly direction: 'long' | 'short';
  readonly entryTime: number;
  readonly exitTime: number;
  /** Largest absolute quantity held during the trade, in pieces. */
  readonly maxQuantity: number;
  /** Realised P&L net of every commission paid during the trade. */
  readonly pnl: number;
  readonly commission: number;
}

interface OpenLot {
  /** Signed pieces still open. */
  quantity: number;
  /** Price per piece in nanos while the book keeps numbers; NaN after it moved to bigints. */
  price: number;
  /** The same price once the book keeps bigints (0n before). */
  priceBig: bigint;
}

/** One instrument's position and its exact history. */
export class PositionBook {
  /** Signed pieces held: positive long, negative short. */
  quantity = 0;
  /** Last traded or marked price; NaN until the first bar or fill. */
  last = Number.NaN;
  /**
   * Average open price per piece, or NaN when flat. Derived from the exact cost once
   * per fill, not per read: stops read it on every bar.
   */
  averagePrice = Number.NaN;
  /**
   * Cash change of the last fill in nanos, when it is a safe integer; NaN when only
   * {@link lastCashDeltaBig} holds it. For `Portfolio`, which books it without a bigint.
   */
  lastCashDelta = Number.NaN;
  /** Cash change of the last fill when {@link lastCashDelta} is NaN. */
  lastCashDeltaBig = 0n;

  private readonly openLots: OpenLot[] = [];
  /** Closed lots kept for reuse: a position opened and closed per order would otherwise allocate each time. */
  private readonly spareLots: OpenLot[] = [];
  private tradeStart = Number.NaN;
  private tradeDirection: 'long' | 'short' = 'long';
  private tradeStrategy = '';
  private tradeMax = 0;

  /** Which form holds the figures: numbers (the `…N` fields) or bigints (the `…B` fields). */
  private inNumbers = true;
  /** An upper bound of every open lot's price in nanos, for the range check of a fill. */
  private priceBound = 0;
  private costN = 0;
  private realizedN = 0;
  private commissionN = 0;
  private tradeRealizedN = 0;
  private tradeCommissionN = 0;
  private costB = 0n;
  private realizedB = 0n;
  private commissionB = 0n;
  private tradeRealizedB = 0n;
  private tradeCommissionB = 0n;

  constructor(readonly instrument: Instrument) {}

  /** Σ quantity × price over open lots, in nanos (signed like the position). */
  get costNanos(): bigint {
    return this.inNumbers ? BigInt(this.costN) : this.costB;
  }

  set costNanos(value: bigint) {
    this.toBigints();
    this.costB = value;
  }

  /** Realised P&L in nanos, before commissions. */
  get realizedNanos(): bigint {
    return this.inNumbers ? BigInt(this.realizedN) : this.realizedB;
  }

  set realizedNanos(value: bigint) {
    this.toBigints();
    this.realizedB = value;
  }

  /** Commissions paid, in nanos. */
  get commissionNanos(): bigint {
    return this.inNumbers ? BigInt(this.commissionN) : this.commissionB;
  }

  set commissionNanos(value: bigint) {
    this.toBigints();
    this.commissionB = value;
  }

  /** Position value at the last price (signed). */
  get marketValue(): number {
    return this.quantity === 0 ? 0 : this.quantity * this.last;
  }

  /** Unrealised P&L at the last price. */
  get unrealizedPnl(): number {
    if (this.quantity === 0) return 0;
    // nanosToNumber of a safe integer is exactly this division.
    const cost = this.inNumbers ? this.costN / 1e9 : nanosToNumber(this.costB);
    return this.quantity * this.last - cost;
  }

  /**
   * Applies a fill; returns the cash change in nanos and the trade it closed, if any.
   * Closing quantities are matched against the oldest open lots first (FIFO).
   */
  apply(fill: Fill): { cashDelta: bigint; closed: ClosedTrade | undefined } {
    const closed = this.applyFill(fill);
    return { cashDelta: this.cashDeltaNanos(), closed };
  }

  /**
   * `apply` without the result object: returns the trade closed, if any, and leaves the
   * cash change in {@link lastCashDelta} (or {@link lastCashDeltaBig}).
   */
  applyFill(fill: Fill): ClosedTrade | undefined {
    // In numbers the nanos are `price`/`commission`; in bigints `priceBig`/`commissionBig`.
    let price = Number.NaN;
    let commission = Number.NaN;
    if (this.inNumbers) {
      price = safeNanos(fill.price);
      commission = safeNanos(fill.commission);
      if (!this.fitsInNumbers(fill.quantity, price, commission)) this.toBigints();
    }
    const inNumbers = this.inNumbers;
    const priceBig = inNumbers ? 0n : toNanos(fill.price);
    let remaining = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    if (this.quantity === 0) this.startTrade(fill);
    if (inNumbers) {
      if (price > this.priceBound) this.priceBound = price;
      this.lastCashDelta = -remaining * price - commission;
      this.commissionN += commission;
      this.tradeCommissionN += commission;
    } else {
      const commissionBig = toNanos(fill.commission);
      this.lastCashDelta = Number.NaN;
      this.lastCashDeltaBig = -BigInt(remaining) * priceBig - commissionBig;
      this.commissionB += commissionBig;
      this.tradeCommissionB += commissionBig;
    }
    let closed: ClosedTrade | undefined;

    // Close against open lots of the opposite sign.
    while (
      remaining !== 0 &&
      this.quantity !== 0 &&
      Math.sign(remaining) !== Math.sign(this.quantity)
    ) {
      const lot = this.openLots[0]!;
      const matched =
        Math.min(Math.abs(remaining), Math.abs(lot.quantity)) * Math.sign(lot.quantity);
      // Closing `matched` pieces bought at the lot's price and sold at the fill's (or the reverse).
      if (inNumbers) {
        const pnl = matched * (price - lot.price);
        this.realizedN += pnl;
        this.tradeRealizedN += pnl;
        this.costN -= matched * lot.price;
      } else {
        const pnl = BigInt(matched) * (priceBig - lot.priceBig);
        this.realizedB += pnl;
        this.tradeRealizedB += pnl;
        this.costB -= BigInt(matched) * lot.priceBig;
      }
      lot.quantity -= matched;
      this.quantity -= matched;
      remaining += matched;
      if (lot.quantity === 0) this.spareLots.push(this.openLots.shift()!);
      if (this.quantity === 0) {
        closed = this.closeTrade(fill.time);
        if (remaining !== 0) this.startTrade(fill);
      }
    }
    if (remaining !== 0) {
      this.openLots.push(this.lotOf(remaining, price, priceBig));
      if (inNumbers) this.costN += remaining * price;
      else this.costB += BigInt(remaining) * priceBig;
      this.quantity += remaining;
      this.tradeMax = Math.max(this.tradeMax, Math.abs(this.quantity));
    }
    this.last = fill.price;
    // nanosToNumber of a safe integer is exactly its division by 1e9.
    const cost = inNumbers ? this.costN / 1e9 : nanosToNumber(this.costB);
    this.averagePrice = this.quantity === 0 ? Number.NaN : cost / this.quantity;
    return closed;
  }

  /** The cash change of the last fill in nanos. */
  cashDeltaNanos(): bigint {
    const delta = this.lastCashDelta;
    return Number.isNaN(delta) ? this.lastCashDeltaBig : BigInt(delta);
  }

  /**
   * Whether a fill of `pieces` at `price` with `commission` (nanos, NaN when not exact
   * as numbers) keeps every figure a safe integer. Prices are not negative, so for every
   * open lot price L ≤ bound: |P − L| ≤ bound and L ≤ bound. The pieces closed against
   * lots and the pieces opened add up to `pieces`, so `pieces × bound` bounds the total
   * change of realised P&L and of cost, and the traded notional; adding it to a figure's
   * magnitude bounds every intermediate value. Each check is exact (see `MAX_SAFE_NANOS`),
   * and NaN fails every comparison, so inexact prices and commissions go to bigints.
   */
  private fitsInNumbers(pieces: number, price: number, commission: number): boolean {
    if (!(price >= 0) || !isSafeNanos(commission) || !Number.isSafeInteger(pieces)) return false;
    const bound = price > this.priceBound ? price : this.priceBound;
    const reach = Math.abs(pieces) * bound;
    const fee = Math.abs(commission);
    return (
      reach + fee <= MAX_SAFE_NANOS &&
      reach + Math.abs(this.costN) <= MAX_SAFE_NANOS &&
      reach + Math.abs(this.realizedN) <= MAX_SAFE_NANOS &&
      reach + Math.abs(this.tradeRealizedN) <= MAX_SAFE_NANOS &&
      fee + Math.abs(this.commissionN) <= MAX_SAFE_NANOS &&
      fee + Math.abs(this.tradeCommissionN) <= MAX_SAFE_NANOS
    );
  }

  /** A lot to open, reusing a closed one when there is one. */
  private lotOf(quantity: number, price: number, priceBig: bigint): OpenLot {
    const lot = this.spareLots.pop();
    if (lot === undefined) return { quantity, price, priceBig };
    lot.quantity = quantity;
    lot.price = price;
    lot.priceBig = priceBig;
    return lot;
  }

  /** Moves the figures from numbers to bigints (once; they are safe integers, so exactly). */
  private toBigints(): void {
    if (!this.inNumbers) return;
    this.inNumbers = false;
    this.costB = BigInt(this.costN);
    this.realizedB = BigInt(this.realizedN);
    this.commissionB = BigInt(this.commissionN);
    this.tradeRealizedB = BigInt(this.tradeRealizedN);
    this.tradeCommissionB = BigInt(this.tradeCommissionN);
    for (const lot of this.openLots) {
      lot.priceBig = BigInt(lot.price);
      lot.price = Number.NaN;
    }
  }

  private startTrade(fill: Fill): void {
    this.tradeStart = fill.time;
    // A trade opens from flat, so the opening fill's side is its direction.
    this.tradeDirection = fill.side === 'buy' ? 'long' : 'short';
    this.tradeStrategy = fill.strategyId;
    this.tradeMax = 0;
    this.tradeRealizedN = 0;
    this.tradeCommissionN = 0;
    this.tradeRealizedB = 0n;
    this.tradeCommissionB = 0n;
  }

  private closeTrade(time: number): ClosedTrade {
    const trade: ClosedTrade = {
      instrument: this.instrument.uid,
      strategyId: this.tradeStrategy,
      direction: this.tradeDirection,
      entryTime: this.tradeStart,
      exitTime: time,
      maxQuantity: this.tradeMax,
      pnl: this.tradeNet(),
      commission: this.inNumbers
        ? this.tradeCommissionN / 1e9
        : nanosToNumber(this.tradeCommissionB),
    };
    this.tradeRealizedN = 0;
    this.tradeCommissionN = 0;
    this.tradeRealizedB = 0n;
    this.tradeCommissionB = 0n;
    return trade;
  }

  /** The round trip's P&L net of its commissions, as `nanosToNumber` gives it. */
  private tradeNet(): number {
    if (!this.inNumbers) return nanosToNumber(this.tradeRealizedB - this.tradeCommissionB);
    // Both are safe integers; their difference may not be (see MAX_SAFE_NANOS for the check).
    const net = this.tradeRealizedN - this.tradeCommissionN;
    if (isSafeNanos(net)) return net / 1e9;
    return nanosToNumber(BigInt(this.tradeRealizedN) - BigInt(this.tradeCommissionN));
  }
}
