/**
 * Builders of the records state-store tests write: an order, its fill, an account.
 * @module
 */
import type { Fill, Order } from '../domain/order.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { AccountSnapshot } from './AccountSnapshot.js';
import type { OrderRecord } from './StateStore.js';

/** 2024-03-01 10:00 Moscow, in UTC epoch ms. */
export const T0 = Date.UTC(2024, 2, 1, 7, 0);

/** A new order; override any field. */
export function makeOrder(id: string, overrides: Partial<Order> = {}): OrderRecord {
  return {
    id,
    strategyId: 'sma',
    instrument: 'SBER',
    side: 'buy',
    type: 'market',
    lots: 3,
    reason: 'signal',
    createdAt: T0,
    status: 'new',
    filledLots: 0,
    updatedAt: T0,
    ...overrides,
  };
}

/** A fill of `lots` lots (10 pieces each) of `order`. */
export function makeFill(order: OrderRecord, lots: number, overrides: Partial<Fill> = {}): Fill {
  return {
    orderId: order.id,
    strategyId: order.strategyId,
    instrument: order.instrument,
    side: order.side,
    lots,
    quantity: lots * 10,
    price: 250.37,
    commission: 0.75,
    time: T0 + 1_000,
    reason: order.reason,
    ...overrides,
  };
}

/** `order` after `lots` more lots filled at `time`. */
export function afterFill(order: OrderRecord, lots: number, time = T0 + 1_000): OrderRecord {
  const filledLots = order.filledLots + lots;
  return {
    ...order,
    filledLots,
    status: filledLots === order.lots ? 'filled' : 'partially_filled',
    updatedAt: time,
  };
}

/** An account long 30 SBER in two lots and short 5 LKOH, with history on a flat VTBR. */
export function makeAccount(overrides: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return {
    cashNanos: 987_654_321_012_345_678_901n,
    initialCashNanos: 1_000_000_000_000_000n,
    time: T0 + 2_000,
    positions: [
      {
        instrument: 'SBER',
        quantity: 30,
        openLots: [
          { quantity: 10, priceNanos: 250_370_000_000n },
          { quantity: 20, priceNanos: 251_000_000_001n },
        ],
        costNanos: 10n * 250_370_000_000n + 20n * 251_000_000_001n,
        realizedNanos: -12_340_000_000n,
        commissionNanos: 2_250_000_000n,
        lastPrice: 251.5,
        trade: {
          strategyId: 'sma',
          direction: 'long',
          entryTime: T0,
          maxQuantity: 30,
          realizedNanos: 0n,
          commissionNanos: 1_500_000_000n,
        },
      },
      {
        instrument: 'LKOH',
        quantity: -5,
        openLots: [{ quantity: -5, priceNanos: 7_000_500_000_000n }],
        costNanos: -5n * 7_000_500_000_000n,
        realizedNanos: 0n,
        commissionNanos: 10_000_000n,
        lastPrice: 7_001,
      },
      {
        instrument: 'VTBR',
        quantity: 0,
        openLots: [],
        costNanos: 0n,
        realizedNanos: 1n,
        commissionNanos: 10_000_000n,
        lastPrice: Number.NaN,
      },
    ],
    ...overrides,
  };
}

/** What `accountDifferences` compares of a portfolio, as a snapshot (open lots aside). */
export function ledgerView(portfolio: Portfolio, time = T0): AccountSnapshot {
  return {
    cashNanos: portfolio.cashNanos,
    initialCashNanos: portfolio.initialCashNanos,
    time,
    positions: [...portfolio.allBooks()].map((book) => ({
      instrument: book.instrument.uid,
      quantity: book.quantity,
      openLots: [],
      costNanos: book.costNanos,
      realizedNanos: book.realizedNanos,
      commissionNanos: book.commissionNanos,
      lastPrice: book.last,
    })),
  };
}
