/**
 * Entry and exit markers of trades on an instrument's display candles. Display candles
 * are aggregated, so a trade's time is moved to the candle that contains it: the chart
 * only places markers on times its series has.
 * @module
 */
import type { ClosedTrade } from '../domain/positionBook.js';
import { rub } from './html.js';

/** A lightweight-charts series marker (time in UTC seconds). */
export interface CandleMarker {
  readonly time: number;
  readonly position: 'aboveBar' | 'belowBar';
  readonly color: string;
  readonly shape: 'arrowUp' | 'arrowDown' | 'circle';
  readonly text: string;
}

/** Index of the last candle opening at or before `time`, or -1. */
function candleAt(times: ArrayLike<number>, time: number): number {
  let low = 0;
  let high = times.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (times[mid]! <= time) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/**
 * @example
 * const markers = candleMarkers(candles.time, result.trades.filter((t) => t.instrument === uid));
 */
export function candleMarkers(
  candleTimes: ArrayLike<number>,
  trades: readonly ClosedTrade[],
): CandleMarker[] {
  const markers: CandleMarker[] = [];
  const put = (time: number, marker: Omit<CandleMarker, 'time'>) => {
    const index = candleAt(candleTimes, time);
    if (index >= 0) markers.push({ time: candleTimes[index]! / 1_000, ...marker });
  };
  for (const trade of trades) {
    const long = trade.direction === 'long';
    put(trade.entryTime, {
      position: long ? 'belowBar' : 'aboveBar',
      color: long ? '#15803d' : '#b91c1c',
      shape: long ? 'arrowUp' : 'arrowDown',
      text: '',
    });
    put(trade.exitTime, {
      position: long ? 'aboveBar' : 'belowBar',
      color: trade.pnl >= 0 ? '#15803d' : '#b91c1c',
      shape: 'circle',
      text: rub(trade.pnl),
    });
  }
  // The chart wants markers in time order.
  return markers.sort((a, b) => a.time - b.time);
}
