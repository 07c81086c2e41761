/**
 * The store bench's data: 10 instruments of synthetic main-session minute bars, written
 * to a local market-data store year by year (so generating never holds every bar), and
 * kept in `bench/.cache/` between runs: building 10 M bars takes longer than reading them.
 * @module
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  type Bar,
  barStore,
  type DatasetId,
  type Instrument,
  localObjectStore,
} from '@moex-bot/framework';
import { generateBarsFast } from '@moex-bot/framework/testing';

export const STORE_INSTRUMENTS: Instrument[] = Array.from({ length: 10 }, (_, k) => ({
  uid: `BENCH${k}`,
  ticker: `BENCH${k}`,
  classCode: 'TQBR',
  lot: 10,
  minPriceIncrement: 0.01,
  currency: 'RUB',
}));

export const datasetOf = (instrument: Instrument): DatasetId => ({
  source: 'bench',
  interval: '1m',
  instrument: instrument.ticker,
});

/** Fifty weeks of weekday main sessions (every year has more) for every instrument, per write. */
const BARS_PER_YEAR = 250 * 520 * STORE_INSTRUMENTS.length;

/** The folder of a store holding `total` bars, built unless it is there already. */
export async function benchStore(total: number, log: (line: string) => void): Promise<string> {
  const dir = path.resolve(import.meta.dirname, `../.cache/store-${total}`);
  const done = path.join(dir, 'complete');
  if (existsSync(done)) return dir;
  await rm(dir, { recursive: true, force: true });
  const store = barStore(localObjectStore(dir));
  const started = performance.now();
  let written = 0;
  for (let year = 0; written < total; year++) {
    const count = Math.min(BARS_PER_YEAR, total - written);
    const bars = generateBarsFast(count, 42 + year, {
      instruments: STORE_INSTRUMENTS.map((i) => i.uid),
      start: `${2000 + year}-01-01`,
    });
    const byInstrument = new Map<string, Bar[]>();
    for (const bar of bars) {
      const list = byInstrument.get(bar.instrument) ?? [];
      list.push(bar);
      byInstrument.set(bar.instrument, list);
    }
    for (const instrument of STORE_INSTRUMENTS) {
      const series = byInstrument.get(instrument.uid);
      if (series) await store.write(datasetOf(instrument), series);
    }
    written += count;
    log(`  building the store: ${written.toLocaleString('en-US')} bars`);
  }
  await localObjectStore(dir).put('complete', new TextEncoder().encode(`${total}\n`));
  log(`  built in ${((performance.now() - started) / 1000).toFixed(1)} s: ${dir}`);
  return dir;
}
