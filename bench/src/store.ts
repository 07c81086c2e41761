/**
 * `npm run bench` (third part): 10,000,000 bars (`BENCH_STORE_BARS`) read from the
 * Parquet market-data store through the engine, end to end, in a fresh process per run:
 * bars/s and peak RSS against the targets (≥ 2 M bars/s, < 500 MB).
 * @module
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { benchStore } from './storeData.js';

const TOTAL = Number(process.env.BENCH_STORE_BARS ?? 10_000_000);
const RUNS = Number(process.env.BENCH_STORE_RUNS ?? 3);
const run = promisify(execFile);

const dir = await benchStore(TOTAL, (line) => console.log(line));
const results: { bars: number; seconds: number; maxRssMb: number }[] = [];
for (let i = 0; i < RUNS; i++) {
  const { stdout } = await run(
    process.execPath,
    [fileURLToPath(new URL('./storeRun.js', import.meta.url)), dir],
    { maxBuffer: 1 << 20 },
  );
  results.push(JSON.parse(stdout));
}
const rates = results.map((r) => r.bars / r.seconds).sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)]!;
const rss = Math.max(...results.map((r) => r.maxRssMb));
console.log(
  `store → engine: ${results[0]!.bars.toLocaleString('en-US')} bars of 10 instruments from Parquet, sma-cross 60/240, ${RUNS} runs in fresh processes`,
);
for (const r of results) {
  console.log(
    `  ${(r.bars / r.seconds / 1e6).toFixed(2)} M bars/s (${r.seconds.toFixed(2)} s), peak RSS ${r.maxRssMb.toFixed(0)} MB`,
  );
}
console.log(
  `target ≥ 2 M bars/s end to end: ${median >= 2e6 ? 'met' : 'NOT met'} (median ${(median / 1e6).toFixed(2)} M); ` +
    `peak RSS < 500 MB: ${rss < 500 ? 'met' : 'NOT met'} (max ${rss.toFixed(0)} MB)`,
);
