import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LKOH, SBER, VTBR } from '../engine/engine.fixture.js';
import { formatNanos, parseDecimal } from './decimal.js';
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
          const fill: Fill = {
            orderId: `o-${n}`,
            strategyId: 's',
            instrument: instrument.uid,
            side: step.buy ? 'buy' : 'sell',
            lots: step.lots,
            quantity: step.lots * instrument.lot,
            // The ledger gets plain numbers, as brokers report them.
            price: Number(formatNanos(priceNanos)),
            commission: Number(formatNanos(commissionNanos)),
            time: n,
            reason: 'signal',
          };
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
