/**
 * A small built-in market for demos, paper trading without a token and tests:
 * SYNTHETIC one-minute candles of three MOEX-like shares, made by a seeded generator so
 * that every run, on every machine, gets the same prices. Not real market data.
 * @module
 */
import { formatNanos, toNanos } from '../decimal.js';
import type { InstrumentSpec } from '../instruments/Instrument.js';
import type { CandleInput } from './candles.js';

/** Options of {@link sampleMarket}. */
export interface SampleMarketOptions {
  /** Trading days (weekdays) to generate; default 3. */
  readonly days?: number;
  /** The first day, `YYYY-MM-DD` (moved on to a weekday); default `2024-03-11`, a Monday. */
  readonly firstDay?: string;
  /** Seed of the generator; default 1. */
  readonly seed?: number;
}

/** Instruments and candles as {@link sampleMarket} returns them. */
export interface SampleMarket {
  readonly instruments: readonly InstrumentSpec[];
  readonly candles: readonly {
    readonly instrument: string;
    readonly interval: '1m';
    readonly candles: CandleInput[];
  }[];
  /** The first candle's time: a good start for the exchange clock. */
  readonly start: number;
  /** The end of the last candle. */
  readonly end: number;
}

interface Profile {
  readonly spec: InstrumentSpec;
  readonly startPrice: string;
  /** Typical one-minute move, as a fraction of the price. */
  readonly volatility: number;
}

const PROFILES: readonly Profile[] = [
  {
    spec: {
      ticker: 'SBER',
      name: 'Sber-like share (SYNTHETIC sample data)',
      lot: 10,
      minPriceIncrement: '0.01',
    },
    startPrice: '280.00',
    volatility: 0.0007,
  },
  {
    spec: {
      ticker: 'GAZP',
      name: 'Gazprom-like share (SYNTHETIC sample data)',
      lot: 10,
      minPriceIncrement: '0.01',
    },
    startPrice: '160.00',
    volatility: 0.0009,
  },
  {
    spec: {
      ticker: 'LKOH',
      name: 'Lukoil-like share (SYNTHETIC sample data)',
      lot: 1,
      minPriceIncrement: '0.5',
    },
    startPrice: '7000.0',
    volatility: 0.0006,
  },
];

/** Main and evening sessions in UTC minutes of the day (10:00–18:40, 19:05–23:50 MSK). */
const SESSIONS: readonly (readonly [number, number])[] = [
  [7 * 60, 15 * 60 + 40],
  [16 * 60 + 5, 20 * 60 + 50],
];

const DAY = 86_400_000;
const SQRT3 = 1.7320508075688772;
const MINUTE = 60_000;

/** mulberry32: a tiny PRNG with integer arithmetic only, so results never vary by platform. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A roughly normal draw (Irwin–Hall of four uniforms), mean 0, deviation 1. */
function normal(random: () => number): number {
  return (random() + random() + random() + random() - 2) * SQRT3;
}

/** Weekdays from `firstDay` on, as UTC midnights. */
function tradingDays(firstDay: string, count: number): number[] {
  const days: number[] = [];
  for (let day = Date.parse(`${firstDay}T00:00:00Z`); days.length < count; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(day);
  }
  return days;
}

function candlesOf(profile: Profile, days: readonly number[], random: () => number): CandleInput[] {
  const step = toNanos(profile.spec.minPriceIncrement ?? '0.01');
  const startTicks = Number(toNanos(profile.startPrice) / step);
  const price = (ticks: number) => formatNanos(BigInt(ticks) * step);
  let close = startTicks;
  const candles: CandleInput[] = [];
  for (const day of days) {
    for (const [from, to] of SESSIONS) {
      for (let minute = from; minute < to; minute++) {
        const sigma = profile.volatility * close;
        // A gentle pull back to the start price keeps a long replay in a sensible range.
        const drift = (startTicks - close) * 0.002;
        const open = close;
        close = Math.max(1, open + Math.round(normal(random) * sigma + drift));
        const high = Math.max(open, close) + Math.round(Math.abs(normal(random)) * sigma * 0.5);
        const low = Math.max(
          1,
          Math.min(open, close) - Math.round(Math.abs(normal(random)) * sigma * 0.5),
        );
        candles.push({
          time: day + minute * MINUTE,
          open: price(open),
          high: price(high),
          low: price(low),
          close: price(close),
          volume: 20 + Math.floor(random() * 400),
        });
      }
    }
  }
  return candles;
}

/**
 * SYNTHETIC one-minute candles of three MOEX-like shares on TQBR — SBER-like (lot 10,
 * step 0.01), GAZP-like (lot 10, step 0.01) and LKOH-like (lot 1, step 0.5) — over a few
 * weekdays of main and evening sessions. Deterministic for a given seed.
 * @example
 * const exchange = new FakeExchange({ market: sampleMarket({ days: 2 }) });
 */
export function sampleMarket(options: SampleMarketOptions = {}): SampleMarket {
  const days = tradingDays(options.firstDay ?? '2024-03-11', options.days ?? 3);
  const random = generator(options.seed ?? 1);
  const candles = PROFILES.map((profile) => ({
    instrument: `${profile.spec.ticker}_TQBR`,
    interval: '1m' as const,
    candles: candlesOf(profile, days, random),
  }));
  const first = days[0]! + SESSIONS[0]![0] * MINUTE;
  const last = days.at(-1)! + SESSIONS.at(-1)![1] * MINUTE;
  return { instruments: PROFILES.map((p) => p.spec), candles, start: first, end: last };
}
