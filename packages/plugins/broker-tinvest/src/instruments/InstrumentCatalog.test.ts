import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TinvestGateway } from '../client/TinvestGateway.js';
import { GAZP, SBER, settledWithin, startVenue } from '../venue.fixture.js';
import { InstrumentCatalog } from './InstrumentCatalog.js';

let venue: Awaited<ReturnType<typeof startVenue>>;
let dir: string;
beforeEach(async () => {
  venue = await startVenue();
  dir = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-instruments-'));
});
afterEach(async () => {
  await venue.close();
  await rm(dir, { recursive: true, force: true });
});

const catalog = (file = path.join(dir, 'instruments.json')) =>
  new InstrumentCatalog(
    venue.api(),
    new TinvestGateway({ retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } }),
    file,
  );

describe('InstrumentCatalog against the fake exchange', () => {
  it('resolves by ticker and board, FIGI and uid to the same instrument', async () => {
    const instruments = catalog();
    const byTicker = await instruments.resolve({ ticker: 'SBER', classCode: 'TQBR' });
    expect(byTicker).toEqual({
      uid: SBER.uid,
      figi: SBER.figi,
      ticker: 'SBER',
      classCode: 'TQBR',
      lot: 10,
      minPriceIncrement: 0.01,
      currency: 'RUB',
      name: 'Sberbank',
    });
    expect(await instruments.resolve({ figi: SBER.figi })).toEqual(byTicker);
    expect(await instruments.resolve({ uid: SBER.uid })).toEqual(byTicker);
  });

  it('serves a restart from its disk cache, even with the venue down', async () => {
    await catalog().resolve({ ticker: 'SBER', classCode: 'TQBR' });
    const cached = JSON.parse(await readFile(path.join(dir, 'instruments.json'), 'utf8'));
    expect(Object.keys(cached)).toEqual(['SBER/TQBR']);
    venue.exchange.clearRequests();
    const again = await catalog().resolve({ ticker: 'SBER', classCode: 'TQBR' });
    expect(again.lot).toBe(10);
    expect(venue.exchange.requests('GetInstrumentBy')).toHaveLength(0);
  });

  it('says an unknown ticker is unknown and how to search', async () => {
    await expect(catalog().resolve({ ticker: 'SBERX', classCode: 'TQBR' })).rejects.toThrow(
      'instrument SBERX/TQBR not found at T-Invest; try `moex-bot instruments find SBERX`',
    );
  });

  it('refuses an instrument not tradable through the API', async () => {
    venue.exchange.loadInstruments([{ ticker: 'NOAPI', lot: 1, apiTradeAvailableFlag: false }]);
    await expect(catalog().resolve({ ticker: 'NOAPI', classCode: 'TQBR' })).rejects.toThrow(
      /NOAPI\/TQBR cannot be traded: not tradable through the T-Invest API/,
    );
  });

  it('finds instruments by a part of the ticker or name', async () => {
    const hits = await catalog().find('Sber');
    expect(hits.map((h) => `${h.ticker}/${h.classCode}`)).toEqual(['SBER/TQBR']);
    expect(hits[0]!.apiTradeAvailable).toBe(true);
  });
});

describe('InstrumentCatalog: a session resolving its instruments all at once', () => {
  const tickers = ['SBER', 'GAZP', 'LKOH', 'ROSN', 'VTBR', 'YNDX'];
  beforeEach(() => {
    venue.exchange.loadInstruments(
      tickers.slice(2).map((ticker) => ({ ticker, lot: 1, minPriceIncrement: '0.5' })),
    );
  });

  it('resolves every one with a cold cache and keeps them all in the file', async () => {
    const instruments = catalog();
    const resolved = await Promise.all(
      tickers.map((ticker) => instruments.resolve({ ticker, classCode: 'TQBR' })),
    );
    expect(resolved.map((i) => i.ticker)).toEqual(tickers);
    const cached = JSON.parse(await readFile(path.join(dir, 'instruments.json'), 'utf8'));
    expect(Object.keys(cached).sort()).toEqual(tickers.map((t) => `${t}/TQBR`).sort());
  });

  it('serves every cached instrument, by any reference, while the venue is down', async () => {
    const first = catalog();
    for (const ticker of tickers) await first.resolve({ ticker, classCode: 'TQBR' });
    venue.exchange.clearRequests();
    venue.exchange.faults.next('GetInstrumentBy', { kind: 'unavailable' }, { times: 1_000 });
    const restarted = catalog();
    const resolved = await Promise.all([
      ...tickers.map((ticker) => restarted.resolve({ ticker, classCode: 'TQBR' })),
      restarted.resolve({ uid: GAZP.uid }),
      restarted.resolve({ figi: SBER.figi }),
    ]);
    expect(resolved.map((i) => i.ticker)).toEqual([...tickers, 'GAZP', 'SBER']);
    expect(venue.exchange.requests('GetInstrumentBy')).toHaveLength(0);
  });

  it('serves a stale cache while the venue is down', async () => {
    await catalog().resolve({ ticker: 'SBER', classCode: 'TQBR' });
    venue.exchange.faults.next('GetInstrumentBy', { kind: 'unavailable' }, { times: 1_000 });
    const stale = new InstrumentCatalog(
      venue.api(),
      new TinvestGateway({ retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } }),
      path.join(dir, 'instruments.json'),
      { ttlMs: 0 },
    );
    expect((await stale.resolve({ uid: SBER.uid })).lot).toBe(10);
    expect(venue.exchange.requests('GetInstrumentBy').at(-1)?.outcome).toBe('UNAVAILABLE');
  });
});

describe('InstrumentCatalog when the venue stops answering', () => {
  it('fails a lookup and a search at the deadline instead of waiting for ever', async () => {
    const gateway = new TinvestGateway({
      retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
      deadlineMs: 200,
    });
    const instruments = new InstrumentCatalog(venue.api(), gateway, undefined);
    for (const method of ['GetInstrumentBy', 'FindInstrument']) {
      venue.exchange.faults.next(method, { kind: 'deadline', delayMs: 60_000 });
    }
    const lookup = instruments.resolve({ ticker: 'SBER', classCode: 'TQBR' });
    expect(await settledWithin(3_000, lookup)).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    const search = instruments.find('Sber');
    expect(await settledWithin(3_000, search)).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
  });
});
