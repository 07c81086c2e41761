/**
 * The synthetic bar generators: deterministic, in session, on the grid, consistent OHLC.
 * @module
 */
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../domain/bar.js';
import { formatNanos, toNanos } from '../domain/decimal.js';
import { isOnGrid, stepNanos } from '../domain/priceGrid.js';
import { moscowDay } from '../market/moscowTime.js';
import { isInSession } from '../market/sessions.js';
import {
  generateBarsFast,
  generateMoexBars,
  SYNTHETIC_INSTRUMENTS,
  seededRandom,
} from './syntheticBars.js';

const EVENING = { sessions: ['main', 'evening'] };

/** Bars that break an invariant, described; one `expect` on the list keeps this fast. */
function expectConsistent(bars: readonly Bar[], step: bigint): void {
  const bad: string[] = [];
  for (const bar of bars) {
    const prices = [bar.open, bar.high, bar.low, bar.close];
    const ohlc =
      bar.low <= Math.min(bar.open, bar.close) && bar.high >= Math.max(bar.open, bar.close);
    // On the grid, and the very double a CSV reader gets from the decimal text.
    const grid = prices.every(
      (p) => isOnGrid(toNanos(p), step) && Number(formatNanos(toNanos(p))) === p,
    );
    if (!ohlc || !grid || !(bar.low > 0) || !Number.isInteger(bar.volume) || bar.volume < 1) {
      bad.push(JSON.stringify(bar));
    }
  }
  expect(bad).toEqual([]);
}

describe('seededRandom', () => {
  it('repeats for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 5 }, () => [random.next(), random.normal()]);
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('draws uniforms in [0, 1) and normals with mean 0 and variance 1', () => {
    const random = seededRandom(3);
    const normals = Array.from({ length: 20_000 }, () => random.normal());
    const mean = normals.reduce((a, b) => a + b, 0) / normals.length;
    const variance = normals.reduce((a, b) => a + (b - mean) ** 2, 0) / normals.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(Array.from({ length: 1000 }, () => random.next()).every((u) => u >= 0 && u < 1)).toBe(
      true,
    );
  });
});

describe('SYNTHETIC_INSTRUMENTS', () => {
  it('are TQBR SBER, GAZP, LKOH with real lots and steps, named as synthetic', () => {
    expect(
      SYNTHETIC_INSTRUMENTS.map((i) => [i.ticker, i.classCode, i.lot, i.minPriceIncrement]),
    ).toEqual([
      ['SBER', 'TQBR', 10, 0.01],
      ['GAZP', 'TQBR', 10, 0.01],
      ['LKOH', 'TQBR', 1, 0.5],
    ]);
    for (const instrument of SYNTHETIC_INSTRUMENTS) expect(instrument.name).toMatch(/SYNTHETIC/);
  });
});

describe('generateMoexBars', () => {
  const options = {
    instruments: SYNTHETIC_INSTRUMENTS,
    start: '2026-09-01',
    days: 10,
    seed: 7,
  } as const;
  const main = generateMoexBars(options);
  const evening = generateMoexBars({ ...options, sessions: 'main+evening' });

  it('is deterministic: the same seed gives identical bars, another seed other bars', () => {
    expect(generateMoexBars(options)).toEqual(main);
    expect(generateMoexBars({ ...options, seed: 8 }).get('SBER')).not.toEqual(main.get('SBER'));
  });

  it('gives each instrument its own stream: adding one changes no other', () => {
    const alone = generateMoexBars({ ...options, instruments: [SYNTHETIC_INSTRUMENTS[0]!] });
    expect(alone.get('SBER')).toEqual(main.get('SBER'));
  });

  it('fills every session minute of the requested number of weekdays, and nothing else', () => {
    const sber = main.get('SBER')!;
    expect(sber).toHaveLength(10 * 520);
    expect(sber.every((bar) => isInSession(bar.time))).toBe(true);
    expect(new Set(sber.map((bar) => moscowDay(bar.time))).size).toBe(10);
    const late = evening.get('GAZP')!;
    expect(late).toHaveLength(10 * (520 + 285));
    expect(late.every((bar) => isInSession(bar.time, EVENING))).toBe(true);
    expect(late.every((bar, i) => i === 0 || bar.time > late[i - 1]!.time)).toBe(true);
  });

  it('skips closed days and weekends (2026-09-05/06 is a weekend)', () => {
    const bars = generateMoexBars({ ...options, days: 4, closedDays: ['2026-09-02'] }).get('LKOH')!;
    const days = [...new Set(bars.map((bar) => moscowDay(bar.time)))];
    const first = moscowDay(Date.UTC(2026, 8, 1, 12));
    expect(days).toEqual([first, first + 2, first + 3, first + 6]);
  });

  it('keeps prices on each grid with consistent OHLC and integer volumes', () => {
    for (const instrument of SYNTHETIC_INSTRUMENTS) {
      expectConsistent(evening.get(instrument.uid)!, stepNanos(instrument.minPriceIncrement));
    }
  });

  it('looks like a market: prices near the start, a volatile open, moves large enough to trend', () => {
    const sber = generateMoexBars({
      ...options,
      days: 60,
      instruments: [SYNTHETIC_INSTRUMENTS[0]!],
    }).get('SBER')!;
    const closes = sber.map((bar) => bar.close);
    expect(Math.min(...closes)).toBeGreaterThan(150);
    expect(Math.max(...closes)).toBeLessThan(600);
    const range = (bars: readonly Bar[]) =>
      bars.reduce((sum, bar) => sum + (bar.high - bar.low), 0) / bars.length;
    const firstMinutes = sber.filter((_, i) => i % 520 < 10);
    const midday = sber.filter((_, i) => i % 520 >= 200 && i % 520 < 300);
    expect(range(firstMinutes)).toBeGreaterThan(1.3 * range(midday));
    // Over 60 days the price should wander several daily sigmas away at some point.
    expect(Math.max(...closes) / Math.min(...closes)).toBeGreaterThan(1.08);
  });

  fcTest.prop(
    [
      fc.integer(),
      fc.constantFrom('0.01', '0.5', '0.05', '1', '0.0001'),
      fc.double({ min: 0.5, max: 50_000, noNaN: true }),
    ],
    {
      numRuns: 25,
    },
  )('holds its invariants for any seed, step and price', (seed, step, startPrice) => {
    const spec = { uid: 'X', minPriceIncrement: step, startPrice, dailyVolatility: 0.05 };
    const bars = generateMoexBars({ instruments: [spec], start: '2026-09-07', days: 2, seed }).get(
      'X',
    )!;
    expect(bars).toHaveLength(1040);
    expectConsistent(bars, stepNanos(step));
  });

  it('has defaults for volatility and volume', () => {
    const bars = generateMoexBars({
      instruments: [{ uid: 'ROSN', minPriceIncrement: 0.05, startPrice: 450 }],
      start: '2026-09-01',
      days: 1,
      seed: 3,
    }).get('ROSN')!;
    expect(bars).toHaveLength(520);
    expectConsistent(bars, stepNanos('0.05'));
  });

  it('rejects a malformed start date', () => {
    expect(() => generateMoexBars({ ...options, start: '2026-9-1' })).toThrow(
      expect.objectContaining({ code: 'MOEXBOT_ERR_DATA_CALENDAR_INVALID' }),
    );
  });
});

describe('generateBarsFast', () => {
  it('gives the requested count, deterministically, sorted, in session, consistent', () => {
    const bars = generateBarsFast(5_000, 11, {
      instruments: ['SBER', 'GAZP'],
      start: '2026-09-01',
    });
    expect(bars).toHaveLength(5_000);
    expect(
      generateBarsFast(5_000, 11, { instruments: ['SBER', 'GAZP'], start: '2026-09-01' }),
    ).toEqual(bars);
    expect(
      generateBarsFast(5_000, 12, { instruments: ['SBER', 'GAZP'], start: '2026-09-01' }),
    ).not.toEqual(bars);
    expect(bars.every((bar, i) => i === 0 || bar.time >= bars[i - 1]!.time)).toBe(true);
    expect(bars.every((bar) => isInSession(bar.time))).toBe(true);
    expect(bars.slice(0, 4).map((bar) => bar.instrument)).toEqual(['SBER', 'GAZP', 'SBER', 'GAZP']);
    expectConsistent(bars, stepNanos('0.01'));
  });

  it('rejects a malformed start date', () => {
    expect(() => generateBarsFast(10, 1, { start: '01.09.2026' })).toThrow(
      expect.objectContaining({ code: 'MOEXBOT_ERR_DATA_CALENDAR_INVALID' }),
    );
  });

  it('scales to a million bars', () => {
    const bars = generateBarsFast(1_000_000, 1);
    expect(bars).toHaveLength(1_000_000);
    expect(bars.at(-1)!.time).toBeGreaterThan(bars[0]!.time);
  });
});
