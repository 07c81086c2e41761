import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNanos, parseDecimal } from './decimal.js';
import {
  nanosToQuotation,
  quotationFromDecimal,
  quotationToDecimal,
  quotationToNanos,
} from './quotation.js';

/** Any value a T-Invest int64 `units` can carry exactly in a number. */
const nanosArb = fc.bigInt({
  min: -(2n ** 53n - 1n) * 1_000_000_000n,
  max: (2n ** 53n - 1n) * 1_000_000_000n,
});

describe('Quotation', () => {
  it('round-trips every nanos value exactly, with nano carrying the sign of units', () => {
    fc.assert(
      fc.property(nanosArb, (nanos) => {
        const q = nanosToQuotation(nanos);
        expect(quotationToNanos(q)).toBe(nanos);
        expect(Math.abs(q.nano)).toBeLessThan(1e9);
        if (q.units !== 0 && q.nano !== 0) expect(Math.sign(q.nano)).toBe(Math.sign(q.units));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips decimal text exactly', () => {
    fc.assert(
      fc.property(nanosArb, (nanos) => {
        const text = formatNanos(nanos);
        expect(quotationToDecimal(quotationFromDecimal(text))).toBe(text);
        expect(parseDecimal(text)).toBe(nanos);
      }),
      { numRuns: 2000 },
    );
  });

  it('converts the documented examples', () => {
    expect(quotationFromDecimal('114.25')).toEqual({ units: 114, nano: 250_000_000 });
    expect(quotationFromDecimal('-0.000000001')).toEqual({ units: 0, nano: -1 });
    expect(quotationFromDecimal('-12.5')).toEqual({ units: -12, nano: -500_000_000 });
    expect(quotationToDecimal({ units: 0, nano: 10_000_000 })).toBe('0.01');
  });

  it('refuses a nano of the other sign or out of range', () => {
    expect(() => quotationToNanos({ units: 1, nano: -5 })).toThrow(/MOEXBOT_ERR|sign/);
    expect(() => quotationToNanos({ units: 0, nano: 1e9 })).toThrow(/out of range/);
    expect(() => quotationToNanos({ units: 1.5, nano: 0 })).toThrow(/out of range/);
    try {
      quotationToNanos({ units: -1, nano: 3 });
    } catch (error) {
      expect((error as { code: string }).code).toBe('MOEXBOT_ERR_DOMAIN_QUOTATION_INVALID');
    }
  });
});
