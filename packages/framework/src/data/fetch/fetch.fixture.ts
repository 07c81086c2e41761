/**
 * An in-memory venue for the fetch tests: minute bars of the main session (07:00–15:40
 * UTC) on weekdays, every `history` call logged by its window, and a switch that makes
 * calls fail after a number of successes, as a venue that goes away half-way.
 * @module
 */
import type { BarInterval, MarketDataSource } from '../../contracts/marketData.js';
import type { Bar } from '../../domain/bar.js';
import { defineInstrument, type Instrument } from '../../domain/instrument.js';

export const MINUTE = 60_000;
export const DAY = 86_400_000;
/** Monday 2024-03-11, 00:00 UTC. */
export const MONDAY = Date.UTC(2024, 2, 11);

export const SBER: Instrument = defineInstrument({
  uid: 'sber-uid',
  ticker: 'SBER',
  lot: 10,
  minPriceIncrement: 0.01,
});
export const GAZP: Instrument = defineInstrument({
  uid: 'gazp-uid',
  ticker: 'GAZP',
  lot: 10,
  minPriceIncrement: 0.01,
});

/** The session's minute bars of `instrument` with open time in [from, to). */
export function sessionBars(instrument: string, from: number, to: number): Bar[] {
  const bars: Bar[] = [];
  const base = instrument === SBER.uid ? 250 : 160;
  for (let day = Math.floor(from / DAY) * DAY; day < to; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (let minute = 7 * 60; minute < 15 * 60 + 40; minute++) {
      const time = day + minute * MINUTE;
      if (time < from || time >= to) continue;
      const close = base + (((time / MINUTE) * 7) % 301) / 100;
      bars.push({
        instrument,
        time,
        open: close - 0.05,
        high: close + 0.1,
        low: close - 0.1,
        close,
        volume: 1 + ((time / MINUTE) % 37),
      });
    }
  }
  return bars;
}

/** A `MarketDataSource` serving {@link sessionBars}, logging each call. */
export function memorySource(options: { failAfter?: number; failWith?: Error } = {}) {
  const calls: { instrument: string; interval: BarInterval; from: number; to: number }[] = [];
  let failAfter = options.failAfter ?? Number.POSITIVE_INFINITY;
  const source: MarketDataSource = {
    async history(instrument, interval, from, to) {
      calls.push({ instrument: instrument.uid, interval, from, to });
      if (failAfter <= 0) throw options.failWith ?? new Error('UNAVAILABLE: venue went away');
      failAfter -= 1;
      return sessionBars(instrument.uid, from, to);
    },
    subscribe: () => Promise.reject(new Error('not used by fetch')),
    tradingAvailability: () => Promise.resolve({ tradable: true }),
  };
  return {
    source,
    calls,
    /** Calls per window, `uid@from`. */
    callsPerWindow(): Map<string, number> {
      const counts = new Map<string, number>();
      for (const call of calls) {
        const key = `${call.instrument}@${new Date(call.from).toISOString()}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    },
    /** Lets every further call succeed. */
    heal() {
      failAfter = Number.POSITIVE_INFINITY;
    },
  };
}
