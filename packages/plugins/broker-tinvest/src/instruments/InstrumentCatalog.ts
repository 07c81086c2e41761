/**
 * The instrument directory of the T-Invest plugin: resolves what the operator wrote
 * (ticker and board, FIGI or uid) to full instruments, and keeps them in a JSON file
 * so that a restart does not depend on the instruments service being up.
 * @module
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  Instrument,
  InstrumentDirectory,
  InstrumentMatch,
  InstrumentRef,
} from '@moex-bot/framework';
import { InstrumentIdType } from 'tinkoff-invest-api/cjs/generated/instruments.js';
import type { InvestApi } from '../client/InvestApi.js';
import type { TinvestGateway } from '../client/TinvestGateway.js';
import { TinvestError } from '../resilience/TinvestError.js';
import { toInstrument, untradableReason } from './toInstrument.js';

/** How long a cached instrument is trusted by default (lots and steps change rarely). */
const CACHE_TTL_MS = 24 * 3_600_000;

/** How the catalogue keeps what it learnt. */
export interface CatalogOptions {
  /** How long a cached instrument is trusted, ms; default a day. */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

interface CacheEntry {
  readonly instrument: Instrument;
  readonly fetchedAt: number;
}

/** The text form of a reference: the cache key and what error messages show. */
export function describeRef(ref: InstrumentRef): string {
  if ('ticker' in ref) return `${ref.ticker}/${ref.classCode}`;
  if ('figi' in ref) return `FIGI ${ref.figi}`;
  return `uid ${ref.uid}`;
}

function request(ref: InstrumentRef) {
  if ('ticker' in ref) {
    return {
      idType: InstrumentIdType.INSTRUMENT_ID_TYPE_TICKER,
      classCode: ref.classCode,
      id: ref.ticker,
    };
  }
  if ('figi' in ref) return { idType: InstrumentIdType.INSTRUMENT_ID_TYPE_FIGI, id: ref.figi };
  return { idType: InstrumentIdType.INSTRUMENT_ID_TYPE_UID, id: ref.uid };
}

/**
 * @example
 * const catalog = new InstrumentCatalog(api, gateway, '.moex-bot/instruments.json', { ttlMs: 3_600_000 });
 * const sber = await catalog.resolve({ ticker: 'SBER', classCode: 'TQBR' });
 */
export class InstrumentCatalog implements InstrumentDirectory {
  private cache: Map<string, CacheEntry> | undefined;
  /**
   * Instruments resolved in this process, by uid: orders name instruments by uid while
   * the operator named them by ticker, and the lot of an order's instrument is needed
   * for every trade the venue reports.
   */
  private readonly byUid = new Map<string, Instrument>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly api: InvestApi,
    private readonly gateway: TinvestGateway,
    /** JSON cache file; undefined keeps the cache in memory only. */
    private readonly cacheFile: string | undefined,
    options: CatalogOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? CACHE_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  async resolve(ref: InstrumentRef): Promise<Instrument> {
    const known = 'uid' in ref ? this.byUid.get(ref.uid) : undefined;
    if (known) return known;
    const key = describeRef(ref);
    const cache = await this.loadCache();
    const cached = cache.get(key);
    if (cached && this.now() - cached.fetchedAt < this.ttlMs)
      return this.remember(cached.instrument);
    let found: Awaited<ReturnType<InvestApi['instruments']['getInstrumentBy']>>;
    try {
      found = await this.gateway.call('InstrumentsService', 'GetInstrumentBy', () =>
        this.api.instruments.getInstrumentBy(request(ref)),
      );
    } catch (error) {
      if (error instanceof TinvestError && (error.apiCode === 50002 || error.status === 5)) {
        throw new Error(
          `instrument ${key} not found at T-Invest; try \`moex-bot instruments find ${'ticker' in ref ? ref.ticker : key}\``,
        );
      }
      // The venue is unreachable: a cached instrument, even an old one, beats not starting.
      if (cached) return this.remember(cached.instrument);
      throw error;
    }
    const api = found.instrument;
    if (api === undefined) throw new Error(`instrument ${key}: T-Invest returned no instrument`);
    const why = untradableReason(api);
    if (why !== undefined) throw new Error(`instrument ${key} cannot be traded: ${why}`);
    const instrument = toInstrument(api);
    cache.set(key, { instrument, fetchedAt: this.now() });
    await this.saveCache(cache);
    return this.remember(instrument);
  }

  async find(query: string): Promise<InstrumentMatch[]> {
    const { instruments } = await this.gateway.call('InstrumentsService', 'FindInstrument', () =>
      this.api.instruments.findInstrument({ query }),
    );
    return instruments.map((hit) => ({
      uid: hit.uid,
      figi: hit.figi,
      ticker: hit.ticker,
      classCode: hit.classCode,
      name: hit.name,
      instrumentType: hit.instrumentType,
      apiTradeAvailable: hit.apiTradeAvailableFlag,
    }));
  }

  private remember(instrument: Instrument): Instrument {
    this.byUid.set(instrument.uid, instrument);
    return instrument;
  }

  private async loadCache(): Promise<Map<string, CacheEntry>> {
    if (this.cache) return this.cache;
    this.cache = new Map();
    if (this.cacheFile === undefined) return this.cache;
    let text: string;
    try {
      text = await readFile(this.cacheFile, 'utf8');
    } catch {
      return this.cache; // no cache yet
    }
    try {
      const entries = JSON.parse(text) as Record<string, CacheEntry>;
      for (const [key, entry] of Object.entries(entries)) this.cache.set(key, entry);
    } catch {
      // A damaged cache is only a cache: it is rebuilt from the venue.
    }
    return this.cache;
  }

  private async saveCache(cache: Map<string, CacheEntry>): Promise<void> {
    if (this.cacheFile === undefined) return;
    await mkdir(path.dirname(this.cacheFile), { recursive: true });
    // Write then rename, so a crash mid-write never leaves half a file.
    const temporary = `${this.cacheFile}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(Object.fromEntries(cache), null, 2)}\n`);
    await rename(temporary, this.cacheFile);
  }
}
