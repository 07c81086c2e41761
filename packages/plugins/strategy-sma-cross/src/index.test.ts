import { defineInstrument, signals } from '@moex-bot/framework';
import {
  generateMoexBars,
  makeBars,
  runStrategy,
  SYNTHETIC_INSTRUMENTS,
  seededRandom,
} from '@moex-bot/framework/testing';
import { barsArbitrary } from '@moex-bot/framework/testing/arbitraries';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import smaCross, { smaCrossParams } from './index.js';

// fast 2 / slow 4. The averages first exist at bar 3, where fast (102.5) is above slow
// (101.5): that sets the regime without a signal. Then:
//   bar 5: fast 102 < slow 102.25  → cross down
//   bar 8: fast 101 > slow 100     → cross up
//   bar 11: fast 100 < slow 101.75 → cross down
const closes = [100, 101, 102, 103, 104, 100, 98, 99, 103, 104, 101, 99, 98];
const bars = makeBars('SBER', closes);
const params = { fast: 2, slow: 4, lots: 3 };

describe('sma-cross', () => {
  it('returns a target only on the bars where the averages cross', async () => {
    const run = await runStrategy(smaCross, { params, bars });
    expect(run.signals).toEqual([
      { time: bars[5]!.time, instrument: 'SBER', barIndex: 5, signal: signals.flat('SBER') },
      {
        time: bars[8]!.time,
        instrument: 'SBER',
        barIndex: 8,
        signal: signals.targetLots('SBER', 3),
      },
      { time: bars[11]!.time, instrument: 'SBER', barIndex: 11, signal: signals.flat('SBER') },
    ]);
    // Flat on bar 5 changes nothing; the buy fills at bar 9's open (103), the sale at bar 12's (99).
    expect(run.fills.map((f) => [f.side, f.lots, f.price])).toEqual([
      ['buy', 3, 103],
      ['sell', 3, 99],
    ]);
    expect(run.trades).toHaveLength(1);
    expect(run.trades[0]!.pnl).toBeLessThan(-(103 - 99) * 30 + 1e-9);
    expect(run.positions()).toEqual({ SBER: 0 });
  });

  it('goes short on a cross down with allowShort', async () => {
    const run = await runStrategy(smaCross, {
      params: { ...params, allowShort: true },
      bars,
      broker: { allowShort: true },
    });
    expect(run.signals.map((s) => [s.barIndex, s.signal])).toEqual([
      [5, signals.targetLots('SBER', -3)],
      [8, signals.targetLots('SBER', 3)],
      [11, signals.targetLots('SBER', -3)],
    ]);
    expect(run.fills.map((f) => [f.side, f.lots])).toEqual([
      ['sell', 3],
      ['buy', 6],
      ['sell', 6],
    ]);
    expect(run.positions()).toEqual({ SBER: -3 });
  });

  it('returns nothing during warm-up, whatever the prices do', async () => {
    // Wild swings in the first `slow` bars, flat after: no window is complete before bar 3,
    // and bar 3 only sets the regime.
    const run = await runStrategy(smaCross, {
      params,
      bars: makeBars('SBER', [100, 90, 110, 80, 95, 95, 95]),
    });
    expect(run.signals.every((s) => s.barIndex >= params.slow)).toBe(true);
    const quiet = await runStrategy(smaCross, {
      params,
      bars: makeBars('SBER', [100, 90, 110, 80]),
    });
    expect(quiet.signals).toEqual([]);
  });

  it('tracks each instrument on its own', async () => {
    const lkoh = makeBars(
      'LKOH',
      closes.map((close) => close * 70),
    );
    const run = await runStrategy(smaCross, {
      params,
      bars: new Map([
        ['SBER', bars],
        ['LKOH', lkoh],
      ]),
    });
    const by = (uid: string) =>
      run.signals.filter((s) => s.instrument === uid).map((s) => s.barIndex);
    expect(by('SBER')).toEqual([5, 8, 11]);
    expect(by('LKOH')).toEqual([5, 8, 11]);
    expect(run.signals.every((s) => s.signal.instrument === s.instrument)).toBe(true);
  });

  it('judges equal averages exactly, also deep into a long run', async () => {
    // A walk that pauses for 100 bars in every 1,000: during a pause the averages become
    // equal. Float running sums of prices are off by a rounding residue there and report
    // crosses that did not happen; sums of whole ticks agree with the slow computation.
    const random = seededRandom(17);
    let ticks = 30_000;
    const path = Array.from({ length: 20_000 }, (_, i) => {
      if (i % 1000 < 900) ticks += Math.round((random.next() - 0.5) * 20);
      return ticks;
    });
    const run = await runStrategy(smaCross, {
      params: { fast: 5, slow: 20 },
      bars: makeBars(
        'SBER',
        path.map((t) => t / 100),
      ),
    });
    const got = run.signals.map((s) => [
      s.barIndex,
      s.signal.kind === 'target' ? s.signal.lots : NaN,
    ]);
    expect(got).toEqual(referenceCrosses(path, 5, 20));
  });

  it('validates its parameters', async () => {
    expect(smaCrossParams.parse({})).toEqual({ fast: 10, slow: 30, lots: 1, allowShort: false });
    await expect(
      runStrategy(smaCross, { params: { fast: 20, slow: 20 }, bars }),
    ).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_PLUGIN_PARAMS_INVALID',
      problems: [
        expect.objectContaining({
          path: 'strategy:sma-cross.params.slow',
          message: 'strategy:sma-cross: slow must be greater than fast',
        }),
      ],
    });
    const invalid = [{ fast: 0 }, { lots: 1.5 }, { lots: -1 }, { slow: 'long' }, { fastt: 5 }];
    for (const bad of invalid)
      expect(smaCrossParams.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('matches a plain moving-average computation on random prices', async () => {
    const sber = defineInstrument({ ticker: 'SBER', lot: 10, minPriceIncrement: 0.01 });
    const input = fc.record({
      fast: fc.integer({ min: 1, max: 5 }),
      extra: fc.integer({ min: 1, max: 8 }),
      bars: barsArbitrary({
        instrument: sber,
        length: { min: 0, max: 80 },
        startPrice: 300,
        maxMoveTicks: 30,
      }),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ fast, extra, bars }) => {
        const slow = fast + extra;
        const run = await runStrategy(smaCross, {
          params: { fast, slow, lots: 1 },
          bars,
          instruments: [sber],
        });
        const got = run.signals.map((s) => [
          s.barIndex,
          s.signal.kind === 'target' ? s.signal.lots : NaN,
        ]);
        expect(got).toEqual(
          referenceCrosses(
            bars.map((b) => Math.round(b.close * 100)),
            fast,
            slow,
          ),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('restores its windows from a snapshot and carries on as if never stopped', async () => {
    const data = generateMoexBars({
      instruments: SYNTHETIC_INSTRUMENTS.slice(0, 1),
      start: '2026-09-01',
      days: 2,
      seed: 5,
    });
    const all = data.get('SBER')!;
    const cut = 700;
    const whole = await runStrategy(smaCross, { params: { fast: 5, slow: 40 }, bars: all });
    const first = await runStrategy(smaCross, {
      params: { fast: 5, slow: 40 },
      bars: all.slice(0, cut),
    });
    const second = await runStrategy(smaCross, {
      params: { fast: 5, slow: 40 },
      bars: all.slice(cut),
      restore: first.snapshot(),
    });
    const after = whole.signals.filter((s) => s.barIndex >= cut).map((s) => [s.time, s.signal]);
    expect(after.length).toBeGreaterThan(0);
    expect(second.signals.map((s) => [s.time, s.signal])).toEqual(after);
  });

  it('warms up afresh from a snapshot of other parameters', async () => {
    const first = await runStrategy(smaCross, { params: { fast: 2, slow: 5 }, bars });
    const second = await runStrategy(smaCross, { params, bars, restore: first.snapshot() });
    // Not restored: the windows start empty, so nothing can cross before bar 4.
    expect(second.signals.every((s) => s.barIndex >= params.slow)).toBe(true);
    const garbage = await runStrategy(smaCross, { params, bars, restore: { version: 9 } });
    expect(garbage.signals.every((s) => s.barIndex >= params.slow)).toBe(true);
  });

  it('trades synthetic minute bars with a sane result', async () => {
    const data = generateMoexBars({
      instruments: SYNTHETIC_INSTRUMENTS,
      start: '2026-09-01',
      days: 5,
      seed: 11,
    });
    const run = await runStrategy(smaCross, {
      params: { fast: 10, slow: 40, lots: 2 },
      bars: data,
    });
    expect(run.bars).toBe(3 * 5 * 520);
    expect(run.summary.fills).toBeGreaterThan(10);
    expect(run.summary.closedTrades).toBeGreaterThan(5);
    expect(run.fills.every((f) => f.strategyId === 'sma-cross' && f.lots === 2)).toBe(true);
    // Long or flat, never more: targets are 2 lots or flat.
    for (const lots of Object.values(run.positions())) expect([0, 2]).toContain(lots);
    // Only regime changes: per instrument, up and down alternate.
    for (const { uid } of SYNTHETIC_INSTRUMENTS) {
      const mine = run.signals
        .filter((s) => s.instrument === uid)
        .map((s) => (s.signal.kind === 'target' ? s.signal.lots : NaN));
      for (let i = 1; i < mine.length; i++) expect(mine[i]).not.toBe(mine[i - 1]);
    }
    const s = run.summary;
    expect(s.maxDrawdown).toBeGreaterThanOrEqual(0);
    expect(s.maxDrawdown).toBeLessThan(0.5);
    expect(s.commission).toBeGreaterThan(0);
    expect(Number.isFinite(s.totalReturn) && Number.isFinite(s.sharpe)).toBe(true);
    expect(run.finalEquity).toBeCloseTo(1_000_000 * (1 + s.totalReturn), 4);
  });
});

/**
 * The crosses by the definition, computed the slow way: full sums over each window at
 * every bar, regime set by the first complete window, a cross when the side changes.
 */
function referenceCrosses(
  ticks: readonly number[],
  fast: number,
  slow: number,
): [number, number][] {
  const sum = (from: number, to: number) => ticks.slice(from, to).reduce((a, b) => a + b, 0);
  const out: [number, number][] = [];
  let regime = 0;
  for (let i = slow - 1; i < ticks.length; i++) {
    const difference = sum(i + 1 - fast, i + 1) * slow - sum(i + 1 - slow, i + 1) * fast;
    const side = Math.sign(difference);
    if (side === 0 || side === regime) continue;
    regime = side;
    if (i >= slow) out.push([i, side > 0 ? 1 : 0]);
  }
  return out;
}
