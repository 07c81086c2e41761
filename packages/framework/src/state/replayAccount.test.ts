import { afterEach, describe, expect, it } from 'vitest';
import { defineInstrument } from '../domain/instrument.js';
import type { Fill } from '../domain/order.js';
import { Portfolio } from '../domain/portfolio.js';
import type { AccountSnapshot } from './AccountSnapshot.js';
import { openSqliteStateStore } from './openSqliteStateStore.js';
import { afterFill, ledgerView, makeOrder, T0 } from './records.fixture.js';
import { accountDifferences, replayAccount } from './replayAccount.js';
import type { SqliteStateStore } from './SqliteStateStore.js';

const SBER = defineInstrument({ ticker: 'SBER', lot: 10, minPriceIncrement: 0.01 });
const LKOH = defineInstrument({ ticker: 'LKOH', lot: 1, minPriceIncrement: 0.5 });
const INITIAL = 1_000_000_000_000_000n;

/** Buys in two lots, sells across both (FIFO), flips short, and trades a second name. */
const TRADES: Array<[instrument: string, side: 'buy' | 'sell', lots: number, price: number]> = [
  ['SBER', 'buy', 3, 250.37],
  ['SBER', 'buy', 2, 251.01],
  ['LKOH', 'sell', 4, 7000.5],
  ['SBER', 'sell', 4, 252.99],
  ['SBER', 'sell', 3, 249.5],
  ['LKOH', 'buy', 1, 6990],
];

function fillsOf(): Fill[] {
  return TRADES.map(([instrument, side, lots, price], i) => ({
    orderId: `o${i}`,
    strategyId: 'sma',
    instrument,
    side,
    lots,
    quantity: lots * (instrument === 'SBER' ? 10 : 1),
    price,
    commission: Math.round(lots * price * 0.05) / 100,
    time: T0 + i * 60_000,
    reason: 'signal',
  }));
}

let store: SqliteStateStore | undefined;
afterEach(async () => {
  await store?.close();
});

describe('replayAccount', () => {
  it('rebuilds from stored fills exactly the ledger that booked them', async () => {
    const live = new Portfolio(INITIAL, [SBER, LKOH]);
    store = await openSqliteStateStore(':memory:');
    for (const [i, fill] of fillsOf().entries()) {
      live.applyFill(fill);
      const order = makeOrder(fill.orderId, { instrument: fill.instrument, lots: fill.lots });
      await store.recordOrder(order);
      await store.recordExecution({
        executionId: `x${i}`,
        fill,
        order: afterFill(order, fill.lots),
      });
    }
    live.mark('SBER', 251.77);

    const replayed = replayAccount({
      initialCashNanos: INITIAL,
      instruments: [SBER, LKOH],
      fills: await store.fills(),
      marks: [
        ['SBER', 251.77],
        ['LKOH', Number.NaN],
      ],
    });
    expect(accountDifferences(replayed, ledgerView(live))).toEqual([]);
    expect(replayed.position('SBER')).toEqual(live.position('SBER'));
    expect(replayed.position('LKOH')).toEqual(live.position('LKOH'));
    expect(replayed.equity).toBe(live.equity);
    // The FIFO lots and the round trip came back too: the next close reports the same trade.
    const close: Fill = { ...fillsOf()[0]!, side: 'buy', lots: 2, quantity: 20, price: 260 };
    const trade = live.applyFill(close);
    expect(trade).toMatchObject({ instrument: 'SBER', direction: 'short' });
    expect(replayed.applyFill(close)).toEqual(trade);
    expect(replayed.book('SBER').realizedNanos).toBe(live.book('SBER').realizedNanos);
  });

  it('refuses a fill of an instrument outside the run', () => {
    expect(() =>
      replayAccount({ initialCashNanos: INITIAL, instruments: [SBER], fills: fillsOf() }),
    ).toThrow(expect.objectContaining({ code: 'MOEXBOT_ERR_STATE_RECORD_INVALID' }));
  });
});

describe('accountDifferences', () => {
  it('names every field that differs', () => {
    const portfolio = replayAccount({
      initialCashNanos: INITIAL,
      instruments: [SBER, LKOH],
      fills: fillsOf(),
    });
    const saved = ledgerView(portfolio);
    const [sber] = saved.positions;
    const altered: AccountSnapshot = {
      ...saved,
      cashNanos: saved.cashNanos + 1n,
      positions: [
        { ...sber!, quantity: sber!.quantity + 10, lastPrice: 1 },
        { ...sber!, instrument: 'GAZP' },
      ],
    };
    expect(accountDifferences(portfolio, altered)).toEqual([
      expect.stringMatching(/^cash: [\d.]+ here, [\d.]+ saved$/),
      `SBER quantity: ${sber!.quantity} here, ${sber!.quantity + 10} saved`,
      `SBER last price: ${sber!.lastPrice} here, 1 saved`,
      'LKOH: has a ledger here, none saved',
      'GAZP: saved, but not part of this run',
    ]);
  });
});
