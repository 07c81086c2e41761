import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KOPECK_NANOS, toNanos } from '../domain/decimal.js';
import {
  COMMISSION_PRESETS,
  commissionFor,
  commissionKopecks,
  commissionKopecksFast,
  commissionModel,
  commissionRates,
  ratesKopecks,
} from './commission.js';

describe('commissionFor', () => {
  it('charges the tariff percent of lots × lot × price, rounded to the kopeck', () => {
    // 3 × 10 × 250.37 = 7511.1; 0.05% = 3.75555 → 3.76
    expect(commissionFor(COMMISSION_PRESETS.trader, 3, 10, 250.37)).toBe(3.76);
    // 2 × 10 × 250.37 = 5007.4; 0.3% = 15.0222 → 15.02
    expect(commissionFor(COMMISSION_PRESETS.investor, 2, 10, 250.37)).toBe(15.02);
    expect(commissionFor(COMMISSION_PRESETS.sandbox, 1, 1, 7000)).toBe(3.5);
  });

  it('rounds an exact half kopeck away from zero, where float arithmetic would not', () => {
    // 10 × 0.05% = 0.005 exactly; 10 * 0.0005 in doubles is 0.004999…
    expect(commissionFor(COMMISSION_PRESETS.trader, 1, 1, 10)).toBe(0.01);
    // 2.5 × 0.3% = 0.0075 → 0.01, but 1.5 × 0.3% = 0.0045 → 0.00
    expect(commissionFor(COMMISSION_PRESETS.investor, 1, 1, 2.5)).toBe(0.01);
    expect(commissionFor(COMMISSION_PRESETS.investor, 1, 1, 1.5)).toBe(0);
  });

  it('charges the minimum when the percent is smaller, and rounds the minimum too', () => {
    expect(commissionFor({ percent: 0.05, minimum: 1 }, 1, 1, 100)).toBe(1);
    expect(commissionFor({ percent: 0.05, minimum: 1 }, 100, 10, 100)).toBe(50);
    expect(commissionFor({ percent: 0, minimum: 0.005 }, 1, 1, 100)).toBe(0.01);
    expect(commissionFor({ percent: 0, minimum: 0 }, 5, 10, 100)).toBe(0);
  });

  it('stays exact for notionals beyond double precision of kopecks', () => {
    // 9 999 lots × 1000 × 123 456.789 = 1 234 444 433 211.1 RUB; 0.05% = 617 222 216.60555
    expect(commissionFor(COMMISSION_PRESETS.trader, 9_999, 1_000, 123_456.789)).toBe(
      617_222_216.61,
    );
  });

  it('refuses negative rates, unknown presets and fractional lots', () => {
    expect(() => commissionModel({ percent: -0.1, minimum: 0 })).toThrow(/>= 0/);
    expect(() => commissionModel('vip' as never)).toThrow(/unknown commission preset/);
    expect(() => commissionFor(COMMISSION_PRESETS.trader, 1.5, 10, 100)).toThrow(/integers/);
    expect(commissionModel('investor')).toEqual({ percent: 0.3, minimum: 0 });
  });
});

describe('commission properties', () => {
  // Prices as whole nanos on a 0.001 grid, percents in thousandths of a percent.
  const priceNanos = fc.bigInt({ min: 1n, max: 10_000_000n }).map((n) => n * 1_000_000n);
  const input = fc.record({
    lots: fc.integer({ min: 1, max: 100_000 }),
    lot: fc.constantFrom(1, 10, 100, 1000),
    priceNanos,
    percentMilli: fc.integer({ min: 0, max: 1000 }),
    minimumKopecks: fc.integer({ min: 0, max: 10_000 }),
  });

  it('is a whole number of kopecks within half a kopeck of the exact rate, or the minimum', () => {
    fc.assert(
      fc.property(input, ({ lots, lot, priceNanos, percentMilli, minimumKopecks }) => {
        const model = { percent: percentMilli / 1000, minimum: minimumKopecks / 100 };
        const price = Number(priceNanos) / 1e9;
        const result = commissionFor(model, lots, lot, price);
        const nanos = toNanos(result);
        expect(nanos % KOPECK_NANOS).toBe(0n);
        // exact commission in kopecks = notional nanos × percentMilli / (1000 × 100 × 1e7) …
        const numerator = BigInt(lots) * BigInt(lot) * priceNanos * BigInt(percentMilli);
        const denominator = 1000n * 100n * KOPECK_NANOS;
        const kopecks = nanos / KOPECK_NANOS;
        if (kopecks === BigInt(minimumKopecks) && kopecks * denominator > numerator) return;
        // … and the result differs from it by at most half a kopeck.
        const error = kopecks * denominator - numerator;
        expect((error < 0n ? -error : error) * 2n <= denominator).toBe(true);
        expect(kopecks >= BigInt(minimumKopecks)).toBe(true);
      }),
    );
  });

  it('never falls when more lots are traded', () => {
    fc.assert(
      fc.property(input, fc.integer({ min: 1, max: 1000 }), (value, extra) => {
        const model = { percent: value.percentMilli / 1000, minimum: value.minimumKopecks / 100 };
        const base = commissionKopecks(model, value.lots, value.lot, value.priceNanos);
        const more = commissionKopecks(model, value.lots + extra, value.lot, value.priceNanos);
        expect(more >= base).toBe(true);
      }),
    );
  });
});

describe('commissionKopecksFast', () => {
  /** The fast result must be the bigint one exactly, or NaN (then the caller uses bigints). */
  const agrees = (
    model: { percent: number; minimum: number },
    lots: number,
    lot: number,
    priceNanos: bigint,
  ) => {
    const rates = commissionRates(model);
    const exact = commissionKopecks(model, lots, lot, priceNanos);
    expect(ratesKopecks(rates, lots, lot, priceNanos)).toBe(exact);
    const fast = commissionKopecksFast(rates, lots, lot, Number(priceNanos));
    if (!Number.isNaN(fast)) expect(BigInt(fast)).toBe(exact);
    return fast;
  };

  it('equals the bigint commission for random lots, lots sizes, prices, steps and rates', () => {
    const step = fc.constantFrom(1n, 1_000n, 1_000_000n, 5_000_000n, 10_000_000n, 500_000_000n);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.constantFrom(1, 10, 100, 1000, 1_000_000),
        step,
        fc.bigInt({ min: 1n, max: 10_000_000_000n }),
        fc.integer({ min: 0, max: 3_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (lots, lot, stepNanos, ticks, percentMicro, minimumKopecks) => {
          const priceNanos = ticks * stepNanos;
          fc.pre(priceNanos <= BigInt(Number.MAX_SAFE_INTEGER));
          agrees(
            { percent: percentMicro / 1e6, minimum: minimumKopecks / 100 },
            lots,
            lot,
            priceNanos,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rounds notionals exactly half a kopeck (and one nano either side) like the bigint path', () => {
    // 0.05% is 1/2e10 kopecks per nano of notional: a notional of (2k + 1) × 1e10 nanos
    // is exactly k + ½ kopecks; float arithmetic on the rate would round some of these down.
    const trader = COMMISSION_PRESETS.trader;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400_000 }), fc.integer({ min: -1, max: 1 }), (k, d) => {
        const notional = BigInt(2 * k + 1) * 10_000_000_000n + BigInt(d);
        fc.pre(notional > 0n);
        const fast = agrees(trader, 1, 1, notional);
        expect(Number.isNaN(fast)).toBe(false);
        expect(fast).toBe(d < 0 ? k : k + 1);
      }),
    );
    // 0.3% is 3/1e10: a notional of n nanos is 3n/1e10 kopecks, a half when 3n ≡ 5e9 (mod 1e10).
    const investor = COMMISSION_PRESETS.investor;
    for (const notional of [5_000_000_000n / 3n, 1_666_666_667n, 1_666_666_666n, 8_333_333_333n]) {
      agrees(investor, 1, 1, notional);
    }
  });

  it('gives NaN, never a wrong number, when the notional leaves the safe range', () => {
    const rates = commissionRates(COMMISSION_PRESETS.trader);
    // 9 999 × 1000 × 123 456.789 RUB is about 1.2 × 10^21 nanos.
    expect(commissionKopecksFast(rates, 9_999, 1_000, 123_456_789_000_000)).toBeNaN();
    expect(commissionKopecksFast(rates, 1.5, 10, 100)).toBeNaN();
    expect(commissionKopecksFast(rates, 1, 10, 100.5)).toBeNaN();
    // A rate whose fraction has no safe denominator (1e-9 %) goes to bigints too.
    expect(
      commissionKopecksFast(commissionRates({ percent: 1e-9, minimum: 0 }), 1, 1, 1e9),
    ).toBeNaN();
  });
});
