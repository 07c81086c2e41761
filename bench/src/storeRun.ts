/**
 * One timed backtest from the store bench's data, in a process of its own so that its
 * peak RSS is the backtest's alone: the `sma-cross` plugin on 10 instruments, bars
 * streamed from the Parquet store row group by row group. Prints one JSON line.
 * @module
 */
import { backtest, barStore, localObjectStore, storeFeed } from '@moex-bot/framework';
import smaCross from '@moex-bot/strategy-sma-cross';
import { datasetOf, STORE_INSTRUMENTS } from './storeData.js';

const dir = process.argv[2]!;
const store = barStore(localObjectStore(dir));
const sources = [];
for (const instrument of STORE_INSTRUMENTS) {
  const manifest = await store.manifest(datasetOf(instrument));
  if (manifest === undefined) throw new Error(`no dataset for ${instrument.ticker} in ${dir}`);
  sources.push({ dataset: datasetOf(instrument), version: manifest, instrument: instrument.uid });
}
const started = performance.now();
const feed = await storeFeed(store, sources);
const result = await backtest(
  {
    instruments: STORE_INSTRUMENTS,
    strategies: STORE_INSTRUMENTS.map((instrument) => ({
      name: `sma-${instrument.ticker}`,
      definition: smaCross,
      params: { fast: 60, slow: 240, lots: 1 },
      instruments: [instrument.uid],
    })),
    initialCash: 1e9,
  },
  feed,
);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({
    bars: result.bars,
    seconds,
    fills: result.summary.fills,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
