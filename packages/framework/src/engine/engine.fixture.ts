/**
 * Helpers for engine tests: instruments with very different prices, bar builders
 * and a strategy that emits whatever a test scripts.
 * @module
 */

import { z } from 'zod';
import { defineStrategy } from '../contracts/define.js';
import type { Signal } from '../contracts/signal.js';
import type { Bar } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';

export const SBER: Instrument = {
  uid: 'SBER',
  ticker: 'SBER',
  classCode: 'TQBR',
  lot: 10,
  minPriceIncrement: 0.01,
  currency: 'RUB',
};
export const LKOH: Instrument = {
  uid: 'LKOH',
  ticker: 'LKOH',
  classCode: 'TQBR',
  lot: 1,
  minPriceIncrement: 0.5,
  currency: 'RUB',
};
export const VTBR: Instrument = {
  uid: 'VTBR',
  ticker: 'VTBR',
  classCode: 'TQBR',
  lot: 10000,
  minPriceIncrement: 0.000005,
  currency: 'RUB',
};
export const INSTRUMENTS = [SBER, LKOH, VTBR];

/** 2026-09-01 10:00 Moscow (a Tuesday), in UTC ms. */
export const START = Date.UTC(2026, 8, 1, 7, 0);
export const MINUTE = 60_000;

/** A flat bar: open = high = low = close. */
export function flatBar(instrument: string, time: number, price: number, volume = 1_000_000): Bar {
  return { instrument, time, open: price, high: price, low: price, close: price, volume };
}

/** Bars of several instruments at the same minutes, from per-instrument price lists. */
export function barsFromPrices(prices: Record<string, readonly number[]>, start = START): Bar[] {
  const bars: Bar[] = [];
  const length = Math.max(...Object.values(prices).map((p) => p.length));
  for (let i = 0; i < length; i++) {
    for (const [instrument, list] of Object.entries(prices)) {
      const price = list[i];
      if (price !== undefined) bars.push(flatBar(instrument, start + i * MINUTE, price));
    }
  }
  return bars;
}

/**
 * A strategy that returns `script(barIndex, bar)` on every bar; the bar index counts
 * the bars this strategy has seen.
 */
export function scripted(
  id: string,
  script: (index: number, bar: Bar) => Signal | Signal[] | undefined,
) {
  return defineStrategy({
    id,
    params: z.object({}),
    create: () => {
      let index = 0;
      return { onBar: (bar) => script(index++, bar) };
    },
  });
}
