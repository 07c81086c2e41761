/**
 * The configured instruments as the venue knows them, and the history that warms
 * strategies up. The venue's lot, price step and uid are the truth: a config that says
 * otherwise is warned about, never trusted for orders.
 * @module
 */
import type { LiveConfig } from '../config/schema.js';
import {
  BAR_INTERVAL_MS,
  type InstrumentDirectory,
  type InstrumentRef,
  type MarketDataSource,
} from '../contracts/marketData.js';
import type { Logger } from '../contracts/services.js';
import type { Bar } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import { MoexBotError } from '../errors.js';

/** How the venue is asked for a configured instrument: FIGI, explicit uid, or ticker and board. */
export function instrumentRef(instrument: Instrument): InstrumentRef {
  if (instrument.figi !== undefined) return { figi: instrument.figi };
  if (instrument.uid !== instrument.ticker) return { uid: instrument.uid };
  return { ticker: instrument.ticker, classCode: instrument.classCode };
}

/** Resolves every configured instrument; all failures are reported in one error. */
export async function resolveVenueInstruments(
  configured: readonly Instrument[],
  directory: InstrumentDirectory,
  logger: Logger,
): Promise<Instrument[]> {
  const problems: string[] = [];
  const resolved = await Promise.all(
    configured.map(async (wanted, index) => {
      try {
        const found = await directory.resolve(instrumentRef(wanted));
        for (const field of ['lot', 'minPriceIncrement'] as const) {
          if (found[field] !== wanted[field]) {
            logger.warn(
              { event: 'InstrumentConfigDiffers', instrument: wanted.ticker, field },
              `${wanted.ticker}: the config says ${field} ${wanted[field]}, the venue ${found[field]}; the venue's is used`,
            );
          }
        }
        return found;
      } catch (error) {
        problems.push(`instruments[${index}] (${wanted.ticker}): ${(error as Error).message}`);
        return undefined;
      }
    }),
  );
  if (problems.length > 0) {
    throw new MoexBotError('RUN_INSTRUMENT_UNAVAILABLE', problems.join('\n'));
  }
  return resolved as Instrument[];
}

/** Warm-up history, oldest first across instruments, and where each instrument's ends. */
export interface Warmup {
  readonly bars: readonly Bar[];
  /** Open time of an instrument's last history bar (−∞ without history). */
  lastTime(uid: string): number;
  /** An instrument's last close (NaN without history). */
  lastClose(uid: string): number;
}

/** The last `warmupBars` completed bars of each instrument before `now`. */
export async function loadWarmup(
  source: MarketDataSource,
  instruments: readonly Instrument[],
  live: Pick<LiveConfig, 'interval' | 'warmupBars'>,
  now: number,
): Promise<Warmup> {
  const step = BAR_INTERVAL_MS[live.interval];
  // A day at least, so that a morning start still finds yesterday's bars.
  const span = Math.max(live.warmupBars * step * 2, 86_400_000 * 4);
  const last = new Map<string, Bar>();
  const all: Bar[] = [];
  for (const instrument of instruments) {
    const history = await source.history(instrument, live.interval, now - span, now);
    const kept = live.warmupBars === 0 ? [] : history.slice(-live.warmupBars);
    const final = history.at(-1);
    if (final) last.set(instrument.uid, final);
    all.push(...kept);
  }
  all.sort((a, b) => a.time - b.time);
  return {
    bars: all,
    lastTime: (uid) => last.get(uid)?.time ?? Number.NEGATIVE_INFINITY,
    lastClose: (uid) => last.get(uid)?.close ?? Number.NaN,
  };
}
