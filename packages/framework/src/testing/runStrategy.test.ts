import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineStrategy } from '../contracts/define.js';
import { signals } from '../contracts/signal.js';
import { defineInstrument } from '../domain/instrument.js';
import { makeBars } from './makeBars.js';
import { runStrategy } from './runStrategy.js';
import { scriptedStrategy } from './scriptedStrategy.js';
import { generateMoexBars, SYNTHETIC_INSTRUMENTS } from './syntheticBars.js';

const closes = [300, 301, 302, 303, 304, 305, 306, 307];

describe('runStrategy', () => {
  it('runs the strategy through the engine and records its signals by bar', async () => {
    const driver = scriptedStrategy({ 1: signals.targetLots('SBER', 2), 5: signals.flat('SBER') });
    const run = await runStrategy(driver, { bars: makeBars('SBER', closes) });

    expect(run.bars).toBe(closes.length);
    expect(run.signals).toEqual([
      {
        time: run.equity.times[1],
        instrument: 'SBER',
        barIndex: 1,
        signal: signals.targetLots('SBER', 2),
      },
      { time: run.equity.times[5], instrument: 'SBER', barIndex: 5, signal: signals.flat('SBER') },
    ]);
    // Market orders fill at the next bar's open, which makeBars sets to the previous close:
    // bought at bar 2's open (301), sold at bar 6's open (305).
    expect(run.fills.map((f) => [f.side, f.lots, f.price, f.strategyId])).toEqual([
      ['buy', 2, 301, 'scripted'],
      ['sell', 2, 305, 'scripted'],
    ]);
    expect(run.trades).toHaveLength(1);
    expect(run.positions()).toEqual({ SBER: 0 });
    expect(run.finalEquity).toBe(run.summary.finalEquity);
    expect(run.tradingState).toEqual({ state: 'active', reason: 'START' });
  });

  it('reports final positions in signed lots for every instrument of the run', async () => {
    const bars = new Map([
      ['SBER', makeBars('SBER', closes)],
      ['GAZP', makeBars('GAZP', [130, 131, 132, 133])],
    ]);
    const driver = scriptedStrategy((bar) =>
      bar.instrument === 'GAZP' ? signals.targetLots('GAZP', 3) : undefined,
    );
    const run = await runStrategy(driver, { bars });
    expect(run.positions()).toEqual({ SBER: 0, GAZP: 3 });
    expect(run.signals.map((s) => [s.instrument, s.barIndex])).toEqual([
      ['GAZP', 0],
      ['GAZP', 1],
      ['GAZP', 2],
      ['GAZP', 3],
    ]);
  });

  it('passes shorting through to the simulated broker', async () => {
    const driver = scriptedStrategy({ 0: signals.targetLots('SBER', -1) });
    const refused = await runStrategy(driver, { bars: makeBars('SBER', closes) });
    expect(refused.positions()).toEqual({ SBER: 0 });
    const allowed = await runStrategy(driver, {
      bars: makeBars('SBER', closes),
      broker: { allowShort: true },
    });
    expect(allowed.positions()).toEqual({ SBER: -1 });
  });

  it('applies built-in risk limits', async () => {
    const driver = scriptedStrategy({ 0: signals.targetLots('SBER', 10) });
    // One lot of SBER is 10 × 300 = 3000 RUB: 10,000 RUB of exposure fits three lots.
    const run = await runStrategy(driver, {
      bars: makeBars('SBER', closes),
      riskLimits: { maxInstrumentExposure: 10_000 },
    });
    expect(run.positions()).toEqual({ SBER: 3 });
  });

  it('validates parameters with the plugin schema, through the engine', async () => {
    const strategy = defineStrategy({
      id: 'needs-lots',
      params: z.object({ lots: z.number().int().positive() }),
      create: (params) => ({ onBar: (bar) => signals.targetLots(bar.instrument, params.lots) }),
    });
    await expect(
      runStrategy(strategy, { params: { lots: 0 }, bars: makeBars('SBER', closes) }),
    ).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_PLUGIN_PARAMS_INVALID',
      problems: [expect.objectContaining({ path: 'strategy:needs-lots.params.lots' })],
    });
    const run = await runStrategy(strategy, {
      params: { lots: 1 },
      bars: makeBars('SBER', closes),
    });
    expect(run.positions()).toEqual({ SBER: 1 });
  });

  it('rejects when the strategy throws, unless failure is allowed', async () => {
    const broken = scriptedStrategy((_bar, index) => {
      if (index === 3) throw new Error('indicator blew up');
      return undefined;
    });
    await expect(runStrategy(broken, { bars: makeBars('SBER', closes) })).rejects.toThrow(
      'strategy scripted failed: onBar: indicator blew up',
    );
    const run = await runStrategy(broken, { bars: makeBars('SBER', closes), allowFailure: true });
    expect(run.strategies).toEqual([
      { name: 'scripted', status: 'failed', failure: 'onBar: indicator blew up' },
    ]);
  });

  it('records signals returned during warm-up although the engine ignores them', async () => {
    const eager = scriptedStrategy(() => signals.targetLots('SBER', 1), { warmup: 3 });
    const run = await runStrategy(eager, { bars: makeBars('SBER', closes) });
    expect(run.signals.map((s) => s.barIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // The first signal the engine acts on is bar 3's; it fills at bar 4's open (303).
    expect(run.fills.map((f) => f.price)).toEqual([303]);
  });

  it('needs instruments for bars that are not synthetic, and bars that match them', async () => {
    const driver = scriptedStrategy({});
    await expect(runStrategy(driver, { bars: makeBars('MOEX', [200, 201]) })).rejects.toThrow(
      /MOEX is not a synthetic instrument/,
    );
    const moex = defineInstrument({ ticker: 'MOEX', lot: 10, minPriceIncrement: 0.01 });
    await expect(
      runStrategy(driver, { bars: makeBars('SBER', [300]), instruments: [moex] }),
    ).rejects.toThrow(/bars of SBER have no instrument/);
    const run = await runStrategy(driver, {
      bars: makeBars('MOEX', [200, 201]),
      instruments: [moex],
    });
    expect(run.positions()).toEqual({ MOEX: 0 });
  });

  it('refuses bars out of time order', async () => {
    const bars = makeBars('SBER', closes).reverse();
    await expect(runStrategy(scriptedStrategy({}), { bars })).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_BARS_UNSORTED',
    });
  });

  it('runs a strategy only on its own instruments', async () => {
    const bars = generateMoexBars({
      instruments: SYNTHETIC_INSTRUMENTS,
      start: '2026-09-01',
      days: 1,
      seed: 3,
    });
    const seen = new Set<string>();
    const watcher = scriptedStrategy((bar) => {
      seen.add(bar.instrument);
      return undefined;
    });
    const run = await runStrategy(watcher, { bars, strategyInstruments: ['LKOH'] });
    expect([...seen]).toEqual(['LKOH']);
    expect(run.bars).toBe(3 * 520);
    expect(Object.keys(run.positions())).toEqual(['SBER', 'GAZP', 'LKOH']);
  });
});
