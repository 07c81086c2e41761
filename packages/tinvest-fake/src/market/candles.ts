/**
 * Candles as the exchange keeps them: exact prices in nanos, plus the two instants that
 * drive time — when a candle's first trade happens (`openAt`) and when its interval has
 * passed (`endAt`). Parsing checks what tests hand in; aggregation builds coarse
 * intervals from the finest loaded one.
 * @module
 */
import { type DecimalInput, toNanos } from '../decimal.js';

/** A candle as a test loads it. Prices are numbers or exact decimal strings. */
export interface CandleInput {
  /** Start of the interval: UTC ms, a `Date` or an ISO string. */
  readonly time: number | Date | string;
  readonly open: DecimalInput;
  readonly high: DecimalInput;
  readonly low: DecimalInput;
  readonly close: DecimalInput;
  /** Traded volume in lots (0 when omitted). */
  readonly volume?: number;
}

/** A stored candle. */
export interface Candle {
  /** Start of the interval (UTC ms): the `time` the API reports. */
  readonly time: number;
  /** When the candle's first trade happens: `time`, or later for an aggregated bucket. */
  readonly openAt: number;
  /** When the interval has passed and the candle is complete: `time + interval`. */
  readonly endAt: number;
  readonly open: bigint;
  readonly high: bigint;
  readonly low: bigint;
  readonly close: bigint;
  readonly volume: number;
}

/** Time input as UTC ms. */
export function toTime(time: number | Date | string): number {
  const ms = typeof time === 'number' ? time : new Date(time).getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`"${String(time)}" is not a valid time`);
  return ms;
}

/** Validates and sorts loaded candles; throws on inconsistent OHLC or duplicate times. */
export function parseCandles(input: readonly CandleInput[], intervalMs: number): Candle[] {
  const candles = input.map((raw) => {
    const time = toTime(raw.time);
    const candle: Candle = {
      time,
      openAt: time,
      endAt: time + intervalMs,
      open: toNanos(raw.open),
      high: toNanos(raw.high),
      low: toNanos(raw.low),
      close: toNanos(raw.close),
      volume: raw.volume ?? 0,
    };
    const { open, high, low, close } = candle;
    if (low <= 0n || low > open || low > close || high < open || high < close) {
      throw new RangeError(`candle at ${new Date(time).toISOString()} has inconsistent OHLC`);
    }
    return candle;
  });
  candles.sort((a, b) => a.time - b.time);
  for (let i = 1; i < candles.length; i++) {
    if (candles[i]!.time === candles[i - 1]!.time) {
      throw new RangeError(`two candles at ${new Date(candles[i]!.time).toISOString()}`);
    }
  }
  return candles;
}

/** Merges `added` into `existing` (both sorted); a candle at the same time replaces the old. */
export function mergeCandles(existing: readonly Candle[], added: readonly Candle[]): Candle[] {
  const byTime = new Map(existing.map((candle) => [candle.time, candle]));
  for (const candle of added) byTime.set(candle.time, candle);
  return [...byTime.values()].sort((a, b) => a.time - b.time);
}

/**
 * Aggregates sorted base candles into buckets of `ms`, aligned to the UTC epoch (so a day
 * bucket starts at 00:00 UTC, which holds a whole MOEX trading day).
 */
export function aggregateCandles(base: readonly Candle[], ms: number): Candle[] {
  const result: Candle[] = [];
  let bucket: { -readonly [K in keyof Candle]: Candle[K] } | undefined;
  for (const candle of base) {
    const time = Math.floor(candle.time / ms) * ms;
    if (bucket && bucket.time === time) {
      if (candle.high > bucket.high) bucket.high = candle.high;
      if (candle.low < bucket.low) bucket.low = candle.low;
      bucket.close = candle.close;
      bucket.volume += candle.volume;
      continue;
    }
    if (bucket) result.push(bucket);
    bucket = { ...candle, time, openAt: candle.openAt, endAt: time + ms };
  }
  if (bucket) result.push(bucket);
  return result;
}

/**
 * What a candle looks like at `now`: complete once its interval has passed, otherwise the
 * forming candle as known at its first trade — open, high, low and close all at the open,
 * volume 0. `undefined` before its first trade.
 */
export function candleAt(
  candle: Candle,
  now: number,
): { candle: Candle; complete: boolean } | undefined {
  if (now < candle.openAt) return undefined;
  if (now >= candle.endAt) return { candle, complete: true };
  const { open } = candle;
  return { candle: { ...candle, high: open, low: open, close: open, volume: 0 }, complete: false };
}
