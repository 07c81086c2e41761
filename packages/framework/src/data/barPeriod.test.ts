import { describe, expect, it } from 'vitest';
import { periodEnd, periodOf, splitByPeriod } from './barPeriod.js';

describe('periods', () => {
  it('names UTC months, whatever the Moscow date', () => {
    // 2026-09-01 01:00 in Moscow is still August in UTC.
    expect(periodOf(Date.UTC(2026, 7, 31, 22, 0))).toBe('2026-08');
    expect(periodOf(Date.UTC(2026, 8, 1, 0, 0))).toBe('2026-09');
    expect(periodOf(Date.UTC(1969, 11, 31, 23, 59))).toBe('1969-12');
    expect(periodEnd(Date.UTC(2026, 11, 15))).toBe(Date.UTC(2027, 0, 1));
  });

  it('splits sorted times into runs of one month', () => {
    const times = [
      Date.UTC(2026, 6, 31, 23, 59),
      Date.UTC(2026, 7, 1),
      Date.UTC(2026, 7, 20),
      Date.UTC(2026, 9, 2),
    ];
    expect(splitByPeriod(times)).toEqual([
      ['2026-07', 0, 1],
      ['2026-08', 1, 3],
      ['2026-10', 3, 4],
    ]);
    expect(splitByPeriod([])).toEqual([]);
  });
});
