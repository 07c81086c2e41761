/**
 * Candle intervals: the friendly names tests use, the API enum, the length in ms and the
 * longest `GetCandles` range the real API allows for each.
 * @module
 */
import { CandleInterval } from 'tinkoff-invest-api/cjs/generated/marketdata.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A candle interval by name. */
export type IntervalName =
  | '1m'
  | '2m'
  | '3m'
  | '5m'
  | '10m'
  | '15m'
  | '30m'
  | '1h'
  | '2h'
  | '4h'
  | '1d';

/** One supported interval. */
export interface IntervalInfo {
  readonly name: IntervalName;
  /** The `CandleInterval` value; `SubscriptionInterval` uses the same numbers. */
  readonly api: CandleInterval;
  readonly ms: number;
  /** The longest `to - from` a `GetCandles` request may span (error 30014 beyond). */
  readonly maxRangeMs: number;
}

const TABLE: readonly IntervalInfo[] = [
  { name: '1m', api: CandleInterval.CANDLE_INTERVAL_1_MIN, ms: MINUTE, maxRangeMs: DAY },
  { name: '2m', api: CandleInterval.CANDLE_INTERVAL_2_MIN, ms: 2 * MINUTE, maxRangeMs: DAY },
  { name: '3m', api: CandleInterval.CANDLE_INTERVAL_3_MIN, ms: 3 * MINUTE, maxRangeMs: DAY },
  { name: '5m', api: CandleInterval.CANDLE_INTERVAL_5_MIN, ms: 5 * MINUTE, maxRangeMs: 7 * DAY },
  { name: '10m', api: CandleInterval.CANDLE_INTERVAL_10_MIN, ms: 10 * MINUTE, maxRangeMs: 7 * DAY },
  {
    name: '15m',
    api: CandleInterval.CANDLE_INTERVAL_15_MIN,
    ms: 15 * MINUTE,
    maxRangeMs: 21 * DAY,
  },
  {
    name: '30m',
    api: CandleInterval.CANDLE_INTERVAL_30_MIN,
    ms: 30 * MINUTE,
    maxRangeMs: 21 * DAY,
  },
  // "3 months" and "6 years" as the calendar allows at most: 92 days, 6 × 366 days.
  { name: '1h', api: CandleInterval.CANDLE_INTERVAL_HOUR, ms: HOUR, maxRangeMs: 92 * DAY },
  { name: '2h', api: CandleInterval.CANDLE_INTERVAL_2_HOUR, ms: 2 * HOUR, maxRangeMs: 92 * DAY },
  { name: '4h', api: CandleInterval.CANDLE_INTERVAL_4_HOUR, ms: 4 * HOUR, maxRangeMs: 92 * DAY },
  { name: '1d', api: CandleInterval.CANDLE_INTERVAL_DAY, ms: DAY, maxRangeMs: 6 * 366 * DAY },
];

const BY_NAME = new Map(TABLE.map((info) => [info.name, info]));
const BY_API = new Map<number, IntervalInfo>(TABLE.map((info) => [info.api, info]));

/** The interval for a name or an API enum value; `undefined` for unsupported ones. */
export function findInterval(interval: IntervalName | number): IntervalInfo | undefined {
  return typeof interval === 'number' ? BY_API.get(interval) : BY_NAME.get(interval);
}

/** Like {@link findInterval}, but throws for an unsupported interval (a test's mistake). */
export function intervalInfo(interval: IntervalName | number): IntervalInfo {
  const info = findInterval(interval);
  if (!info) throw new RangeError(`unsupported candle interval ${String(interval)}`);
  return info;
}
