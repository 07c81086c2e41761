/**
 * A real backtest made into a report input: two instruments, three months of hourly
 * bars from a seeded random walk, a scripted strategy that trades both.
 * @module
 */
import { backtest } from '../backtest/runBacktest.js';
import { signals } from '../contracts/signal.js';
import type { Bar } from '../domain/bar.js';
import { INSTRUMENTS, LKOH, SBER } from '../engine/engine.fixture.js';
import { arrayFeed } from '../market/feed.js';
import { scriptedStrategy } from '../testing/scriptedStrategy.js';
import { seededRandom } from '../testing/syntheticBars.js';
import type { ReportRun } from './ReportRun.js';

const HOUR = 3_600_000;

function walk(instrument: typeof SBER, start: number, seed: number): Bar[] {
  const random = seededRandom(seed);
  const step = instrument.minPriceIncrement;
  const onGrid = (price: number) => Math.round(price / step) * step;
  const bars: Bar[] = [];
  let price = instrument === LKOH ? 7_000 : 280;
  for (let day = 0; day < 92; day++) {
    const midnight = start + day * 24 * HOUR;
    const weekday = new Date(midnight).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (let hour = 7; hour < 16; hour++) {
      const open = onGrid(price);
      price = Math.max(step * 100, price * (1 + 0.01 * random.normal()));
      const close = onGrid(price);
      const spread = price * 0.003 * random.next();
      bars.push({
        instrument: instrument.uid,
        time: midnight + hour * HOUR,
        open,
        high: onGrid(Math.max(open, close) + spread),
        low: onGrid(Math.min(open, close) - spread),
        close,
        volume: 100 + Math.round(1000 * random.next()),
      });
    }
  }
  return bars;
}

/** The run, and the bars it ran on. */
export async function sampleReportRun(name = 'sample'): Promise<{ run: ReportRun; bars: Bar[] }> {
  const start = Date.UTC(2024, 0, 1);
  const sber = walk(SBER, start, 7);
  const lkoh = walk(LKOH, start, 11);
  const bars = [...sber, ...lkoh].sort((a, b) => a.time - b.time);
  // In for 20 bars, out for 20, on each instrument.
  const strategy = scriptedStrategy((bar, index) => {
    const phase = Math.floor(index / 40) % 2;
    return signals.targetLots(
      bar.instrument,
      phase === 0 ? (bar.instrument === SBER.uid ? 5 : 1) : 0,
    );
  });
  const result = await backtest(
    {
      instruments: INSTRUMENTS,
      strategies: [{ definition: strategy, instruments: [SBER.uid, LKOH.uid] }],
      initialCash: 1_000_000,
    },
    arrayFeed(bars),
  );
  const candles = [sber, lkoh].map((series) => ({
    instrument: series[0]!.instrument,
    time: series.map((b) => b.time),
    open: series.map((b) => b.open),
    high: series.map((b) => b.high),
    low: series.map((b) => b.low),
    close: series.map((b) => b.close),
  }));
  const run: ReportRun = {
    runId: `20240401-000000-${name}`,
    name,
    createdAt: '2024-04-01T00:00:00.000Z',
    engineVersion: '0.1.0',
    initialCash: 1_000_000,
    summary: result.summary,
    perInstrument: result.summary.perInstrument,
    equity: result.equity,
    candles,
    trades: result.trades,
    data: [{ label: 'store/1h/SBER', value: 'version 2 (sha256 1a2b…)' }],
    plugins: { 'strategy:scripted': '@moex-bot/framework@0.1.0' },
    quality: { passed: true, text: 'SBER: every check passed\nLKOH: every check passed' },
  };
  return { run, bars };
}
