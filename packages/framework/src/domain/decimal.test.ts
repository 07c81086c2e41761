import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatNanos,
  isSafeNanos,
  KOPECK_NANOS,
  nanosOf,
  nanosToNumber,
  parseDecimal,
  roundNanos,
  safeNanos,
  toNanos,
} from './decimal.js';
import { isOnGrid, roundPrice, roundToStep, roundToStepNumber, stepNanos } from './priceGrid.js';

const STEPS = [
  '1',
  '0.5',
  '0.05',
  '0.01',
  '0.001',
  '0.0001',
  '0.00001',
  '0.000001',
  '0.0000001',
  '0.00000001',
  '0.000000001',
];

describe('decimal', () => {
  it('parses plain, signed and exponent forms exactly', () => {
    expect(parseDecimal('250.37')).toBe(250_370_000_000n);
    expect(parseDecimal('-0.5')).toBe(-500_000_000n);
    expect(parseDecimal('1e-9')).toBe(1n);
    expect(parseDecimal('.25')).toBe(250_000_000n);
    expect(parseDecimal('1.5E+3')).toBe(1_500_000_000_000n);
    expect(() => parseDecimal('0.0000000001')).toThrow(/more than 9 decimal places/);
    expect(() => parseDecimal('12,5')).toThrow(/not a decimal number/);
  });

  it('converts numbers exactly as they print', () => {
    expect(toNanos(250.37)).toBe(250_370_000_000n);
    expect(toNanos(0.1 + 0.2)).toBe(300_000_000n);
    expect(toNanos(1e-9)).toBe(1n);
    expect(toNanos(-7000.5)).toBe(-7_000_500_000_000n);
  });

  it('number → nanos → number is the identity for values with at most 9 decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (nanos) => {
        const value = Number(formatNanos(nanos));
        expect(toNanos(value)).toBe(nanos);
        expect(nanosToNumber(nanos)).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('rounds to the kopeck half away from zero', () => {
    expect(roundNanos(parseDecimal('1.005'), KOPECK_NANOS)).toBe(parseDecimal('1.01'));
    expect(roundNanos(parseDecimal('1.0049'), KOPECK_NANOS)).toBe(parseDecimal('1'));
    expect(roundNanos(parseDecimal('-1.005'), KOPECK_NANOS)).toBe(parseDecimal('-1.01'));
  });
});

describe('price grid', () => {
  it('puts any price on every step from 1 down to 0.000000001', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STEPS),
        fc.bigInt({ min: 1n, max: 10n ** 16n }),
        fc.constantFrom('down', 'up', 'nearest' as const),
        (stepText, price, mode) => {
          const step = stepNanos(stepText);
          const rounded = roundToStep(price, step, mode);
          expect(isOnGrid(rounded, step)).toBe(true);
          expect(rounded - price < step && price - rounded < step).toBe(true);
          if (mode === 'down') expect(rounded <= price).toBe(true);
          if (mode === 'up') expect(rounded >= price).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('rounds number prices onto the grid', () => {
    expect(roundPrice(7000.3, stepNanos(0.5), 'nearest')).toBe(7000.5);
    expect(roundPrice(300.123, stepNanos('0.01'), 'down')).toBe(300.12);
    expect(roundPrice(0.1234567891, stepNanos(1e-9), 'nearest')).toBe(0.123456789);
  });

  it('refuses steps that are not positive decimals', () => {
    expect(() => stepNanos(0)).toThrow(/price step/);
    expect(() => stepNanos('0.0000000001')).toThrow(/price step/);
  });
});

describe('toNanos fast path', () => {
  it('agrees with exact parsing of the shortest decimal form, across magnitudes', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }),
        fc.integer({ min: 0, max: 9 }),
        (raw, digits) => {
          // A decimal with `digits` fractional digits, turned into the double nearest to it.
          const nanos = (raw / 10n ** BigInt(9 - digits)) * 10n ** BigInt(9 - digits);
          const value = Number(formatNanos(nanos));
          expect(toNanos(value)).toBe(parseDecimal(String(value)));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('stays exact for doubles that are not short decimals', () => {
    fc.assert(
      fc.property(fc.double({ min: -4e6, max: 4e6, noNaN: true }), (value) => {
        const text = String(value);
        const expected =
          /e-/.test(text) || (text.split('.')[1]?.length ?? 0) > 9 ? undefined : parseDecimal(text);
        if (expected !== undefined) expect(toNanos(value)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('number forms of nanos', () => {
  /** Numbers of every kind a ledger sees: grid prices, kopecks, long fractions, huge values. */
  const valueArb = fc.oneof(
    fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }).map((n) => Number(formatNanos(n))),
    fc.integer({ min: -10_000_000, max: 10_000_000 }).map((k) => k / 100),
    fc.double({ min: -1e7, max: 1e7, noNaN: true }),
    fc.double({ min: -1e20, max: 1e20, noNaN: true }),
    fc.constantFrom(0, -0, 4_194_303.999999999, 4_194_304, 9_007_199.254740991, 1e-10, 5e-10),
  );

  it('nanosOf is Number(toNanos(x)) or NaN, and safeNanos is it whenever that is safe', () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        const exact = toNanos(value);
        const fast = nanosOf(value);
        if (!Number.isNaN(fast)) {
          expect(BigInt(fast)).toBe(exact);
          expect(Object.is(fast, -0)).toBe(false);
        }
        const safe = safeNanos(value);
        const representable =
          exact <= BigInt(Number.MAX_SAFE_INTEGER) && exact >= -BigInt(Number.MAX_SAFE_INTEGER);
        if (representable) expect(BigInt(safe)).toBe(exact);
        else expect(safe).toBeNaN();
      }),
      { numRuns: 5000 },
    );
  });

  it('safeNanos throws for values that are not finite, like toNanos', () => {
    expect(() => safeNanos(Number.NaN)).toThrow();
    expect(() => safeNanos(Number.POSITIVE_INFINITY)).toThrow();
  });

  it('isSafeNanos decides exactly whether an integer result of safe integers is exact', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -BigInt(Number.MAX_SAFE_INTEGER), max: BigInt(Number.MAX_SAFE_INTEGER) }),
        fc.bigInt({ min: -BigInt(Number.MAX_SAFE_INTEGER), max: BigInt(Number.MAX_SAFE_INTEGER) }),
        (a, b) => {
          const safe = (x: bigint) =>
            x <= BigInt(Number.MAX_SAFE_INTEGER) && x >= -BigInt(Number.MAX_SAFE_INTEGER);
          for (const [computed, exact] of [
            [Number(a) + Number(b), a + b],
            [Number(a) - Number(b), a - b],
            [Number(a) * Number(b % 100_000n), a * (b % 100_000n)],
          ] as const) {
            expect(isSafeNanos(computed)).toBe(safe(exact));
            if (safe(exact)) expect(BigInt(computed)).toBe(exact);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('roundToStepNumber equals roundToStep wherever it answers, in every mode', () => {
    const steps = STEPS.map((text) => parseDecimal(text));
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }),
        fc.constantFrom(...steps, 3n, 7n, 2n ** 52n, 2n ** 52n + 1n),
        fc.constantFrom('down' as const, 'up' as const, 'nearest' as const),
        (price, step, mode) => {
          const fast = roundToStepNumber(Number(price), Number(step), mode);
          const exact = roundToStep(price, step, mode);
          // NaN is allowed only when a value on the way (price ± step) may leave 2^53.
          const inRange = (price < 0n ? -price : price) + step <= 2n ** 52n;
          if (Number.isNaN(fast)) expect(inRange).toBe(false);
          else expect(BigInt(fast)).toBe(exact);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
