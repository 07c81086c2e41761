import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LKOH, SBER, VTBR } from '../engine/engine.fixture.js';
import { formatNanos, nanosToNumber, parseDecimal } from './decimal.js';
import { defineInstrument, type Instrument } from './instrument.js';
import type { Fill } from './order.js';
import { Portfolio } from './portfolio.js';

/** Instruments with very different prices, lots and steps. */
const TINY: Instrument = defineInstrument({
  ticker: 'TINY',
  lot: 1_000_000,
  minPriceIncrement: '0.000000001',
});
const INSTRUMENTS: Instrument[] = [SBER, LKOH, VTBR, TINY];
const STEP_NANOS = INSTRUMENTS.map((i) => parseDecimal(String(i.minPriceIncrement)));
const MAX_TICKS = [100_000n, 20_000n, 20_000n, 10_000n];

/** A random fill described in exact terms: ticks on the grid, kopecks of commission. */
const fillArb = fc.record({
  instrument: fc.nat({ max: INSTRUMENTS.length - 1 }),
  buy: fc.boolean(),
  lots: fc.integer({ min: 1, max: 50 }),
  ticks: fc.bigInt({ min: 1n, max: 100_000n }),
  kopecks: fc.bigInt({ min: 0n, max: 100_000n }),
});

/** Fill number `n` of a random step, handed to the ledger in plain numbers as brokers report them. */
function stepFill(
  n: number,
  instrument: Instrument,
  step: { buy: boolean; lots: number },
  priceNanos: bigint,
  commissionNanos: bigint,
): Fill {
  return {
    orderId: `o-${n}`,
    strategyId: 's',
    instrument: instrument.uid,
    side: step.buy ? 'buy' : 'sell',
    lots: step.lots,
    quantity: step.lots * instrument.lot,
    price: Number(formatNanos(priceNanos)),
    commission: Number(formatNanos(commissionNanos)),
    time: n,
    reason: 'signal',
  };
}

/** The signed amount, of `a`'s sign, that closes min(|a|, |b|). */
function absMin(a: bigint, b: bigint): bigint {
  const size = (a < 0n ? -a : a) < (b < 0n ? -b : b) ? (a < 0n ? -a : a) : b < 0n ? -b : b;
  return a < 0n ? -size : size;
}

describe('Portfolio ledger', () => {
  it('cash, positions and realised P&L equal an exact bigint recomputation after thousands of fills', () => {
    fc.assert(
      fc.property(fc.array(fillArb, { minLength: 1000, maxLength: 3000 }), (steps) => {
        const initial = 10_000_000n * 1_000_000_000n;
        const portfolio = new Portfolio(initial, INSTRUMENTS);
        let cash = initial;
        const quantity = INSTRUMENTS.map(() => 0n);
        let commissions = 0n;
        // Independent FIFO oracle: open lots per instrument as [signed pieces, price].
        const lots: [bigint, bigint][][] = INSTRUMENTS.map(() => []);
        let realizedOracle = 0n;
        for (const [n, step] of steps.entries()) {
          const instrument = INSTRUMENTS[step.instrument]!;
          const ticks = (step.ticks % MAX_TICKS[step.instrument]!) + 1n;
          const priceNanos = ticks * STEP_NANOS[step.instrument]!;
          const commissionNanos = step.kopecks * 10_000_000n;
          const pieces = BigInt(step.lots * instrument.lot);
          const fill = stepFill(n, instrument, step, priceNanos, commissionNanos);
          portfolio.applyFill(fill);
          let remaining = step.buy ? pieces : -pieces;
          const queue = lots[step.instrument]!;
          while (remaining !== 0n && queue.length > 0 && queue[0]![0] > 0n !== remaining > 0n) {
            const head = queue[0]!;
            const take = absMin(head[0], remaining);
            realizedOracle += take * (priceNanos - head[1]);
            head[0] -= take;
            remaining += take;
            if (head[0] === 0n) queue.shift();
          }
          if (remaining !== 0n) queue.push([remaining, priceNanos]);
          cash += (step.buy ? -pieces : pieces) * priceNanos - commissionNanos;
          quantity[step.instrument]! += step.buy ? pieces : -pieces;
          commissions += commissionNanos;
        }
        expect(portfolio.cashNanos).toBe(cash);
        expect(portfolio.commissionNanos).toBe(commissions);
        for (const [i, instrument] of INSTRUMENTS.entries()) {
          const book = portfolio.book(instrument.uid);
          expect(BigInt(book.quantity)).toBe(quantity[i]);
          const openCost = lots[i]!.reduce((sum, [q, p]) => sum + q * p, 0n);
          expect(book.costNanos).toBe(openCost);
        }
        // Realised + the cost of what is still open = net cash flow of all trades, exactly.
        let realized = 0n;
        let openCost = 0n;
        for (const book of portfolio.allBooks()) {
          realized += book.realizedNanos;
          openCost += book.costNanos;
        }
        expect(realized).toBe(realizedOracle);
        expect(initial - cash - commissions).toBe(openCost - realized);
      }),
      { numRuns: 25 },
    );
  });

  it('stays exact when fills take a book beyond 2^53 nanos (numbers, then bigints)', () => {
    // Small fills keep a book in plain numbers; a huge one (up to ~10^22 nanos of notional)
    // moves it to bigints. Every figure, and every round trip, must match bigints throughout.
    const BIG = defineInstrument({ ticker: 'BIG', lot: 1000, minPriceIncrement: 1 });
    const FINE = defineInstrument({ ticker: 'FINE', lot: 1, minPriceIncrement: '0.000000001' });
    const books = [BIG, FINE];
    const steps = [1_000_000_000n, 1n];
    const stepArb = fc.record({
      instrument: fc.nat({ max: 1 }),
      buy: fc.boolean(),
      lots: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5_000 })),
      ticks: fc.oneof(
        fc.bigInt({ min: 1n, max: 1_000n }),
        fc.bigInt({ min: 1n, max: 10_000_000n }),
        fc.bigInt({ min: 1n, max: 4_000_000_000_000_000n }),
      ),
      kopecks: fc.oneof(
        fc.bigInt({ min: 0n, max: 1_000n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
      ),
    });
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 300 }), (fills) => {
        const initial = 10n ** 20n;
        const portfolio = new Portfolio(initial, books);
        let cash = initial;
        const lots: [bigint, bigint][][] = books.map(() => []);
        const realized = books.map(() => 0n);
        const commission = books.map(() => 0n);
        const tradeNet = books.map(() => 0n);
        const tradeFee = books.map(() => 0n);
        for (const [n, step] of fills.entries()) {
          const instrument = books[step.instrument]!;
          const priceNanos = step.ticks * steps[step.instrument]!;
          // Prices the ledger can be handed as numbers exactly: beyond that, skip.
          const price = Number(formatNanos(priceNanos));
          fc.pre(parseDecimal(String(price)) === priceNanos);
          const fee = step.kopecks * 10_000_000n;
          const pieces = BigInt(step.lots * instrument.lot);
          const closed = portfolio.applyFill(stepFill(n, instrument, step, priceNanos, fee));
          const i = step.instrument;
          const queue = lots[i]!;
          if (queue.length === 0) {
            tradeNet[i] = 0n;
            tradeFee[i] = 0n;
          }
          commission[i]! += fee;
          tradeFee[i]! += fee;
          let remaining = step.buy ? pieces : -pieces;
          let closedHere = false;
          while (remaining !== 0n && queue.length > 0 && queue[0]![0] > 0n !== remaining > 0n) {
            const head = queue[0]!;
            const take = absMin(head[0], remaining);
            realized[i]! += take * (priceNanos - head[1]);
            tradeNet[i]! += take * (priceNanos - head[1]);
            head[0] -= take;
            remaining += take;
            if (head[0] === 0n) queue.shift();
            if (queue.length === 0) {
              closedHere = true;
              expect(closed).toBeDefined();
              expect(closed!.pnl).toBe(nanosToNumber(tradeNet[i]! - tradeFee[i]!));
              expect(closed!.commission).toBe(nanosToNumber(tradeFee[i]!));
              tradeNet[i] = 0n;
              tradeFee[i] = 0n;
            }
          }
          if (!closedHere) expect(closed).toBeUndefined();
          if (remaining !== 0n) queue.push([remaining, priceNanos]);
          cash += (step.buy ? -pieces : pieces) * priceNanos - fee;

          expect(portfolio.cashNanos).toBe(cash);
          expect(portfolio.cash).toBe(nanosToNumber(cash));
          const book = portfolio.book(instrument.uid);
          const cost = queue.reduce((sum, [q, p]) => sum + q * p, 0n);
          const quantity = queue.reduce((sum, [q]) => sum + q, 0n);
          expect(BigInt(book.quantity)).toBe(quantity);
          expect(book.costNanos).toBe(cost);
          expect(book.realizedNanos).toBe(realized[i]);
          expect(book.commissionNanos).toBe(commission[i]);
          expect(book.averagePrice).toBe(
            quantity === 0n ? Number.NaN : nanosToNumber(cost) / book.quantity,
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  it('moves a book from numbers to bigints when a fill would leave 2^53 nanos, exactly', () => {
    const BIG = defineInstrument({ ticker: 'BIG', lot: 1000, minPriceIncrement: 1 });
    const portfolio = new Portfolio(10n ** 20n, [BIG]);
    const book = portfolio.book('BIG');
    const mode = () => (book as unknown as { inNumbers: boolean }).inNumbers;
    const fill = (side: 'buy' | 'sell', lots: number, price: number, commission: number) =>
      portfolio.applyFill({
        orderId: 'o',
        strategyId: 's',
        instrument: 'BIG',
        side,
        lots,
        quantity: lots * 1000,
        price,
        commission,
        time: 0,
        reason: 'signal',
      });
    fill('buy', 2, 1_000, 0.01);
    expect(mode()).toBe(true);
    // 5 000 lots × 1000 × 2 000 000 RUB = 10^13 RUB = 10^22 nanos.
    fill('buy', 5_000, 2_000_000, 1_000_000.5);
    expect(mode()).toBe(false);
    const closed = fill('sell', 5_002, 2_000_001, 0.99);
    expect(book.quantity).toBe(0);
    expect(book.costNanos).toBe(0n);
    // (2 000 001 − 1 000) × 2 000 + 1 × 5 000 000 pieces, in nanos, less 1 000 001.5 RUB of fees.
    const gross = (2_000_001n - 1_000n) * 2_000n + 5_000_000n;
    expect(book.realizedNanos).toBe(gross * 1_000_000_000n);
    expect(closed?.pnl).toBe(nanosToNumber(gross * 1_000_000_000n - 1_000_001_500_000_000n));
    expect(portfolio.cashNanos).toBe(10n ** 20n + gross * 1_000_000_000n - 1_000_001_500_000_000n);
  });

  it('matches closing fills against the oldest lots first and reports the round trip', () => {
    const portfolio = new Portfolio(1_000_000, INSTRUMENTS);
    const base = { strategyId: 's', instrument: 'SBER', reason: 'signal' as const, commission: 1 };
    portfolio.applyFill({
      ...base,
      orderId: 'a',
      side: 'buy',
      lots: 1,
      quantity: 10,
      price: 100,
      time: 1,
    });
    portfolio.applyFill({
      ...base,
      orderId: 'b',
      side: 'buy',
      lots: 1,
      quantity: 10,
      price: 110,
      time: 2,
    });
    const none = portfolio.applyFill({
      ...base,
      orderId: 'c',
      side: 'sell',
      lots: 1,
      quantity: 10,
      price: 120,
      time: 3,
    });
    expect(none).toBeUndefined();
    expect(portfolio.book('SBER').realizedNanos).toBe(parseDecimal('200'));
    const closed = portfolio.applyFill({
      ...base,
      orderId: 'd',
      side: 'sell',
      lots: 1,
      quantity: 10,
      price: 105,
      time: 4,
    });
    expect(closed).toMatchObject({
      direction: 'long',
      entryTime: 1,
      exitTime: 4,
      maxQuantity: 20,
      pnl: 146,
      commission: 4,
    });
    expect(portfolio.cash).toBe(1_000_000 - 1000 - 1100 + 1200 + 1050 - 4);
    expect(portfolio.position('SBER').quantity).toBe(0);
  });

  it('splits a flipping fill into a closed trade and a new one in the other direction', () => {
    const portfolio = new Portfolio(1_000_000, INSTRUMENTS);
    const base = { strategyId: 's', instrument: 'LKOH', reason: 'signal' as const, commission: 0 };
    portfolio.applyFill({
      ...base,
      orderId: 'a',
      side: 'buy',
      lots: 2,
      quantity: 2,
      price: 7000,
      time: 1,
    });
    const closed = portfolio.applyFill({
      ...base,
      orderId: 'b',
      side: 'sell',
      lots: 5,
      quantity: 5,
      price: 7100.5,
      time: 2,
    });
    expect(closed).toMatchObject({ direction: 'long', pnl: 201 });
    expect(portfolio.position('LKOH')).toMatchObject({ quantity: -3, averagePrice: 7100.5 });
    const short = portfolio.applyFill({
      ...base,
      orderId: 'c',
      side: 'buy',
      lots: 3,
      quantity: 3,
      price: 7000,
      time: 3,
    });
    expect(short).toMatchObject({ direction: 'short', entryTime: 2, pnl: 301.5 });
  });

  it("values equity and gross exposure with each instrument's own last price", () => {
    const portfolio = new Portfolio(1_000_000, INSTRUMENTS);
    const base = { strategyId: 's', reason: 'signal' as const, commission: 0 };
    portfolio.applyFill({
      ...base,
      instrument: 'LKOH',
      orderId: 'a',
      side: 'buy',
      lots: 10,
      quantity: 10,
      price: 7000,
      time: 1,
    });
    portfolio.applyFill({
      ...base,
      instrument: 'SBER',
      orderId: 'b',
      side: 'sell',
      lots: 2,
      quantity: 20,
      price: 300,
      time: 1,
    });
    portfolio.mark('LKOH', 7100);
    portfolio.mark('SBER', 290);
    expect(portfolio.grossExposure).toBe(10 * 7100 + 20 * 290);
    expect(portfolio.equity).toBe(1_000_000 - 70_000 + 6_000 + 71_000 - 5_800);
  });
});
