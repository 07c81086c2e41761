/**
 * SYNTHETIC MOEX minute bars for tests, examples and benchmarks: deterministic from a seed,
 * inside real session hours, on each instrument's price grid. They are not market prices.
 * @module
 */
import type { Bar } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import { stepNanos } from '../domain/priceGrid.js';
import { MoexBotError } from '../errors.js';
import { moscowMinuteOfDay, parseMoscowDate } from '../market/moscowTime.js';
import { createSessionCalendar, type SessionName } from '../market/sessions.js';

/** A seeded source of random numbers (mulberry32): the same seed gives the same sequence. */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
}

/**
 * A deterministic random generator; `Math.random` would make runs unrepeatable.
 * @example
 * const random = seededRandom(42);
 * random.next(); // the same number on every machine, every run
 */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  let spare = Number.NaN;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const normal = (): number => {
    if (!Number.isNaN(spare)) {
      const value = spare;
      spare = Number.NaN;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  return { next, normal };
}

/** What the generator needs to know about an instrument. */
export interface SyntheticInstrumentSpec {
  readonly uid: string;
  readonly minPriceIncrement: number | string;
  /** Price of the first bar. */
  readonly startPrice: number;
  /** Standard deviation of daily log returns; default 0.02. */
  readonly dailyVolatility?: number;
  /** Mean volume of a main-session minute bar, in lots; default 500. */
  readonly meanVolume?: number;
}

/** A preset instrument with its generator parameters. */
export type SyntheticInstrument = Instrument & Required<SyntheticInstrumentSpec>;

const preset = (
  ticker: string,
  name: string,
  lot: number,
  step: number,
  price: number,
  vol: number,
  volume: number,
): SyntheticInstrument =>
  Object.freeze({
    uid: ticker,
    ticker,
    classCode: 'TQBR',
    lot,
    minPriceIncrement: step,
    currency: 'RUB',
    name: `${name} (SYNTHETIC data, not market prices)`,
    startPrice: price,
    dailyVolatility: vol,
    meanVolume: volume,
  });

/**
 * SBER-, GAZP- and LKOH-like instruments with real lots and price steps. Their bars from
 * {@link generateMoexBars} are SYNTHETIC: the tickers are real, the prices are not.
 */
export const SYNTHETIC_INSTRUMENTS: readonly SyntheticInstrument[] = Object.freeze([
  preset('SBER', 'Sberbank-like', 10, 0.01, 300, 0.016, 4000),
  preset('GAZP', 'Gazprom-like', 10, 0.01, 130, 0.019, 3000),
  preset('LKOH', 'Lukoil-like', 1, 0.5, 7000, 0.014, 300),
]);

/** What to generate. */
export interface GenerateMoexBarsOptions {
  readonly instruments: readonly SyntheticInstrumentSpec[];
  /** First calendar day, `YYYY-MM-DD` (Moscow); weekends and closed days are skipped. */
  readonly start: string;
  /** Number of trading days. */
  readonly days: number;
  readonly seed: number;
  /** Default `'main'` (10:00–18:40); `'main+evening'` adds 19:05–23:50. */
  readonly sessions?: 'main' | 'main+evening';
  /** Exchange holidays, `YYYY-MM-DD`. */
  readonly closedDays?: readonly string[];
}

/** 32-bit FNV-1a: each instrument gets its own stream, so adding one changes no other. */
function hash(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Volatility multiplier by Moscow minute of day: busy open, busier close, quiet evening. */
function intradayVolatility(minute: number): number {
  if (minute >= 19 * 60) return 0.55;
  return 1 + 1.2 * Math.exp(-(minute - 600) / 15) + (minute >= 18 * 60 + 20 ? 0.3 : 0);
}

const MARKET_WEIGHT = 0.6;
const OWN_WEIGHT = Math.sqrt(1 - MARKET_WEIGHT ** 2);

/**
 * Generates SYNTHETIC minute bars of MOEX instruments: only inside sessions on weekdays,
 * a geometric random walk with a common market factor, a volatile open, regimes of drift
 * (so trend strategies have trends to find), overnight gaps, prices exactly on each
 * instrument's grid, consistent OHLC and integer volumes in lots.
 * @example
 * const bars = generateMoexBars({ instruments: SYNTHETIC_INSTRUMENTS, start: '2026-09-01', days: 10, seed: 1 });
 * bars.get('SBER')!.length; // 5200: 10 days × 520 main-session minutes
 */
export function generateMoexBars(options: GenerateMoexBarsOptions): Map<string, Bar[]> {
  const startDay = parseMoscowDate(options.start);
  if (startDay === undefined) {
    throw new MoexBotError(
      'DATA_CALENDAR_INVALID',
      `start "${options.start}" is not a date YYYY-MM-DD`,
    );
  }
  const sessions: SessionName[] =
    options.sessions === 'main+evening' ? ['main', 'evening'] : ['main'];
  const calendar = createSessionCalendar({ sessions, closedDays: options.closedDays ?? [] });
  const dayStarts: number[] = [];
  const times: number[] = [];
  for (let day = startDay; dayStarts.length < options.days; day++) {
    const minutes = calendar.sessionMinutes(day);
    if (minutes.length === 0) continue;
    dayStarts.push(times.length);
    for (const time of minutes) times.push(time);
  }
  const profile = Float64Array.from(times, (time) => intradayVolatility(moscowMinuteOfDay(time)));
  const marketRandom = seededRandom(hash('market', options.seed));
  const market = Float64Array.from(times, () => marketRandom.normal());
  const result = new Map<string, Bar[]>();
  for (const spec of options.instruments) {
    result.set(spec.uid, walk(spec, options.seed, times, dayStarts, profile, market));
  }
  return result;
}

function walk(
  spec: SyntheticInstrumentSpec,
  seed: number,
  times: readonly number[],
  dayStarts: readonly number[],
  profile: Float64Array,
  market: Float64Array,
): Bar[] {
  const random = seededRandom(hash(spec.uid, seed));
  const step = Number(stepNanos(spec.minPriceIncrement));
  // ticks × step is an exact integer of nanos; one division gives the double nearest to the
  // decimal price, the same number a CSV reader parses from its text.
  const price = (ticks: number): number => (ticks * step) / 1e9;
  const toTicks = (value: number): number => Math.max(1, Math.round((value * 1e9) / step));
  const dailyVolatility = spec.dailyVolatility ?? 0.02;
  const sigma = dailyVolatility / Math.sqrt(520);
  const meanVolume = spec.meanVolume ?? 500;
  let logPrice = Math.log(spec.startPrice);
  let close = toTicks(spec.startPrice);
  let drift = 0;
  const bars: Bar[] = new Array(times.length);
  let nextDay = 1;
  for (let i = 0; i < times.length; i++) {
    if (random.next() < 1 / 900) {
      // A new regime about every 1.5 days: up, down or sideways, strong enough to show.
      const direction = Math.floor(random.next() * 3) - 1;
      drift = direction * sigma * (0.015 + 0.03 * random.next());
    }
    let open = close;
    if (i === dayStarts[nextDay]) {
      nextDay++;
      logPrice += 0.4 * dailyVolatility * random.normal();
      open = toTicks(Math.exp(logPrice));
    }
    const volatility = sigma * profile[i]!;
    const shock = MARKET_WEIGHT * market[i]! + OWN_WEIGHT * random.normal();
    logPrice += drift + volatility * shock;
    close = toTicks(Math.exp(logPrice));
    const top = Math.max(open, close);
    const bottom = Math.min(open, close);
    const high = Math.max(
      top,
      toTicks(price(top) * Math.exp(Math.abs(random.normal()) * volatility * 0.6)),
    );
    const low = Math.max(
      1,
      Math.min(
        bottom,
        toTicks(price(bottom) * Math.exp(-Math.abs(random.normal()) * volatility * 0.6)),
      ),
    );
    const activity =
      (0.5 + 0.5 * Math.abs(shock)) * (profile[i]! > 1 ? profile[i]! : profile[i]! ** 2);
    const volume = Math.max(
      1,
      Math.round(meanVolume * activity * Math.exp(0.5 * random.normal() - 0.125)),
    );
    bars[i] = {
      instrument: spec.uid,
      time: times[i]!,
      open: price(open),
      high: price(high),
      low: price(low),
      close: price(close),
      volume,
    };
  }
  return bars;
}

/** What {@link generateBarsFast} produces. */
export interface FastBarsOptions {
  /** Instrument uids, one bar each per minute; default `['SBER']`. */
  readonly instruments?: readonly string[];
  /** First calendar day, `YYYY-MM-DD`; default `2020-01-01`. */
  readonly start?: string;
}

/**
 * Many bars quickly, for benchmarks: main-session minutes of weekdays, one bar per
 * instrument per minute (already merged, sorted by time), a ±7-tick random walk on a
 * 0.01 grid from 300.00. Cheap xorshift noise instead of the realistic model: a million
 * bars take well under a second.
 * @example
 * const bars = generateBarsFast(1_000_000, 7, { instruments: ['SBER', 'GAZP'] });
 */
export function generateBarsFast(
  count: number,
  seed: number,
  options: FastBarsOptions = {},
): Bar[] {
  const instruments = options.instruments ?? ['SBER'];
  let day = parseMoscowDate(options.start ?? '2020-01-01');
  if (day === undefined) {
    throw new MoexBotError(
      'DATA_CALENDAR_INVALID',
      `start "${options.start}" is not a date YYYY-MM-DD`,
    );
  }
  const calendar = createSessionCalendar();
  const ticks = instruments.map(() => 30_000);
  let state = hash('fast', seed) || 1;
  const bars = new Array<Bar>(count);
  let n = 0;
  while (n < count) {
    const minutes = calendar.sessionMinutes(day++);
    for (let m = 0; m < minutes.length && n < count; m++) {
      for (let k = 0; k < instruments.length && n < count; k++) {
        // xorshift32: three shifts per bar.
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        const bits = state >>> 0;
        const open = ticks[k]!;
        const move = (bits % 15) - 7;
        const close = open + move < 1_000 ? open + Math.abs(move) : open + move;
        const high = Math.max(open, close) + ((bits >>> 8) & 3);
        const low = Math.min(open, close) - ((bits >>> 10) & 3);
        ticks[k] = close;
        bars[n++] = {
          instrument: instruments[k]!,
          time: minutes[m]!,
          open: open / 100,
          high: high / 100,
          low: low / 100,
          close: close / 100,
          volume: 1 + ((bits >>> 12) & 1023),
        };
      }
    }
  }
  return bars;
}
