/**
 * A fake T-Invest venue for this package's tests: the fake exchange on loopback with
 * SBER (lot 10, step 0.01) and a quiet GAZP on minute candles from Monday 2024-03-11
 * 07:00 UTC, and our `InvestApi` pointed at it.
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LiveSession } from '@moex-bot/framework';
import { FakeExchange, startFakeExchange } from '@moex-bot/tinvest-fake';
import { afterEach, beforeEach } from 'vitest';
import { InvestApi } from './client/InvestApi.js';

export const MINUTE = 60_000;
export const T0 = Date.parse('2024-03-11T07:00:00Z');
export const TOKEN = 't.venue-test';
export const SBER = { ticker: 'SBER', classCode: 'TQBR', uid: 'sber-uid', figi: 'BBG004730N88' };
export const GAZP = { ticker: 'GAZP', classCode: 'TQBR', uid: 'gazp-uid', figi: 'BBG004730RP0' };

/** `count` minute candles from `start`, closes rising by 0.01 from `base`. */
export function minuteCandles(count: number, base: number, start = T0) {
  return Array.from({ length: count }, (_, i) => {
    const open = (base + i / 100).toFixed(2);
    const close = (base + (i + 1) / 100).toFixed(2);
    return { time: start + i * MINUTE, open, high: close, low: open, close, volume: 10 + i };
  });
}

export async function startVenue() {
  const exchange = new FakeExchange({ startTime: T0 });
  exchange.loadInstruments([
    { ...SBER, lot: 10, minPriceIncrement: '0.01', name: 'Sberbank' },
    { ...GAZP, lot: 10, minPriceIncrement: '0.01', name: 'Gazprom' },
  ]);
  exchange.loadCandles('SBER', '1m', minuteCandles(3 * 60, 250));
  exchange.loadCandles('GAZP', '1m', minuteCandles(3 * 60, 160));
  const account = exchange.openAccount({ money: 1_000_000 });
  exchange.addToken(TOKEN, { accounts: [account] });
  const server = await startFakeExchange(exchange);
  const apis: InvestApi[] = [];
  const api = (token = TOKEN) => {
    const client = new InvestApi({ token, endpoint: server.endpoint });
    apis.push(client);
    return client;
  };
  return {
    exchange,
    server,
    account,
    api,
    async close() {
      for (const client of apis) {
        client.stream.market.options.autoReconnect = false;
        await client.stream.market.cancel();
        client.close();
      }
      await server.close();
    },
  };
}

/** Live code is tested by waiting for its effects; the framework's test kit polls. */
export { waitFor } from '@moex-bot/framework/testing';

/** How `promise` settled within `ms`: its value, its error, or 'still pending'. */
export async function settledWithin(ms: number, promise: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise((resolve) => {
    timer = setTimeout(() => resolve('still pending'), ms);
  });
  try {
    return await Promise.race([promise.catch((error: unknown) => error), pending]);
  } finally {
    clearTimeout(timer);
  }
}

/** What a live-session test works with; fresh for every test. */
export interface LiveTestBed {
  venue: Venue;
  /** A temporary folder for the session's state. */
  dir: string;
  /** The test's session, stopped after the test. */
  session: LiveSession | undefined;
}

export type Venue = Awaited<ReturnType<typeof startVenue>>;

/**
 * Registers hooks that give every test of the file a fresh venue and state folder, and
 * stop its session, close the venue and remove the folder after it.
 */
export function liveTestBed(prefix: string): LiveTestBed {
  const bed = { dir: '', session: undefined } as unknown as LiveTestBed;
  beforeEach(async () => {
    bed.venue = await startVenue();
    bed.dir = await mkdtemp(path.join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await bed.session?.stop('test over');
    bed.session = undefined;
    await bed.venue.close();
    await rm(bed.dir, { recursive: true, force: true });
  });
  return bed;
}
