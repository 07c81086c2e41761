import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClosedTrade } from '../domain/positionBook.js';
import { moscowDay } from '../market/moscowTime.js';
import {
  computeStatistics,
  dailyReturns,
  drawdown,
  drawdownSeries,
  instrumentBreakdown,
  type StatisticsInput,
  sharpeRatio,
  sortinoRatio,
  timeInMarket,
} from './statistics.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 2026-03-02 00:00 Moscow time (21:00 UTC the day before). */
const MONDAY = Date.UTC(2026, 2, 1, 21);
const trade = (pnl: number, entryTime = 0, exitTime = 1): ClosedTrade => ({
  instrument: 'SBER',
  strategyId: 's',
  direction: 'long',
  entryTime,
  exitTime,
  maxQuantity: 10,
  pnl,
  commission: 0,
});
const base = { trades: [], fills: 0, commission: 0 };
const run = (
  times: number[],
  equity: number[],
  initialCash: number,
  extra: Partial<StatisticsInput> = {},
) => computeStatistics({ ...base, times, equity, initialCash, ...extra });

describe('drawdownSeries', () => {
  it('gives the fall below the running peak at every point, the peak seeded with the cash', () => {
    expect(Array.from(drawdownSeries([100, 80, 120, 90], 100))).toEqual([0, 0.2, 0, 0.25]);
    expect(Array.from(drawdownSeries([90, 110], 100))).toEqual([0.1, 0]);
  });

  it('peaks where drawdown measures its maximum', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 1 }),
        (equity) => {
          const times = equity.map((_, i) => i);
          const deepest = Math.max(...drawdownSeries(equity, 1_000));
          expect(deepest).toBe(drawdown(times, equity, 1_000).maxDrawdown);
        },
      ),
    );
  });
});

describe('drawdown', () => {
  it('measures the deepest fall from the running peak and the time to regain it', () => {
    const times = [0, 10, 20, 30, 40, 50];
    const equity = [100, 120, 90, 110, 125, 100];
    // 120 → 90 is 25%; underwater from 10 until 40 (30 ms); 125 → 100 lasts to the end (10 ms).
    expect(drawdown(times, equity, 100)).toEqual({ maxDrawdown: 0.25, maxDrawdownDuration: 30 });
  });

  it('counts a loss below the initial cash and an unrecovered drawdown up to the end', () => {
    expect(drawdown([0, 5, 9], [95, 90, 92], 100)).toEqual({
      maxDrawdown: 0.1,
      maxDrawdownDuration: 9,
    });
  });

  it('is zero for an empty or never-falling curve', () => {
    expect(drawdown([], [], 100)).toEqual({ maxDrawdown: 0, maxDrawdownDuration: 0 });
    expect(drawdown([0, 1, 2], [100, 100, 101], 100)).toEqual({
      maxDrawdown: 0,
      maxDrawdownDuration: 0,
    });
  });
});

describe('daily returns, Sharpe and Sortino', () => {
  // Closes of four Moscow days: 1100, 990, 1089, 1197.9 from 1000 → +10%, −10%, +10%, +10%.
  const times = [
    MONDAY + 10 * HOUR,
    MONDAY + 18 * HOUR,
    MONDAY + DAY + 12 * HOUR,
    MONDAY + 2 * DAY + 12 * HOUR,
    MONDAY + 3 * DAY + 23 * HOUR,
  ];
  const equity = [1050, 1100, 990, 1089, 1197.9];

  it('takes the last equity of each Moscow day, the first against the initial cash', () => {
    const returns = dailyReturns(times, equity, 1000);
    expect(returns).toHaveLength(4);
    for (const [i, value] of [0.1, -0.1, 0.1, 0.1].entries())
      expect(returns[i]).toBeCloseTo(value, 12);
  });

  it('splits days at 00:00 Moscow time (21:00 UTC), not at UTC midnight', () => {
    // 23:59 Sunday and 00:00 Monday Moscow are two days; 00:00 to 23:00 Monday is one
    // day although it spans two UTC dates.
    const edge = [MONDAY - 60_000, MONDAY, MONDAY + 2 * HOUR, MONDAY + 23 * HOUR];
    expect(dailyReturns(edge, [110, 90, 100, 121], 100)).toEqual([
      expect.closeTo(0.1, 12),
      expect.closeTo(0.1, 12),
    ]);
  });

  it('annualises with √252: mean 0.05, sample deviation 0.1, downside deviation 0.05', () => {
    const returns = [0.1, -0.1, 0.1, 0.1];
    expect(sharpeRatio(returns)).toBeCloseTo(0.5 * Math.sqrt(252), 12);
    expect(sortinoRatio(returns)).toBeCloseTo(Math.sqrt(252), 12);
    const stats = computeStatistics({ ...base, times, equity, initialCash: 1000 });
    expect(stats.sharpe).toBeCloseTo(0.5 * Math.sqrt(252), 9);
    expect(stats.sortino).toBeCloseTo(Math.sqrt(252), 9);
  });

  it('is 0, not NaN or Infinity, when undefined', () => {
    expect(sharpeRatio([])).toBe(0);
    expect(sharpeRatio([0.05])).toBe(0);
    expect(sharpeRatio([0.01, 0.01, 0.01])).toBe(0);
    expect(sortinoRatio([0.01, 0.02])).toBe(0);
    const oneDay = run([MONDAY, MONDAY + HOUR], [1000, 1100], 1000);
    expect([oneDay.sharpe, oneDay.sortino]).toEqual([0, 0]);
  });
});

describe('trade statistics', () => {
  it('computes win rate, profit factor and average trade', () => {
    const trades = [trade(300), trade(-100), trade(-50), trade(150)];
    const stats = run([0], [1000], 1000, { trades });
    expect(stats.closedTrades).toBe(4);
    expect(stats.winRate).toBe(0.5);
    expect(stats.profitFactor).toBe(3);
    expect(stats.averageTrade).toBe(75);
  });

  it('reports a profit factor of null without losing trades, and zeros without trades', () => {
    const allWins = run([0], [1], 1, { trades: [trade(5)] });
    expect(allWins.profitFactor).toBeNull();
    expect(allWins.winRate).toBe(1);
    const none = run([0], [1], 1);
    expect([none.winRate, none.profitFactor, none.averageTrade]).toEqual([0, null, 0]);
  });

  it('measures exposure as the union of trade spans, unless the caller measured it', () => {
    const trades = [trade(1, 0, 40), trade(1, 20, 50), trade(1, 80, 90)];
    expect(timeInMarket(trades, 0, 100)).toBe(0.6);
    expect(run([0, 100], [1, 1], 1, { trades, exposureFraction: 0.25 }).exposure).toBe(0.25);
    expect(run([0, 100], [1, 1], 1, { trades }).exposure).toBe(0.6);
  });
});

describe('per-instrument breakdown', () => {
  const at = (instrument: string, pnl: number, commission: number): ClosedTrade => ({
    ...trade(pnl),
    instrument,
    commission,
  });

  it('counts trades, net P&L, commission and win rate of each instrument, sorted', () => {
    const trades = [at('SBER', 300, 2), at('GAZP', -40, 1), at('SBER', -100, 2), at('SBER', 50, 1)];
    expect(instrumentBreakdown(trades)).toEqual([
      { instrument: 'GAZP', trades: 1, pnl: -40, commission: 1, winRate: 0 },
      { instrument: 'SBER', trades: 3, pnl: 250, commission: 5, winRate: 2 / 3 },
    ]);
  });

  it('takes commission from the fills when given, listing instruments with no closed trade', () => {
    const trades = [at('SBER', 300, 2), at('SBER', -100, 2)];
    const fills = [
      { instrument: 'SBER', commission: 1.5 },
      { instrument: 'SBER', commission: 2.5 },
      { instrument: 'SBER', commission: 0.25 },
      { instrument: 'LKOH', commission: 4 },
    ];
    expect(instrumentBreakdown(trades, fills)).toEqual([
      { instrument: 'LKOH', trades: 0, pnl: 0, commission: 4, winRate: 0 },
      { instrument: 'SBER', trades: 2, pnl: 200, commission: 4.25, winRate: 0.5 },
    ]);
  });

  it('sums money exactly, as the ledger does, also beyond the range of numbers of nanos', () => {
    // In plain floating point these sums are 0.30000000000000004, 8388607.000000001 and
    // 10000000.059999999.
    const fills = [0.1, 0.2].map((commission) => ({ instrument: 'SBER', commission }));
    expect(instrumentBreakdown([], fills)[0]!.commission).toBe(0.3);
    const pnl = (values: number[]) =>
      instrumentBreakdown(values.map((value) => at('SBER', value, 0)))[0]!.pnl;
    expect(pnl([4_194_303.1, 4_194_303.2, 0.7])).toBe(8_388_607);
    expect(pnl([5_000_000.01, 5_000_000.02, 0.03])).toBe(10_000_000.06);
  });

  it('is empty without trades or fills', () => {
    expect(run([0], [1], 1).perInstrument).toEqual([]);
  });
});

describe('computeStatistics', () => {
  it('computes every figure of a small run, checked by hand', () => {
    // Four Moscow days; the last equity of each day: 1100, 990, 1089, 1089 (days 3 and 4
    // end equal, so the fourth return is 0). Start 1000.
    const times = [
      MONDAY + 10 * HOUR,
      MONDAY + 12 * HOUR,
      MONDAY + DAY + 10 * HOUR,
      MONDAY + 2 * DAY + 10 * HOUR,
      MONDAY + 3 * DAY + 10 * HOUR,
    ];
    const equity = [1050, 1100, 990, 1089, 1089];
    const trades = [
      { ...trade(120, times[0], times[1]), commission: 3 },
      { ...trade(-110, times[1], times[2]), instrument: 'GAZP', commission: 2 },
    ];
    const stats = computeStatistics({
      times,
      equity,
      initialCash: 1000,
      trades,
      fills: 4,
      commission: 5,
      fillRecords: [
        { instrument: 'SBER', commission: 1.5 },
        { instrument: 'SBER', commission: 1.5 },
        { instrument: 'GAZP', commission: 1 },
        { instrument: 'GAZP', commission: 1 },
      ],
    });
    // Daily returns: +10 %, −10 %, +10 %, 0. Mean 0.025; sample variance
    // (0.075² + 0.125² + 0.075² + 0.025²) / 3 = 0.0275 / 3; downside √(0.01 / 4) = 0.05.
    const sharpe = (0.025 / Math.sqrt(0.0275 / 3)) * Math.sqrt(252);
    const sortino = (0.025 / 0.05) * Math.sqrt(252);
    expect(stats.sharpe).toBeCloseTo(sharpe, 12);
    expect(stats.sortino).toBeCloseTo(sortino, 12);
    // Span 3 days: CAGR = 1.089^(365.25 / 3) − 1.
    expect(stats.cagr).toBeCloseTo(1.089 ** (365.25 / 3) - 1, 6);
    expect(stats.totalReturn).toBeCloseTo(0.089, 12);
    expect(stats).toMatchObject({
      // 1100 → 990 is 10 %; underwater from the peak (day 1, 12:00) to the end (day 4, 10:00).
      maxDrawdown: 0.1,
      maxDrawdownDuration: 3 * DAY - 2 * HOUR,
      closedTrades: 2,
      winRate: 0.5,
      profitFactor: 120 / 110,
      averageTrade: 5,
      // The two trades cover [times[0], times[2]]: 24 h of the 3-day span.
      exposure: 1 / 3,
      commission: 5,
      fills: 4,
      finalEquity: 1089,
      start: times[0],
      end: times[4],
      perInstrument: [
        { instrument: 'GAZP', trades: 1, pnl: -110, commission: 2, winRate: 0 },
        { instrument: 'SBER', trades: 1, pnl: 120, commission: 3, winRate: 1 },
      ],
    });
  });

  it('reports return, CAGR, equity, span and passes counts through', () => {
    const times = new Float64Array([MONDAY, MONDAY + 365.25 * DAY * 2]);
    const equity = new Float64Array([1_000_000, 1_210_000]);
    const stats = computeStatistics({
      times,
      equity,
      initialCash: 1_000_000,
      trades: [],
      fills: 7,
      commission: 12.34,
    });
    expect(stats.totalReturn).toBeCloseTo(0.21, 12);
    expect(stats.cagr).toBeCloseTo(0.1, 12);
    expect(stats).toMatchObject({
      fills: 7,
      commission: 12.34,
      finalEquity: 1_210_000,
      start: times[0],
      end: times[1],
    });
  });

  it('omits CAGR for runs shorter than a day and handles an empty curve', () => {
    const short = run([0, HOUR], [100, 200], 100);
    expect('cagr' in short).toBe(false);
    const empty = run([], [], 100);
    expect(empty).toMatchObject({
      totalReturn: 0,
      finalEquity: 100,
      start: null,
      end: null,
      maxDrawdown: 0,
    });
  });
});

describe('statistics properties', () => {
  const curve = fc
    .array(
      fc.tuple(fc.integer({ min: 0, max: 3 * DAY }), fc.double({ min: 1, max: 1e7, noNaN: true })),
      {
        minLength: 1,
        maxLength: 200,
      },
    )
    .map((points) => {
      const times: number[] = [];
      let time = MONDAY;
      for (const [gap] of points) {
        time += gap;
        times.push(time);
      }
      return { times, equity: points.map(([, value]) => value) };
    });
  const cash = fc.double({ min: 1, max: 1e7, noNaN: true });
  // P&L of real trades is whole kopecks.
  const pnl = fc.integer({ min: -10_000_000, max: 10_000_000 }).map((kopecks) => kopecks / 100);
  const trades = fc.array(
    pnl.map((value) => trade(value)),
    { maxLength: 30 },
  );

  it('keeps the drawdown in [0, 1) for positive equity, and every figure JSON-safe', () => {
    fc.assert(
      fc.property(curve, cash, trades, ({ times, equity }, initialCash, closed) => {
        const stats = computeStatistics({
          times,
          equity,
          initialCash,
          trades: closed,
          fills: 0,
          commission: 0,
        });
        expect(stats.maxDrawdown).toBeGreaterThanOrEqual(0);
        expect(stats.maxDrawdown).toBeLessThan(1);
        expect(stats.maxDrawdownDuration).toBeGreaterThanOrEqual(0);
        expect(stats.maxDrawdownDuration).toBeLessThanOrEqual(times.at(-1)! - times[0]!);
        expect(stats.winRate).toBeGreaterThanOrEqual(0);
        expect(stats.winRate).toBeLessThanOrEqual(1);
        // JSON has no Infinity or NaN: every figure is finite or null.
        const { perInstrument, ...figures } = stats;
        const rows = perInstrument.flatMap(({ instrument: _, ...row }) => Object.values(row));
        for (const value of [...Object.values(figures), ...rows])
          expect(value === null || Number.isFinite(value)).toBe(true);
      }),
    );
  });

  it('finds no drawdown in a curve that never falls below its start', () => {
    fc.assert(
      fc.property(curve, ({ times, equity }) => {
        const rising = [...equity].sort((a, b) => a - b);
        const stats = computeStatistics({
          ...base,
          times,
          equity: rising,
          initialCash: rising[0]!,
        });
        expect(stats.maxDrawdown).toBe(0);
        expect(stats.maxDrawdownDuration).toBe(0);
        expect(stats.sortino).toBe(0);
        expect(stats.sharpe).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('does not change when all money is scaled', () => {
    fc.assert(
      fc.property(
        curve,
        cash,
        fc.constantFrom(0.001, 3, 1000),
        ({ times, equity }, initialCash, k) => {
          const a = computeStatistics({ ...base, times, equity, initialCash });
          const b = computeStatistics({
            ...base,
            times,
            equity: equity.map((v) => v * k),
            initialCash: initialCash * k,
          });
          expect(b.maxDrawdown).toBeCloseTo(a.maxDrawdown, 9);
          expect(b.totalReturn / (Math.abs(a.totalReturn) + 1)).toBeCloseTo(
            a.totalReturn / (Math.abs(a.totalReturn) + 1),
            9,
          );
          expect(Math.abs(b.sharpe - a.sharpe)).toBeLessThan(1e-6 * (1 + Math.abs(a.sharpe)));
        },
      ),
    );
  });

  it('agrees on average trade and win rate with a direct count', () => {
    fc.assert(
      fc.property(trades, (closed) => {
        const stats = computeStatistics({
          ...base,
          times: [0],
          equity: [1],
          initialCash: 1,
          trades: closed,
        });
        const sum = closed.reduce((total, t) => total + t.pnl, 0);
        expect(stats.averageTrade * closed.length).toBeCloseTo(sum, 3);
        expect(stats.winRate * closed.length).toBeCloseTo(
          closed.filter((t) => t.pnl > 0).length,
          9,
        );
        expect(stats.profitFactor === null).toBe(closed.every((t) => t.pnl >= 0));
      }),
    );
  });
});

describe('one pass over the curve', () => {
  /** Definitions written for clarity, not speed, to check the fused scan against. */
  function referenceDrawdown(times: ArrayLike<number>, equity: ArrayLike<number>, cash: number) {
    const n = equity.length;
    // The running peak after each point, then how far each point sits below it.
    const peaks: { value: number; time: number }[] = [];
    for (let i = 0; i < n; i++) {
      const before = peaks[i - 1] ?? { value: cash, time: n > 0 ? times[0]! : 0 };
      peaks.push(equity[i]! >= before.value ? { value: equity[i]!, time: times[i]! } : before);
    }
    const below = (i: number) => equity[i]! < peaks[i]!.value;
    const depths = peaks.map((p, i) =>
      below(i) && p.value > 0 ? (p.value - equity[i]!) / p.value : 0,
    );
    // A stretch under water lasts from its peak to the point that recovers, or to the end.
    const spans = peaks.map((_, i) =>
      i > 0 && below(i - 1) && !below(i) ? times[i]! - peaks[i - 1]!.time : 0,
    );
    if (n > 0 && below(n - 1)) spans.push(times[n - 1]! - peaks[n - 1]!.time);
    return { maxDrawdown: Math.max(0, ...depths), maxDrawdownDuration: Math.max(0, ...spans) };
  }
  function referenceReturns(times: ArrayLike<number>, equity: ArrayLike<number>, cash: number) {
    const returns: number[] = [];
    let base = cash;
    for (let i = 0; i < equity.length; i++) {
      const last = i === equity.length - 1 || moscowDay(times[i + 1]!) !== moscowDay(times[i]!);
      if (!last) continue;
      if (base > 0) returns.push(equity[i]! / base - 1);
      base = equity[i]!;
    }
    return returns;
  }

  it('gives exactly the two-pass drawdown and daily returns, also for times next to midnight', () => {
    // Steps of minutes, hours, days, and fractions of a millisecond around Moscow midnight.
    const stepArb = fc.oneof(
      fc.integer({ min: 0, max: 120 }).map((m) => m * 60_000),
      fc.integer({ min: 1, max: 48 }).map((h) => h * HOUR),
      fc.double({ min: 0, max: 2, noNaN: true }),
      fc.constantFrom(DAY, DAY - 1, DAY + 1, 0.5, 1e-3),
    );
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.array(fc.tuple(stepArb, fc.double({ min: -50, max: 150, noNaN: true })), {
          maxLength: 300,
        }),
        fc.double({ min: -10, max: 200, noNaN: true }),
        (offset, points, cash) => {
          let time = MONDAY - 2 * HOUR + offset;
          const times: number[] = [];
          const equity: number[] = [];
          for (const [step, value] of points) {
            time += step;
            times.push(time);
            equity.push(value);
          }
          const t = Float64Array.from(times);
          const e = Float64Array.from(equity);
          expect(dailyReturns(t, e, cash)).toEqual(referenceReturns(t, e, cash));
          expect(drawdown(t, e, cash)).toEqual(referenceDrawdown(t, e, cash));
          const stats = computeStatistics({ times: t, equity: e, initialCash: cash, ...base });
          expect(stats.maxDrawdown).toBe(referenceDrawdown(t, e, cash).maxDrawdown);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
