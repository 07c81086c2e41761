/**
 * The instrument directory of the T-Invest plugin: resolves what the operator wrote
 * (ticker and board, FIGI or uid) to full instruments, and keeps them in a JSON file
 * so that a restart does not depend on the instruments service being up. The file is
 * read once, however many instruments are resolved at once, and written by one writer.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  Instrument,
  InstrumentDirectory,
  InstrumentMatch,
  InstrumentRef,
  Logger,
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
  /** Where a failed cache write is reported: the cache only saves calls, so it is no error. */
  readonly logger?: Logger;
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

/** The cached entry of `ref`: under its own key, or any entry of the same instrument. */
function cachedEntry(cache: Map<string, CacheEntry>, ref: InstrumentRef): CacheEntry | undefined {
  const own = cache.get(describeRef(ref));
  if (own !== undefined || 'ticker' in ref) return own;
  for (const entry of cache.values()) {
    const { instrument } = entry;
    if ('uid' in ref ? instrument.uid === ref.uid : instrument.figi === ref.figi) return entry;
  }
  return undefined;
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
  /** The cache, read from its file by the first call; every other call awaits the same read. */
  private cache: Promise<Map<string, CacheEntry>> | undefined;
  /** The last cache write queued: writes go one at a time. */
  private writing: Promise<void> = Promise.resolve();
  /**
   * Instruments resolved in this process, by uid: orders name instruments by uid while
   * the operator named them by ticker, and the lot of an order's instrument is needed
   * for every trade the venue reports.
   */
  private readonly byUid = new Map<string, Instrument>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly logger: Logger | undefined;

  constructor(
    private readonly api: InvestApi,
    private readonly gateway: TinvestGateway,
    /** JSON cache file; undefined keeps the cache in memory only. */
    private readonly cacheFile: string | undefined,
    options: CatalogOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? CACHE_TTL_MS;
    this.now = options.now ?? Date.now;
    this.logger = options.logger;
  }

  async resolve(ref: InstrumentRef): Promise<Instrument> {
    const known = 'uid' in ref ? this.byUid.get(ref.uid) : undefined;
    if (known) return known;
    const key = describeRef(ref);
    const cache = await this.loadCache();
    const cached = cachedEntry(cache, ref);
    if (cached && this.now() - cached.fetchedAt < this.ttlMs)
      return this.remember(cached.instrument);
    let found: Awaited<ReturnType<InvestApi['instruments']['getInstrumentBy']>>;
    try {
      found = await this.gateway.call('InstrumentsService', 'GetInstrumentBy', (signal) =>
        this.api.instruments.getInstrumentBy(request(ref), { signal }),
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
    const { instruments } = await this.gateway.call(
      'InstrumentsService',
      'FindInstrument',
      (signal) => this.api.instruments.findInstrument({ query }, { signal }),
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

  private loadCache(): Promise<Map<string, CacheEntry>> {
    this.cache ??= this.readCache();
    return this.cache;
  }

  private async readCache(): Promise<Map<string, CacheEntry>> {
    const cache = new Map<string, CacheEntry>();
    if (this.cacheFile === undefined) return cache;
    let text: string;
    try {
      text = await readFile(this.cacheFile, 'utf8');
    } catch {
      return cache; // no cache yet
    }
    try {
      const entries = JSON.parse(text) as Record<string, CacheEntry>;
      for (const [key, entry] of Object.entries(entries)) cache.set(key, entry);
    } catch {
      // A damaged cache is only a cache: it is rebuilt from the venue.
    }
    return cache;
  }

  /** Queues a write of the cache as it stands when the write starts; resolves when done. */
  private saveCache(cache: Map<string, CacheEntry>): Promise<void> {
    const file = this.cacheFile;
    if (file === undefined) return Promise.resolve();
    this.writing = this.writing.then(() =>
      writeCache(file, cache).catch((error: unknown) =>
        this.logger?.warn(
          { event: 'InstrumentCacheWriteFailed', file, err: String(error) },
          `instrument cache ${file} not written: ${error}`,
        ),
      ),
    );
    return this.writing;
  }
}

/** Writes the cache to a temporary file of its own, then renames it: never half a file. */
async function writeCache(file: string, cache: Map<string, CacheEntry>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Unique: another catalog (or process) may write the same cache at the same time.
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(Object.fromEntries(cache), null, 2)}\n`);
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
