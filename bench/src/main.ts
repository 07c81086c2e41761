/**
 * `npm run bench`: 1,000,000 synthetic minute bars through the full engine
 * (sma-cross, every built-in risk check on, simulated broker with commission) and,
 * in the same process, through a minimal hand-written loop over the same arrays.
 * Prints bars/s for both, their ratio, the time spent loading data versus running,
 * and peak RSS.
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { arrayFeed, type Bar, backtest, readCsvBars, writeCsvBars } from '@moex-bot/framework';
import { generateBarsFast, SYNTHETIC_INSTRUMENTS } from '@moex-bot/framework/testing';
import smaCross from '@moex-bot/strategy-sma-cross';
import { handLoop } from './handLoop.js';

const BARS = Number(process.env.BENCH_BARS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The headline scenario: sma-cross at its default parameters (an order about every 25 bars). */
const PARAMS = { fast: 10, slow: 30, lots: 1 };
/** The example project's slower averages: far fewer orders, so mostly per-bar cost. */
const SLOW_PARAMS = { fast: 60, slow: 240, lots: 1 };

function seconds(start: number): number {
  return (performance.now() - start) / 1000;
}

function rate(bars: number, s: number): string {
  return `${(bars / s / 1e6).toFixed(2)} M bars/s`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function loadBars(): Promise<{
  bars: Bar[];
  generate: number;
  csvWrite: number;
  csvRead: number;
}> {
  let start = performance.now();
  const generated = generateBarsFast(BARS, 42);
  const generate = seconds(start);
  // Load through the real CSV reader, as a backtest from files does.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-bench-'));
  const file = path.join(dir, 'bars.csv');
  start = performance.now();
  await writeCsvBars(file, generated);
  const csvWrite = seconds(start);
  start = performance.now();
  const bars = await readCsvBars(file, generated[0]!.instrument);
  const csvRead = seconds(start);
  await rm(dir, { recursive: true, force: true });
  return { bars, generate, csvWrite, csvRead };
}

async function engineRun(bars: readonly Bar[], params = PARAMS) {
  const instrument = SYNTHETIC_INSTRUMENTS.find((i) => i.uid === bars[0]!.instrument)!;
  const price = bars[0]!.close;
  const start = performance.now();
  const result = await backtest(
    {
      instruments: [instrument],
      strategies: [{ definition: smaCross, params, instruments: [instrument.uid] }],
      riskLimits: {
        // Generous limits: every check runs on every order, none binds.
        maxInstrumentExposure: price * instrument.lot * 1000,
        maxGrossExposure: price * instrument.lot * 2000,
        maxOrderNotional: price * instrument.lot * 1000,
        maxOpenOrders: 100,
        dailyLossLimit: 1e9,
        stopLossPercent: 50,
        trailingStopPercent: 50,
      },
      initialCash: 1e9,
    },
    arrayFeed(bars),
  );
  return { s: seconds(start), result };
}

async function main(): Promise<void> {
  const processStart = performance.now();
  console.log(
    `moex-bot engine benchmark: ${BARS.toLocaleString('en-US')} synthetic minute bars, ${RUNS} warm runs each`,
  );
  console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}\n`);

  const loaded = await loadBars();
  const { bars } = loaded;
  const instrument = SYNTHETIC_INSTRUMENTS.find((i) => i.uid === bars[0]!.instrument)!;

  // Warm both paths once so that the JIT has compiled them.
  handLoop(bars, PARAMS.fast, PARAMS.slow, PARAMS.lots, instrument.lot);
  const cold = await engineRun(bars);

  const handTimes: number[] = [];
  const engineTimes: number[] = [];
  let hand = handLoop(bars, PARAMS.fast, PARAMS.slow, PARAMS.lots, instrument.lot);
  let engine = cold;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    hand = handLoop(bars, PARAMS.fast, PARAMS.slow, PARAMS.lots, instrument.lot);
    handTimes.push(seconds(start));
    engine = await engineRun(bars);
    engineTimes.push(engine.s);
  }
  const slowTimes: number[] = [];
  let slow = await engineRun(bars, SLOW_PARAMS);
  for (let run = 0; run < RUNS; run++) {
    slow = await engineRun(bars, SLOW_PARAMS);
    slowTimes.push(slow.s);
  }
  const handS = median(handTimes);
  const engineS = median(engineTimes);
  const slowS = median(slowTimes);
  const perThousand = (orders: number) => ((orders / bars.length) * 1000).toFixed(1);
  const summary = engine.result.summary;
  const loading = loaded.generate + loaded.csvWrite + loaded.csvRead;

  console.log('data loading');
  console.log(`  generate            ${loaded.generate.toFixed(3)} s`);
  console.log(`  write CSV           ${loaded.csvWrite.toFixed(3)} s`);
  console.log(
    `  read CSV            ${loaded.csvRead.toFixed(3)} s  (${rate(bars.length, loaded.csvRead)})`,
  );
  console.log('\nthroughput (median of warm runs)');
  console.log(
    `  hand-written loop   ${handS.toFixed(4)} s  ${rate(bars.length, handS)}   crosses ${hand.crosses}`,
  );
  const scenario = (label: string, seconds: number, orders: number) =>
    console.log(
      `  full engine         ${seconds.toFixed(4)} s  ${rate(bars.length, seconds)}   ${label}: ${orders} orders (${perThousand(orders)} per 1,000 bars)`,
    );
  scenario(
    `sma-cross ${PARAMS.fast}/${PARAMS.slow}, its defaults`,
    engineS,
    engine.result.orders.length,
  );
  scenario(
    `sma-cross ${SLOW_PARAMS.fast}/${SLOW_PARAMS.slow}, the example's`,
    slowS,
    slow.result.orders.length,
  );
  console.log(`  fills at the defaults: ${summary.fills}`);
  console.log(`  engine cold run     ${cold.s.toFixed(4)} s  ${rate(bars.length, cold.s)}`);
  console.log(
    `  ratio               engine takes ${(engineS / handS).toFixed(1)}× the hand loop's time`,
  );
  console.log('\nwhole process');
  const total = seconds(processStart);
  console.log(
    `  total ${total.toFixed(2)} s: loading ${loading.toFixed(2)} s (${((loading / total) * 100).toFixed(0)}%), one engine run ${engineS.toFixed(2)} s (${((engineS / (loading + engineS)) * 100).toFixed(0)}% of load + run)`,
  );
  console.log(`  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  const target = 5_000_000;
  const verdict = (s: number) => (bars.length / s >= target ? 'met' : 'NOT met');
  console.log(
    `\ntarget ≥ ${(target / 1e6).toFixed(0)} M bars/s warm: ${verdict(engineS)} at the defaults, ${verdict(slowS)} at the example's parameters`,
  );
}

await main();
