import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nanosToNumber } from './decimal.js';
import { NanoAmount } from './nanoAmount.js';

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Starting amounts from zero to far beyond 2^53 nanos, of both signs. */
const amountArb = fc.oneof(
  fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
  fc.bigInt({ min: -SAFE, max: SAFE }),
  fc.bigInt({ min: -(10n ** 19n), max: 10n ** 19n }),
  fc.constantFrom(0n, 1n, -1n, 999_999_999n, -999_999_999n, 1_000_000_000n, -1_000_000_000n),
  fc.constantFrom(SAFE, -SAFE, SAFE + 1n, -SAFE - 1n, 10n ** 18n, -(10n ** 18n)),
);

/** Steps: small, kopeck-sized, safe-sized, and some beyond 2^52 that take the bigint path. */
const deltaArb = fc.oneof(
  fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
  fc.integer({ min: -1000, max: 1000 }).map((k) => k * 10_000_000),
  fc.bigInt({ min: -SAFE, max: SAFE }).map(Number),
  fc.constantFrom(1e9, -1e9, 1e9 - 1, -(1e9 - 1), 2 ** 52, -(2 ** 52), 2 ** 52 + 2),
);

describe('NanoAmount', () => {
  it('holds exactly the bigint sum after any sequence of steps, and views it like nanosToNumber', () => {
    fc.assert(
      fc.property(amountArb, fc.array(deltaArb, { maxLength: 200 }), (start, deltas) => {
        const amount = new NanoAmount(start);
        let oracle = start;
        expect(amount.nanos).toBe(oracle);
        expect(Object.is(amount.toNumber(), nanosToNumber(oracle))).toBe(true);
        for (const delta of deltas) {
          amount.add(delta);
          oracle += BigInt(delta);
          expect(amount.nanos).toBe(oracle);
          expect(Object.is(amount.toNumber(), nanosToNumber(oracle))).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('takes bigint steps and amounts beyond 9 × 10^15 units', () => {
    const huge = 10n ** 30n;
    const amount = new NanoAmount(huge);
    amount.add(5);
    amount.addBig(-huge);
    expect(amount.nanos).toBe(5n);
    expect(amount.toNumber()).toBe(5e-9);
    amount.addBig(-(10n ** 26n));
    expect(amount.nanos).toBe(5n - 10n ** 26n);
    expect(amount.toNumber()).toBe(nanosToNumber(5n - 10n ** 26n));
  });

  it('refuses fractional steps like BigInt does', () => {
    expect(() => new NanoAmount(0n).add(0.5)).toThrow(RangeError);
  });
});
