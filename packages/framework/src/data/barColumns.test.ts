import { describe, expect, it } from 'vitest';
import {
  barsFromColumns,
  columnsFromBars,
  mergeBarColumns,
  sameBarColumns,
  sortedUniqueBars,
} from './barColumns.js';
import { bars } from './data.fixture.js';

const T0 = Date.UTC(2026, 0, 5, 7, 0);

describe('bar columns', () => {
  it('round-trips bars through columns', () => {
    const input = bars('SBER', 5, T0);
    expect(barsFromColumns(columnsFromBars(input), 'SBER')).toEqual(input);
    expect(barsFromColumns(columnsFromBars(input), 'uid-1', 1, 3).map((b) => b.instrument)).toEqual(
      ['uid-1', 'uid-1'],
    );
  });

  it('merges two sorted sets, the newer bar winning at an equal time', () => {
    const older = columnsFromBars(bars('SBER', 4, T0)); // minutes 0..3
    const newer = columnsFromBars(bars('SBER', 3, T0 + 2 * 60_000, { seed: 5 })); // minutes 2..4
    const merged = mergeBarColumns(older, newer);
    expect([...merged.time]).toEqual([0, 1, 2, 3, 4].map((m) => T0 + m * 60_000));
    expect(merged.close[1]).toBe(older.close[1]);
    expect(merged.close[2]).toBe(newer.close[0]);
    expect(merged.close[4]).toBe(newer.close[2]);
    expect(sameBarColumns(merged, older)).toBe(false);
    expect(sameBarColumns(mergeBarColumns(older, older), older)).toBe(true);
  });

  it('sorts bars and keeps the last of a repeated time', () => {
    const [a, b, c] = bars('SBER', 3, T0);
    const again = { ...b!, close: 1 };
    expect(sortedUniqueBars([c!, a!, b!, again])).toEqual([a, again, c]);
    const sorted = [a!, b!, c!];
    expect(sortedUniqueBars(sorted)).toBe(sorted);
  });
});
