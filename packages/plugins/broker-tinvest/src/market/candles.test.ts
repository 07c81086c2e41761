import { describe, expect, it } from 'vitest';
import { requestWindows, toBar } from './candles.js';

describe('requestWindows', () => {
  it('splits a range by the per-interval request limit', () => {
    const day = 86_400_000;
    expect(requestWindows('1m', 0, 2.5 * day)).toEqual([
      [0, day],
      [day, 2 * day],
      [2 * day, 2.5 * day],
    ]);
    expect(requestWindows('1h', 0, 10 * day)).toEqual([[0, 10 * day]]);
    expect(requestWindows('1m', 5, 5)).toEqual([]);
  });
});

describe('toBar', () => {
  it('converts quotations exactly, with nano of the sign of units', () => {
    const q = (units: number, nano: number) => ({ units, nano });
    const bar = toBar('SBER', {
      open: q(250, 370_000_000),
      high: q(251, 0),
      low: q(0, 1),
      close: q(-1, -500_000_000),
      volume: 12,
      time: new Date(Date.UTC(2026, 0, 5, 7, 0)),
    });
    expect(bar).toEqual({
      instrument: 'SBER',
      time: Date.UTC(2026, 0, 5, 7, 0),
      open: 250.37,
      high: 251,
      low: 0.000000001,
      close: -1.5,
      volume: 12,
    });
  });
});
