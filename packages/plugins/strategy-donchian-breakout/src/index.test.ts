import { type Bar, defineInstrument, signals } from '@moex-bot/framework';
import {
  generateMoexBars,
  makeBars,
  runStrategy,
  SYNTHETIC_INSTRUMENTS,
} from '@moex-bot/framework/testing';
import { barsArbitrary } from '@moex-bot/framework/testing/arbitraries';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import donchian, { donchianBreakoutParams } from './index.js';

// entryBars 3, exitBars 2: judged from bar 3 on.
//   bar 3: close 103 > highest high of bars 0–2 (102)          → long
//   bar 5: close 101.5 < lowest low of bars 3–4 (102)          → flat
//   bar 6: close 100.5 < lowest low of bars 3–5 (101)          → short, when allowed
//   bar 7: close 104.5 > highest high of bars 4–6 (104)        → long (from short: > 104 too)
const rows: [high: number, low: number, close: number][] = [
  [101, 99, 100],
  [102, 99, 101],
  [101, 98, 100],
  [103.5, 102, 103],
  [104, 102.5, 103.5],
  [104, 101, 101.5],
  [102, 100, 100.5],
  [105, 100.5, 104.5],
  [105, 104, 104.8],
];
const bars = makeBars(
  'SBER',
  rows.map(([high, low, close]) => ({ open: close, high, low, close })),
);
const params = { entryBars: 3, exitBars: 2, lots: 2 };

describe('donchian-breakout', () => {
  it('enters on a close above the entry channel and exits below the exit channel', async () => {
    const run = await runStrategy(donchian, { params, bars });
    expect(run.signals).toEqual([
      {
        time: bars[3]!.time,
        instrument: 'SBER',
        barIndex: 3,
        signal: signals.targetLots('SBER', 2),
      },
      { time: bars[5]!.time, instrument: 'SBER', barIndex: 5, signal: signals.flat('SBER') },
      {
        time: bars[7]!.time,
        instrument: 'SBER',
        barIndex: 7,
        signal: signals.targetLots('SBER', 2),
      },
    ]);
    // Market orders fill at the next bar's open (here equal to its close).
    expect(run.fills.map((f) => [f.side, f.lots, f.price])).toEqual([
      ['buy', 2, 103.5],
      ['sell', 2, 100.5],
      ['buy', 2, 104.8],
    ]);
    expect(run.positions()).toEqual({ SBER: 2 });
  });

  it('trades the short side too with allowShort', async () => {
    const run = await runStrategy(donchian, {
      params: { ...params, allowShort: true },
      bars,
      broker: { allowShort: true },
    });
    expect(run.signals.map((s) => [s.barIndex, s.signal])).toEqual([
      [3, signals.targetLots('SBER', 2)],
      [5, signals.flat('SBER')],
      [6, signals.targetLots('SBER', -2)],
      [7, signals.targetLots('SBER', 2)],
    ]);
    expect(run.fills.map((f) => [f.side, f.lots])).toEqual([
      ['buy', 2],
      ['sell', 2],
      ['sell', 2],
      ['buy', 4],
    ]);
  });

  it('sizes by a fraction of equity with riskFraction', async () => {
    const run = await runStrategy(donchian, {
      params: { entryBars: 3, exitBars: 2, riskFraction: 0.5 },
      bars,
    });
    expect(run.signals[0]?.signal).toEqual(signals.targetFraction('SBER', 0.5));
    // The host sizes at the signal bar's close: ⌊0.5 × 1,000,000 / (103 × 10)⌋ = 485 lots.
    expect(run.fills[0]?.lots).toBe(485);
  });

  it('returns nothing during warm-up, even on breakouts', async () => {
    // Every bar breaks the previous high, but channels are not complete before bar 3.
    const rising = makeBars('SBER', [100, 101, 102, 103]);
    const run = await runStrategy(donchian, { params, bars: rising });
    expect(run.signals.map((s) => s.barIndex)).toEqual([3]);
    const early = await runStrategy(donchian, { params, bars: rising.slice(0, 3) });
    expect(early.signals).toEqual([]);
  });

  it('validates its parameters', async () => {
    expect(donchianBreakoutParams.parse({})).toEqual({
      entryBars: 20,
      exitBars: 10,
      allowShort: false,
    });
    await expect(
      runStrategy(donchian, { params: { lots: 1, riskFraction: 0.1 }, bars }),
    ).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_PLUGIN_PARAMS_INVALID',
      problems: [
        expect.objectContaining({ path: 'strategy:donchian-breakout.params.riskFraction' }),
      ],
    });
    const invalid = [
      { entryBars: 0 },
      { exitBars: 2.5 },
      { riskFraction: 0 },
      { riskFraction: 1.5 },
      { lots: 0 },
      { period: 5 },
    ];
    for (const bad of invalid)
      expect(donchianBreakoutParams.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('matches a plain channel computation on random bars', async () => {
    const sber = defineInstrument({ ticker: 'SBER', lot: 10, minPriceIncrement: 0.01 });
    const input = fc.record({
      entryBars: fc.integer({ min: 1, max: 8 }),
      exitBars: fc.integer({ min: 1, max: 8 }),
      allowShort: fc.boolean(),
      bars: barsArbitrary({
        instrument: sber,
        length: { min: 0, max: 80 },
        startPrice: 300,
        maxMoveTicks: 30,
      }),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ bars, ...channel }) => {
        const run = await runStrategy(donchian, {
          params: { ...channel, lots: 1 },
          bars,
          instruments: [sber],
        });
        const got = run.signals.map((s) => [
          s.barIndex,
          s.signal.kind === 'target' ? s.signal.lots : NaN,
        ]);
        expect(got).toEqual(
          referenceSignals(bars, channel.entryBars, channel.exitBars, channel.allowShort),
        );
      }),
      { numRuns: 80 },
    );
  });

  it('restores its channels from a snapshot and carries on as if never stopped', async () => {
    const data = generateMoexBars({
      instruments: SYNTHETIC_INSTRUMENTS.slice(2),
      start: '2026-09-01',
      days: 2,
      seed: 9,
    });
    const all = data.get('LKOH')!;
    const cut = 600;
    const p = { entryBars: 30, exitBars: 15, allowShort: true };
    const whole = await runStrategy(donchian, {
      params: p,
      bars: all,
      broker: { allowShort: true },
    });
    const first = await runStrategy(donchian, {
      params: p,
      bars: all.slice(0, cut),
      broker: { allowShort: true },
    });
    const second = await runStrategy(donchian, {
      params: p,
      bars: all.slice(cut),
      broker: { allowShort: true },
      restore: JSON.parse(JSON.stringify(first.snapshot())),
    });
    const after = whole.signals.filter((s) => s.barIndex >= cut).map((s) => [s.time, s.signal]);
    expect(after.length).toBeGreaterThan(0);
    expect(second.signals.map((s) => [s.time, s.signal])).toEqual(after);
    // A snapshot of other channels is not restored: the strategy warms up again.
    const other = await runStrategy(donchian, {
      params: { ...p, exitBars: 16 },
      bars: all.slice(cut),
      restore: first.snapshot(),
    });
    expect(other.signals.every((s) => s.barIndex >= 30)).toBe(true);
  });

  it('trades synthetic minute bars with a sane result', async () => {
    const data = generateMoexBars({
      instruments: SYNTHETIC_INSTRUMENTS,
      start: '2026-09-01',
      days: 5,
      seed: 11,
    });
    const run = await runStrategy(donchian, {
      params: { entryBars: 60, exitBars: 30, riskFraction: 0.2 },
      bars: data,
    });
    expect(run.summary.fills).toBeGreaterThan(10);
    expect(run.summary.closedTrades).toBeGreaterThan(5);
    for (const lots of Object.values(run.positions())) expect(lots).toBeGreaterThanOrEqual(0);
    const s = run.summary;
    expect(s.maxDrawdown).toBeGreaterThanOrEqual(0);
    expect(s.maxDrawdown).toBeLessThan(0.5);
    expect(s.exposure).toBeGreaterThan(0);
    expect(s.exposure).toBeLessThanOrEqual(1);
    expect(run.finalEquity).toBeCloseTo(1_000_000 * (1 + s.totalReturn), 4);
  });
});

/** The signals by the definition, with channels recomputed from slices at every bar. */
function referenceSignals(
  bars: readonly Bar[],
  entry: number,
  exit: number,
  allowShort: boolean,
): [number, number][] {
  const highest = (from: number, to: number) =>
    Math.max(...bars.slice(from, to).map((b) => b.high));
  const lowest = (from: number, to: number) => Math.min(...bars.slice(from, to).map((b) => b.low));
  const out: [number, number][] = [];
  let side = 0;
  for (let i = Math.max(entry, exit); i < bars.length; i++) {
    const close = bars[i]!.close;
    let next = side;
    if (next === 1 && close < lowest(i - exit, i)) next = 0;
    else if (next === -1 && close > highest(i - exit, i)) next = 0;
    if (next !== 1 && close > highest(i - entry, i)) next = 1;
    else if (next !== -1 && allowShort && close < lowest(i - entry, i)) next = -1;
    if (next !== side) out.push([i, next]);
    side = next;
  }
  return out;
}
