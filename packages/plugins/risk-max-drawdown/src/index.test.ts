import {
  arrayFeed,
  createBacktest,
  defineInstrument,
  runComposedBacktest,
  signals,
  simulatedBroker,
} from '@moex-bot/framework';
import {
  type BarRow,
  makeBars,
  recordDecisions,
  runRiskRule,
  type Script,
  scriptedStrategy,
} from '@moex-bot/framework/testing';
import { describe, expect, test } from 'vitest';
import maxDrawdown, { MAX_DRAWDOWN_CODE, type MaxDrawdownParams } from './index.js';

const TEST = defineInstrument({ ticker: 'TEST', lot: 1, minPriceIncrement: 0.01 });
/** No commission and no slippage: equity is exactly cash + 50 × price in these stories. */
const FREE = { commission: { percent: 0 }, slippage: 'none' } as const;
const DAY = 86_400_000;
/** Buys 50 lots on the first bar: 5,000 of the 10,000 cash, so equity = 5,000 + 50 × close. */
const BUY_50 = { 0: signals.targetLots('TEST', 50) };

const base = { instruments: [TEST], initialCash: 10_000, broker: FREE };

function at(bars: readonly { time: number }[], time: number): number {
  return bars.findIndex((bar) => bar.time === time);
}

/**
 * Runs the plugin as `runRiskRule` does, but with an operator who resumes trading as soon
 * as anything stops it: only the plugin's own denial is left between a strategy and the
 * broker.
 */
async function runWithOperatorResume(
  params: Partial<MaxDrawdownParams>,
  script: Script,
  bars: ReturnType<typeof makeBars>,
) {
  const recorder = recordDecisions(maxDrawdown);
  const composed = await createBacktest({
    instruments: [TEST],
    initialCash: 10_000,
    broker: { definition: simulatedBroker, params: FREE },
    strategies: [{ definition: scriptedStrategy(script), instruments: ['TEST'] }],
    riskPlugins: [{ definition: recorder.definition, params }],
  });
  composed.trading.onChange((change) => {
    if (change.to !== 'active') composed.trading.resume('OPERATOR');
  });
  const result = await runComposedBacktest(composed, arrayFeed(bars));
  const decided = recorder.decisions.map((d) => ({ bar: at(bars, d.time), ...d.decision }));
  return { result, decided, position: composed.engine.portfolio.position('TEST').lots };
}

describe('max-drawdown', () => {
  test('halts on exactly the bar where the drawdown from the peak reaches the limit', async () => {
    // Equity: 10,000 10,000 9,500 9,100 9,000 8,950 → 0%, 5%, 9%, then 10% on bar 4.
    const bars = makeBars('TEST', [100, 100, 90, 82, 80, 79]);
    const run = await runRiskRule(maxDrawdown, {
      ...base,
      params: { maxDrawdownPercent: 10 },
      script: BUY_50,
      bars,
    });
    expect(run.tradingChanges).toEqual([
      { from: 'active', to: 'halted', reason: MAX_DRAWDOWN_CODE, time: bars[4]!.time },
    ]);
    const alerts = run.alerts.filter((alert) => alert.type === 'risk.max-drawdown');
    expect(alerts).toEqual([
      {
        severity: 'critical',
        type: 'risk.max-drawdown',
        time: bars[4]!.time,
        message: `risk:max-drawdown ${MAX_DRAWDOWN_CODE}: peak=10000 equity=9000 drawdownPercent=10 limitPercent=10`,
        context: { peak: 10_000, equity: 9_000, drawdownPercent: 10, limitPercent: 10 },
      },
    ]);
  });

  test('measures from the running peak, not from the initial cash', async () => {
    // Equity peaks at 11,000 (price 120); at price 98 it is 9,900: 1% below the start,
    // 10% below the peak.
    const bars = makeBars('TEST', [100, 100, 110, 120, 110, 100.2, 99.8, 98, 97]);
    const run = await runRiskRule(maxDrawdown, {
      ...base,
      params: { maxDrawdownPercent: 10 },
      script: BUY_50,
      bars,
    });
    expect(run.tradingChanges.map((c) => [at(bars, c.time), c.to])).toEqual([[7, 'halted']]);
    expect(run.alerts.find((a) => a.type === 'risk.max-drawdown')?.context).toEqual({
      peak: 11_000,
      equity: 9_900,
      drawdownPercent: 10,
      limitPercent: 10,
    });
  });

  test('counts a drawdown seen at a fill, even when the bar then closes higher', async () => {
    // All in at 100; half is sold at a gapped-down open of 85 (equity 4,250 + 50 × 85 =
    // 8,500: 15% down) and the bar closes at 100 (9,250: 7.5%).
    const bars = makeBars('TEST', [100, 100, 100, { open: 85, close: 100 }, 100]);
    const run = await runRiskRule(maxDrawdown, {
      ...base,
      params: { maxDrawdownPercent: 10 },
      script: { 0: signals.targetLots('TEST', 100), 2: signals.targetLots('TEST', 50) },
      bars,
    });
    expect(run.tradingChanges.map((c) => at(bars, c.time))).toEqual([3]);
    expect(run.alerts.find((a) => a.type === 'risk.max-drawdown')?.context).toEqual({
      peak: 10_000,
      equity: 8_500,
      drawdownPercent: 15,
      limitPercent: 10,
    });
  });

  test('buying at a gapped-up open is no loss', async () => {
    // 40 lots bought at 200 while the last close was 100 are worth 8,000, not 4,000: the
    // host marks the instrument at the fill price before the plugin looks.
    const bars = makeBars('TEST', [100, { open: 200, close: 200 }, 200]);
    const run = await runRiskRule(maxDrawdown, {
      ...base,
      params: { maxDrawdownPercent: 10 },
      script: { 0: signals.targetLots('TEST', 40) },
      bars,
    });
    expect(run.fills.map((f) => [f.lots, f.price])).toEqual([[40, 200]]);
    expect(run.tradingChanges).toEqual([]);
  });

  test('does nothing while the drawdown stays below the limit', async () => {
    const bars = makeBars('TEST', [100, 100, 90, 81, 80.02, 95, 95]);
    const run = await runRiskRule(maxDrawdown, {
      ...base,
      params: { maxDrawdownPercent: 10 },
      script: { ...BUY_50, 5: signals.targetLots('TEST', 60) },
      bars,
    });
    expect(run.tradingChanges).toEqual([]);
    expect(run.denials).toEqual([]);
    expect(run.positions()).toEqual({ TEST: 60 });
  });

  test('after an operator resumes, it still denies entries, lets exits pass and trims flips', async () => {
    const bars = makeBars('TEST', [100, 100, 90, 82, 80, 80, 80, 80, 80]);
    const { decided, position } = await runWithOperatorResume(
      { maxDrawdownPercent: 10 },
      {
        ...BUY_50,
        5: signals.buy('TEST', 10),
        6: signals.sell('TEST', 20),
        7: signals.sell('TEST', 40),
      },
      bars,
    );
    const context = { peak: 10_000, equity: 9_000, drawdownPercent: 10, limitPercent: 10 };
    expect(decided).toEqual([
      { bar: 0, action: 'approve' },
      { bar: 5, action: 'deny', code: MAX_DRAWDOWN_CODE, context },
      { bar: 6, action: 'approve' },
      { bar: 7, action: 'resize', lots: 30, code: MAX_DRAWDOWN_CODE, context },
    ]);
    expect(position).toBe(0);
  });

  test('mode reduce puts trading into reducing, where a strategy may still exit', async () => {
    const bars = makeBars('TEST', [100, 100, 90, 82, 80, 80, 80]);
    const run = await runRiskRule(maxDrawdown, {
      ...base,
      params: { maxDrawdownPercent: 10, mode: 'reduce' },
      script: { ...BUY_50, 5: signals.flat('TEST') },
      bars,
    });
    expect(run.tradingChanges.map((c) => [at(bars, c.time), c.to, c.reason])).toEqual([
      [4, 'reducing', MAX_DRAWDOWN_CODE],
    ]);
    expect(run.positions()).toEqual({ TEST: 0 });
  });

  test('mode reduce never loosens a halt something else put in place', async () => {
    // The daily loss limit halts at 5% (bar 2); the drawdown reaches 8% on bar 3.
    const bars = makeBars('TEST', [100, 100, 90, 84, 84]);
    const run = await runRiskRule(maxDrawdown, {
      ...base,
      riskLimits: { dailyLossLimitPercent: 5 },
      params: { maxDrawdownPercent: 8, mode: 'reduce' },
      script: BUY_50,
      bars,
    });
    expect(run.tradingChanges.map((c) => [at(bars, c.time), c.to, c.reason])).toEqual([
      [2, 'halted', 'DAILY_LOSS_LIMIT_REACHED'],
    ]);
    expect(
      run.alerts.filter((a) => a.type === 'risk.max-drawdown').map((a) => at(bars, a.time)),
    ).toEqual([3]);
    expect(run.tradingState.state).toBe('halted');
  });

  describe('resetDaily', () => {
    // Day 1 ends 6% below the peak (equity 9,400); on day 2 the price falls on to 80
    // (10% below day 1's peak, 4.3% below day 2's start) and then to 69.2 (10% below 9,400).
    const day1: BarRow[] = [100, 100, 88];
    const day2: BarRow[] = [88, 85, 80, 75, 69.2, 69];
    const bars = [
      ...makeBars('TEST', day1),
      ...makeBars('TEST', day2, { start: makeBars('TEST', [0])[0]!.time + DAY }),
    ];

    test('off: the peak of an earlier day still counts', async () => {
      const run = await runRiskRule(maxDrawdown, {
        ...base,
        params: { maxDrawdownPercent: 10 },
        script: BUY_50,
        bars,
      });
      expect(run.tradingChanges.map((c) => at(bars, c.time))).toEqual([5]);
    });

    test('on: each Moscow day starts a new peak', async () => {
      const run = await runRiskRule(maxDrawdown, {
        ...base,
        params: { maxDrawdownPercent: 10, resetDaily: true },
        script: BUY_50,
        bars,
      });
      expect(run.tradingChanges.map((c) => at(bars, c.time))).toEqual([7]);
      expect(run.alerts.find((a) => a.type === 'risk.max-drawdown')?.context).toEqual({
        peak: 9_400,
        equity: 8_460,
        drawdownPercent: 10,
        limitPercent: 10,
      });
    });

    test('on: the plugin’s own denial ends with the day', async () => {
      const story = [
        ...makeBars('TEST', [100, 100, 80, 80]),
        ...makeBars('TEST', [80, 80, 80], { start: bars[3]!.time }),
      ];
      const { decided, position } = await runWithOperatorResume(
        { maxDrawdownPercent: 10, resetDaily: true },
        { ...BUY_50, 3: signals.buy('TEST', 5), 5: signals.buy('TEST', 5) },
        story,
      );
      expect(decided.map((d) => [d.bar, d.action])).toEqual([
        [0, 'approve'],
        [3, 'deny'],
        [5, 'approve'],
      ]);
      expect(position).toBe(55);
    });
  });

  test('parameters are checked by the schema the host uses', () => {
    const parse = (input: unknown) => maxDrawdown.params.safeParse(input).success;
    expect(maxDrawdown.params.parse({ maxDrawdownPercent: 20 })).toEqual({
      maxDrawdownPercent: 20,
      mode: 'halt',
      resetDaily: false,
    });
    expect(parse({ maxDrawdownPercent: 100, mode: 'reduce', resetDaily: true })).toBe(true);
    expect(parse({})).toBe(false);
    expect(parse({ maxDrawdownPercent: 0 })).toBe(false);
    expect(parse({ maxDrawdownPercent: 100.5 })).toBe(false);
    expect(parse({ maxDrawdownPercent: 10, mode: 'flatten' })).toBe(false);
    expect(parse({ maxDrawdownPercent: 10, maxDrawdownPct: 5 })).toBe(false);
  });

  test('a run with bad parameters fails before the first bar, naming the plugin', async () => {
    await expect(
      runRiskRule(maxDrawdown, {
        ...base,
        params: { maxDrawdownPercent: -1 },
        script: {},
        bars: makeBars('TEST', [100]),
      }),
    ).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_PLUGIN_PARAMS_INVALID',
      message: expect.stringContaining('risk:max-drawdown'),
      problems: [
        expect.objectContaining({ path: expect.stringMatching(/\.params\.maxDrawdownPercent$/) }),
      ],
    });
  });
});
