import { describe, expect, it } from 'vitest';
import { monthlyReturns } from './monthlyReturns.js';

describe('monthlyReturns', () => {
  it('chains month-end equity, the first month over the starting cash', () => {
    const times = [Date.UTC(2024, 0, 10), Date.UTC(2024, 0, 31, 12), Date.UTC(2024, 1, 15)];
    const months = monthlyReturns(times, [105, 110, 99], 100);
    expect(months).toEqual([
      { year: 2024, month: 1, value: 110 / 100 - 1 },
      { year: 2024, month: 2, value: 99 / 110 - 1 },
    ]);
  });

  it('counts Moscow months: 22:00 UTC on the last day of January is February in Moscow', () => {
    const months = monthlyReturns([Date.UTC(2024, 0, 31, 22)], [120], 100);
    expect(months).toEqual([{ year: 2024, month: 2, value: 120 / 100 - 1 }]);
  });

  it('is empty for an empty curve', () => {
    expect(monthlyReturns([], [], 100)).toEqual([]);
  });
});
