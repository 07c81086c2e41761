import { describe, expect, it } from 'vitest';
import { DEFAULT_BARS_START, makeBars } from './makeBars.js';

describe('makeBars', () => {
  it('derives opens from previous closes and highs and lows from open and close', () => {
    expect(
      makeBars('SBER', [300, 301.5, { close: 299, low: 298.5, high: 302, volume: 7 }]),
    ).toEqual([
      {
        instrument: 'SBER',
        time: DEFAULT_BARS_START,
        open: 300,
        high: 300,
        low: 300,
        close: 300,
        volume: 1000,
      },
      {
        instrument: 'SBER',
        time: DEFAULT_BARS_START + 60_000,
        open: 300,
        high: 301.5,
        low: 300,
        close: 301.5,
        volume: 1000,
      },
      {
        instrument: 'SBER',
        time: DEFAULT_BARS_START + 120_000,
        open: 301.5,
        high: 302,
        low: 298.5,
        close: 299,
        volume: 7,
      },
    ]);
  });

  it('keeps highs and lows around open and close whatever the row says', () => {
    const [bar] = makeBars('GAZP', [{ open: 130, close: 132, high: 131, low: 131 }], {
      start: 0,
      intervalMs: 5,
      volume: 3,
    });
    expect(bar).toEqual({
      instrument: 'GAZP',
      time: 0,
      open: 130,
      high: 132,
      low: 130,
      close: 132,
      volume: 3,
    });
  });

  it('starts inside the Moscow main session', () => {
    // 10:00 Moscow is 07:00 UTC.
    expect(new Date(DEFAULT_BARS_START).toISOString()).toBe('2026-09-01T07:00:00.000Z');
  });
});
