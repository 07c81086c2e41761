import { describe, expect, it } from 'vitest';
import {
  captureAccount,
  checkAccountSnapshot,
  type LedgerBook,
  type LedgerSource,
} from './AccountSnapshot.js';
import { makeAccount, T0 } from './records.fixture.js';

/** A ledger as `Portfolio` will expose it once `PositionBook` has `lots()` and `openTrade()`. */
function ledgerOf(snapshot = makeAccount()): LedgerSource {
  const books: LedgerBook[] = snapshot.positions.map((position) => ({
    instrument: { uid: position.instrument },
    quantity: position.quantity,
    costNanos: position.costNanos,
    realizedNanos: position.realizedNanos,
    commissionNanos: position.commissionNanos,
    last: position.lastPrice,
    lots: () => position.openLots,
    openTrade: () => position.trade,
  }));
  const untouched: LedgerBook = {
    instrument: { uid: 'GAZP' },
    quantity: 0,
    costNanos: 0n,
    realizedNanos: 0n,
    commissionNanos: 0n,
    last: Number.NaN,
    lots: () => [],
    openTrade: () => undefined,
  };
  return {
    cashNanos: snapshot.cashNanos,
    initialCashNanos: snapshot.initialCashNanos,
    allBooks: () => [...books, untouched],
  };
}

describe('captureAccount', () => {
  it('takes every ledger with history, and leaves untouched books out', () => {
    const captured = captureAccount(ledgerOf(), makeAccount().time);
    expect(captured).toEqual(makeAccount());
    expect(captured.positions.map((p) => p.instrument)).toEqual(['SBER', 'LKOH', 'VTBR']);
    expect(() => checkAccountSnapshot(captured)).not.toThrow();
  });

  it('copies the lots, so later fills do not change a snapshot taken', () => {
    const lots = [{ quantity: 10, priceNanos: 5n }];
    const source = ledgerOf(
      makeAccount({
        positions: [
          {
            instrument: 'SBER',
            quantity: 10,
            openLots: lots,
            costNanos: 50n,
            realizedNanos: 0n,
            commissionNanos: 0n,
            lastPrice: 1,
          },
        ],
      }),
    );
    const captured = captureAccount(source, T0);
    lots[0] = { quantity: 99, priceNanos: 1n };
    expect(captured.positions[0]?.openLots).toEqual([{ quantity: 10, priceNanos: 5n }]);
  });
});

describe('checkAccountSnapshot', () => {
  const [sber, lkoh] = makeAccount().positions;

  it('accepts long, short and flat ledgers', () => {
    expect(() => checkAccountSnapshot(makeAccount())).not.toThrow();
  });

  it.each([
    ['quantity', { ...sber!, quantity: 29 }, 'open lots sum to 30 pieces, the position holds 29'],
    ['cost', { ...sber!, costNanos: 1n }, 'open lots cost'],
    ['sign', { ...lkoh!, quantity: 5, costNanos: -lkoh!.costNanos }, 'open lot of -5 pieces'],
    [
      'empty lot',
      { ...sber!, openLots: [...sber!.openLots, { quantity: 0, priceNanos: 1n }] },
      'open lot of 0',
    ],
    ['fraction', { ...sber!, quantity: 0.5, openLots: [] }, 'quantity is not an integer'],
  ])('refuses a wrong %s', (_, position, message) => {
    expect(() => checkAccountSnapshot(makeAccount({ positions: [position] }))).toThrow(message);
  });

  it('refuses an instrument listed twice', () => {
    expect(() => checkAccountSnapshot(makeAccount({ positions: [sber!, sber!] }))).toThrow(
      'position SBER: listed twice',
    );
  });
});
