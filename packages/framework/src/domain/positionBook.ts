/**
 * The ledger of one instrument: open lots in FIFO order with exact costs, realised
 * P&L, commissions and the round trip in progress. Money is bigint nanos.
 * @module
 */
import { nanosToNumber, toNanos } from './decimal.js';
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
  priceNanos: bigint;
}

/** One instrument's position and its exact history. */
export class PositionBook {
  /** Signed pieces held: positive long, negative short. */
  quantity = 0;
  /** Σ quantity × price over open lots, in nanos (signed like the position). */
  costNanos = 0n;
  realizedNanos = 0n;
  commissionNanos = 0n;
  /** Last traded or marked price; NaN until the first bar or fill. */
  last = Number.NaN;
  private readonly openLots: OpenLot[] = [];
  private tradeStart = 0;
  private tradeDirection: 'long' | 'short' = 'long';
  private tradeStrategy = '';
  private tradeMax = 0;
  private tradeRealized = 0n;
  private tradeCommission = 0n;

  constructor(readonly instrument: Instrument) {}

  /**
   * Average open price per piece, or NaN when flat. Derived from the exact cost once
   * per fill, not per read: stops read it on every bar.
   */
  averagePrice = Number.NaN;

  /** Position value at the last price (signed). */
  get marketValue(): number {
    return this.quantity === 0 ? 0 : this.quantity * this.last;
  }

  /** Unrealised P&L at the last price. */
  get unrealizedPnl(): number {
    return this.quantity === 0 ? 0 : this.quantity * this.last - nanosToNumber(this.costNanos);
  }

  /**
   * Applies a fill; returns the cash change in nanos and the trade it closed, if any.
   * Closing quantities are matched against the oldest open lots first (FIFO).
   */
  apply(fill: Fill): { cashDelta: bigint; closed: ClosedTrade | undefined } {
    const priceNanos = toNanos(fill.price);
    const commission = toNanos(fill.commission);
    let remaining = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    const cashDelta = -BigInt(remaining) * priceNanos - commission;
    if (this.quantity === 0) this.startTrade(fill);
    this.commissionNanos += commission;
    this.tradeCommission += commission;
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
      // Closing `matched` pieces bought at lot.price and sold at fill price (or the reverse).
      const pnl = BigInt(matched) * (priceNanos - lot.priceNanos);
      this.realizedNanos += pnl;
      this.tradeRealized += pnl;
      this.costNanos -= BigInt(matched) * lot.priceNanos;
      lot.quantity -= matched;
      this.quantity -= matched;
      remaining += matched;
      if (lot.quantity === 0) this.openLots.shift();
      if (this.quantity === 0) {
        closed = this.closeTrade(fill.time);
        if (remaining !== 0) this.startTrade(fill);
      }
    }
    if (remaining !== 0) {
      this.openLots.push({ quantity: remaining, priceNanos });
      this.costNanos += BigInt(remaining) * priceNanos;
      this.quantity += remaining;
      this.tradeMax = Math.max(this.tradeMax, Math.abs(this.quantity));
    }
    this.last = fill.price;
    this.averagePrice =
      this.quantity === 0 ? Number.NaN : nanosToNumber(this.costNanos) / this.quantity;
    return { cashDelta, closed };
  }

  private startTrade(fill: Fill): void {
    this.tradeStart = fill.time;
    // A trade opens from flat, so the opening fill's side is its direction.
    this.tradeDirection = fill.side === 'buy' ? 'long' : 'short';
    this.tradeStrategy = fill.strategyId;
    this.tradeMax = 0;
    this.tradeRealized = 0n;
    this.tradeCommission = 0n;
  }

  private closeTrade(time: number): ClosedTrade {
    const trade: ClosedTrade = {
      instrument: this.instrument.uid,
      strategyId: this.tradeStrategy,
      direction: this.tradeDirection,
      entryTime: this.tradeStart,
      exitTime: time,
      maxQuantity: this.tradeMax,
      pnl: nanosToNumber(this.tradeRealized - this.tradeCommission),
      commission: nanosToNumber(this.tradeCommission),
    };
    this.tradeRealized = 0n;
    this.tradeCommission = 0n;
    return trade;
  }
}
