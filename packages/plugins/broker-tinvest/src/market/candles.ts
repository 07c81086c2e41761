/**
 * Candle conversions and the GetCandles request windows. Prices go through exact
 * nanos; bar times are the candle's open time in UTC ms.
 * @module
 */
import { type Bar, type BarInterval, nanosToNumber, quotationToNanos } from '@moex-bot/framework';
import type { Quotation } from 'tinkoff-invest-api/cjs/generated/common.js';
import {
  CandleInterval,
  SubscriptionInterval,
} from 'tinkoff-invest-api/cjs/generated/marketdata.js';

/** The request and subscription enums of each interval. */
export const INTERVALS: Readonly<
  Record<
    BarInterval,
    { candle: CandleInterval; subscription: SubscriptionInterval; maxRangeMs: number }
  >
> = {
  // The longest [from, to) one GetCandles request may span, per the API's limits.
  '1m': {
    candle: CandleInterval.CANDLE_INTERVAL_1_MIN,
    subscription: SubscriptionInterval.SUBSCRIPTION_INTERVAL_ONE_MINUTE,
    maxRangeMs: 86_400_000,
  },
  '5m': {
    candle: CandleInterval.CANDLE_INTERVAL_5_MIN,
    subscription: SubscriptionInterval.SUBSCRIPTION_INTERVAL_FIVE_MINUTES,
    maxRangeMs: 7 * 86_400_000,
  },
  '15m': {
    candle: CandleInterval.CANDLE_INTERVAL_15_MIN,
    subscription: SubscriptionInterval.SUBSCRIPTION_INTERVAL_FIFTEEN_MINUTES,
    maxRangeMs: 21 * 86_400_000,
  },
  '1h': {
    candle: CandleInterval.CANDLE_INTERVAL_HOUR,
    subscription: SubscriptionInterval.SUBSCRIPTION_INTERVAL_ONE_HOUR,
    maxRangeMs: 90 * 86_400_000,
  },
  '1d': {
    candle: CandleInterval.CANDLE_INTERVAL_DAY,
    subscription: SubscriptionInterval.SUBSCRIPTION_INTERVAL_ONE_DAY,
    maxRangeMs: 6 * 365 * 86_400_000,
  },
};

/** Splits [from, to) into windows no longer than the interval's request limit. */
export function requestWindows(
  interval: BarInterval,
  from: number,
  to: number,
): [number, number][] {
  const windows: [number, number][] = [];
  const step = INTERVALS[interval].maxRangeMs;
  for (let start = from; start < to; start += step)
    windows.push([start, Math.min(to, start + step)]);
  return windows;
}

function price(q: Quotation | undefined, what: string): number {
  if (q === undefined) throw new Error(`candle without ${what}`);
  return nanosToNumber(quotationToNanos(q));
}

/** A candle message (historic or streamed) as a bar of `instrument`. */
export function toBar(
  instrument: string,
  candle: {
    open?: Quotation | undefined;
    high?: Quotation | undefined;
    low?: Quotation | undefined;
    close?: Quotation | undefined;
    volume: number;
    time?: Date | undefined;
  },
): Bar {
  if (candle.time === undefined) throw new Error('candle without time');
  return {
    instrument,
    time: candle.time.getTime(),
    open: price(candle.open, 'open'),
    high: price(candle.high, 'high'),
    low: price(candle.low, 'low'),
    close: price(candle.close, 'close'),
    volume: candle.volume,
  };
}
