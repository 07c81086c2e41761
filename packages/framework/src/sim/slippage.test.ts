import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toNanos } from '../domain/decimal.js';
import { isOnGrid, stepNanos } from '../domain/priceGrid.js';
import {
  checkSlippage,
  type SlippageModel,
  slipNanos,
  slipNanosNumber,
  slippedPrice,
} from './slippage.js';

const STEP_1 = stepNanos(1);
const STEP_HALF = stepNanos(0.5);
const KOPECK = stepNanos(0.01);
const NANO = stepNanos('0.000000001');

describe('slippage in ticks', () => {
  it('moves buys up and sells down by whole steps', () => {
    expect(slippedPrice(250, 'buy', { ticks: 2 }, STEP_1)).toBe(252);
    expect(slippedPrice(250, 'sell', { ticks: 2 }, STEP_1)).toBe(248);
    expect(slippedPrice(100, 'buy', { ticks: 3 }, STEP_HALF)).toBe(101.5);
    expect(slippedPrice(100, 'sell', { ticks: 3 }, STEP_HALF)).toBe(98.5);
    expect(slippedPrice(250.37, 'buy', { ticks: 1 }, KOPECK)).toBe(250.38);
    expect(slippedPrice(250.37, 'sell', { ticks: 1 }, KOPECK)).toBe(250.36);
    expect(slippedPrice(1.5, 'buy', { ticks: 3 }, NANO)).toBe(1.500000003);
    expect(slippedPrice(1.5, 'sell', { ticks: 3 }, NANO)).toBe(1.499999997);
  });

  it('first brings an off-grid reference onto the grid against the trader', () => {
    expect(slippedPrice(100.2, 'buy', { ticks: 1 }, STEP_HALF)).toBe(101);
    expect(slippedPrice(100.2, 'sell', { ticks: 1 }, STEP_HALF)).toBe(99.5);
    expect(slippedPrice(100.2, 'buy', 'none', STEP_HALF)).toBe(100.5);
    expect(slippedPrice(100.2, 'sell', { ticks: 0 }, STEP_HALF)).toBe(100);
  });
});

describe('slippage in basis points', () => {
  it('applies the exact rate, then rounds away from the trader onto the grid', () => {
    // 250.37 × 1.0003 = 250.445111 → 250.45; 250.37 × 0.9997 = 250.294889 → 250.29
    expect(slippedPrice(250.37, 'buy', { bps: 3 }, KOPECK)).toBe(250.45);
    expect(slippedPrice(250.37, 'sell', { bps: 3 }, KOPECK)).toBe(250.29);
    // 250 × 1.0001 = 250.025 → 251; 249.975 → 249
    expect(slippedPrice(250, 'buy', { bps: 1 }, STEP_1)).toBe(251);
    expect(slippedPrice(250, 'sell', { bps: 1 }, STEP_1)).toBe(249);
    // 100.5 × 1.001 = 100.6005 → 101; 100.5 × 0.999 = 100.3995 → 100
    expect(slippedPrice(100.5, 'buy', { bps: 10 }, STEP_HALF)).toBe(101);
    expect(slippedPrice(100.5, 'sell', { bps: 10 }, STEP_HALF)).toBe(100);
    // 1.234567891 × 1.0001 = 1.2346913477891 → 1.234691348; × 0.9999 = 1.2344444342109 → 1.234444434
    expect(slippedPrice(1.234567891, 'buy', { bps: 1 }, NANO)).toBe(1.234691348);
    expect(slippedPrice(1.234567891, 'sell', { bps: 1 }, NANO)).toBe(1.234444434);
  });

  it('keeps a result that lands exactly on the grid and accepts fractional bps', () => {
    // 100 × 1.0005 = 100.05 exactly: no extra step.
    expect(slippedPrice(100, 'buy', { bps: 5 }, KOPECK)).toBe(100.05);
    expect(slippedPrice(100, 'sell', { bps: 5 }, KOPECK)).toBe(99.95);
    // 100 × 1.000025 = 100.0025 → 100.01
    expect(slippedPrice(100, 'buy', { bps: 0.25 }, KOPECK)).toBe(100.01);
    expect(slippedPrice(100, 'buy', { bps: 0 }, KOPECK)).toBe(100);
  });
});

describe('slippage bounds', () => {
  it('never goes below one step', () => {
    expect(slippedPrice(0.01, 'sell', { ticks: 5 }, KOPECK)).toBe(0.01);
    expect(slippedPrice(3, 'sell', { bps: 20_000 }, STEP_1)).toBe(1);
    expect(slippedPrice(0.2, 'sell', 'none', STEP_HALF)).toBe(0.5);
  });

  it('refuses negative or fractional settings', () => {
    expect(() => checkSlippage({ ticks: -1 })).toThrow(/ticks/);
    expect(() => checkSlippage({ ticks: 1.5 })).toThrow(/ticks/);
    expect(() => checkSlippage({ bps: -2 })).toThrow(/bps/);
    expect(() => checkSlippage({ bps: Number.NaN })).toThrow(/bps/);
    expect(checkSlippage('none')).toBe('none');
  });
});

describe('slippage properties', () => {
  const step = fc.constantFrom(STEP_1, STEP_HALF, KOPECK, NANO, stepNanos(0.05), stepNanos(0.0025));
  const model: fc.Arbitrary<SlippageModel> = fc.oneof(
    fc.constant('none' as const),
    fc.record({ ticks: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ bps: fc.double({ min: 0, max: 500, noNaN: true }) }),
  );
  const reference = fc.bigInt({ min: 1n, max: 10_000_000_000_000n });

  it('is on the grid, at least one step, and never in the trader’s favour', () => {
    fc.assert(
      fc.property(
        reference,
        fc.constantFrom('buy', 'sell'),
        model,
        step,
        (price, side, slip, grid) => {
          const result = slipNanos(price, side, slip, grid);
          expect(isOnGrid(result, grid)).toBe(true);
          expect(result >= grid).toBe(true);
          if (side === 'buy') expect(result >= price).toBe(true);
          else expect(result <= price || result === grid).toBe(true);
        },
      ),
    );
  });

  it('moves by exactly n steps from an on-grid price in ticks mode', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 1_000_000 }),
        fc.integer({ min: 0, max: 50 }),
        step,
        (steps, ticks, grid) => {
          const price = BigInt(steps) * grid;
          expect(slipNanos(price, 'buy', { ticks }, grid)).toBe(price + BigInt(ticks) * grid);
          expect(slipNanos(price, 'sell', { ticks }, grid)).toBe(
            price - BigInt(ticks) * grid < grid ? grid : price - BigInt(ticks) * grid,
          );
        },
      ),
    );
  });

  it('number and nanos forms agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_000_000 }), model, (kopecks, slip) => {
        const price = kopecks / 100;
        expect(toNanos(slippedPrice(price, 'buy', slip, KOPECK))).toBe(
          slipNanos(toNanos(price), 'buy', slip, KOPECK),
        );
      }),
    );
  });
});

describe('slipNanosNumber', () => {
  it('equals slipNanos for ticks and none, and leaves bps (and unsafe values) to the bigint path', () => {
    const steps = [STEP_1, STEP_HALF, KOPECK, NANO, 3n, 2n ** 40n];
    const model = fc.oneof(
      fc.constant<SlippageModel>('none'),
      fc.integer({ min: 0, max: 1000 }).map((ticks): SlippageModel => ({ ticks })),
      fc.integer({ min: 0, max: 1_000_000_000 }).map((ticks): SlippageModel => ({ ticks })),
      fc.integer({ min: 0, max: 500 }).map((bps): SlippageModel => ({ bps })),
    );
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 16n }),
        fc.constantFrom(...steps),
        fc.constantFrom('buy' as const, 'sell' as const),
        model,
        (price, step, side, slippage) => {
          const fast = slipNanosNumber(Number(price), side, slippage, Number(step));
          const exact = slipNanos(price, side, slippage, step);
          // NaN is allowed for bps, and when a value on the way may leave 2^53.
          const ticks =
            slippage === 'none' ? 0n : 'ticks' in slippage ? BigInt(slippage.ticks) : -1n;
          const inRange = ticks >= 0n && price + (ticks + 1n) * step <= 2n ** 52n;
          if (Number.isNaN(fast)) expect(inRange).toBe(false);
          else expect(BigInt(fast)).toBe(exact);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
