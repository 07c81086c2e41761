import { describe, expect, it } from 'vitest';
import {
  commission,
  formatNanos,
  fromQuotation,
  isWellFormedQuotation,
  toNanos,
  toQuotation,
} from './decimal.js';

describe('exact decimals', () => {
  it('parse numbers and strings without float drift', () => {
    expect(toNanos('280.15')).toBe(280_150_000_000n);
    expect(toNanos(0.1 + 0.2)).toBe(300_000_000n);
    expect(toNanos('-0.5')).toBe(-500_000_000n);
    expect(toNanos('.25')).toBe(250_000_000n);
    expect(() => toNanos('1.0000000001')).toThrow(RangeError);
    expect(() => toNanos('abc')).toThrow(RangeError);
    expect(formatNanos(280_150_000_000n)).toBe('280.15');
    expect(formatNanos(-1n)).toBe('-0.000000001');
  });

  it('give quotations whose nano has the sign of units', () => {
    expect(toQuotation(toNanos('-1.5'))).toEqual({ units: -1, nano: -500_000_000 });
    expect(toQuotation(toNanos('-0.25'))).toEqual({ units: 0, nano: -250_000_000 });
    expect(fromQuotation({ units: -1, nano: -500_000_000 })).toBe(-1_500_000_000n);
    expect(isWellFormedQuotation({ units: 1, nano: -5 })).toBe(false);
    expect(isWellFormedQuotation({ units: 0, nano: 1_000_000_000 })).toBe(false);
  });

  it('charge commission per trade, rounded half up to the kopeck', () => {
    const percent = toNanos('0.05');
    expect(formatNanos(commission(toNanos('1001'), percent))).toBe('0.5'); // 0.5005
    expect(formatNanos(commission(toNanos('1003'), percent))).toBe('0.5'); // 0.5015 → 0.50
    expect(formatNanos(commission(toNanos('1010'), percent))).toBe('0.51'); // 0.505 → 0.51
    expect(formatNanos(commission(toNanos('7000'), percent))).toBe('3.5');
  });
});
