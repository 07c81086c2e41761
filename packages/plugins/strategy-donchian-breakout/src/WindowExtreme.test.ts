import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WindowExtreme } from './WindowExtreme.js';

describe('WindowExtreme', () => {
  it('is NaN before the first value', () => {
    expect(new WindowExtreme(3, 'max').value).toBeNaN();
  });

  it('equals the max and min of the last `size` values, for any values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 200 }),
        (size, values) => {
          const highest = new WindowExtreme(size, 'max');
          const lowest = new WindowExtreme(size, 'min');
          values.forEach((value, i) => {
            highest.push(i, value);
            lowest.push(i, value);
            const window = values.slice(Math.max(0, i + 1 - size), i + 1);
            expect(highest.value).toBe(Math.max(...window));
            expect(lowest.value).toBe(Math.min(...window));
          });
        },
      ),
    );
  });

  it('handles gaps in the indexes as bars that left the window', () => {
    const highest = new WindowExtreme(3, 'max');
    highest.push(0, 9);
    highest.push(5, 1);
    expect(highest.value).toBe(1);
  });

  it('round-trips its state', () => {
    const lowest = new WindowExtreme(4, 'min');
    for (const [i, value] of [7, 3, 5, 6, 4].entries()) lowest.push(i, value);
    const copy = new WindowExtreme(4, 'min');
    copy.load(JSON.parse(JSON.stringify(lowest.state())));
    expect(copy.state()).toEqual({ indexes: [1, 4], values: [3, 4] });
    copy.push(5, 8);
    expect(copy.value).toBe(4);
    expect(() => new WindowExtreme(1, 'max').load({ indexes: [1, 2], values: [1, 2] })).toThrow(
      RangeError,
    );
    expect(() => new WindowExtreme(0, 'max')).toThrow(RangeError);
  });
});
