/**
 * The candle store of the exchange. Each instrument's finest loaded interval is its base:
 * last prices and order matching come from it, and coarser intervals that were not loaded
 * are aggregated from it on first use.
 * @module
 */

import { CandleSeries } from './CandleSeries.js';
import { aggregateCandles, type Candle, mergeCandles } from './candles.js';

/** The last trade price an instrument shows at some instant. */
export interface LastTrade {
  readonly price: bigint;
  /** When that trade happened: the candle's first trade, or its end for a close. */
  readonly time: number;
}

/** Candles of all instruments, by instrument uid and interval. */
export class MarketData {
  private readonly native = new Map<string, Map<number, readonly Candle[]>>();
  private readonly cache = new Map<string, CandleSeries>();

  /** Adds candles (already parsed) of one instrument and interval. */
  load(uid: string, intervalMs: number, candles: readonly Candle[]): void {
    let byInterval = this.native.get(uid);
    if (!byInterval) {
      byInterval = new Map();
      this.native.set(uid, byInterval);
    }
    byInterval.set(intervalMs, mergeCandles(byInterval.get(intervalMs) ?? [], candles));
    for (const key of this.cache.keys()) if (key.startsWith(`${uid}|`)) this.cache.delete(key);
  }

  /** Uids of instruments with candles. */
  instruments(): string[] {
    return [...this.native.keys()];
  }

  /** The finest loaded series of an instrument. */
  base(uid: string): CandleSeries | undefined {
    const byInterval = this.native.get(uid);
    if (!byInterval || byInterval.size === 0) return undefined;
    return this.series(uid, Math.min(...byInterval.keys()));
  }

  /**
   * The series of `intervalMs`: loaded candles when there are any, else aggregated from
   * the base when the base interval divides it, else `undefined`.
   */
  series(uid: string, intervalMs: number): CandleSeries | undefined {
    const key = `${uid}|${intervalMs}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const byInterval = this.native.get(uid);
    if (!byInterval) return undefined;
    let candles = byInterval.get(intervalMs);
    if (!candles) {
      const baseMs = Math.min(...byInterval.keys());
      if (intervalMs % baseMs !== 0) return undefined;
      candles = aggregateCandles(byInterval.get(baseMs)!, intervalMs);
    }
    const series = new CandleSeries(intervalMs, candles);
    this.cache.set(key, series);
    return series;
  }

  /**
   * The last price at `now`: the close of the latest candle if it is complete, otherwise
   * the open of the candle still forming (its first trade). `undefined` before any trade.
   */
  lastTrade(uid: string, now: number): LastTrade | undefined {
    const candle = this.base(uid)?.latestOpened(now);
    if (!candle) return undefined;
    return now >= candle.endAt
      ? { price: candle.close, time: candle.endAt }
      : { price: candle.open, time: candle.openAt };
  }
}
