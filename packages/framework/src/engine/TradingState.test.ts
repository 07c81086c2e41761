import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBacktest } from '../backtest/createBacktest.js';
import { runComposedBacktest } from '../backtest/runBacktest.js';
import { defineRisk } from '../contracts/define.js';
import { decisions } from '../contracts/risk.js';
import { signals } from '../contracts/signal.js';
import { arrayFeed } from '../market/feed.js';
import { silentLogger } from '../observability/logger.js';
import { EngineMetrics } from '../observability/metrics.js';
import { barsFromPrices, INSTRUMENTS, START, scripted } from './engine.fixture.js';
import { SimulatedClock } from './SimulatedClock.js';
import { TradingState } from './TradingState.js';

const state = () =>
  new TradingState(new SimulatedClock(), silentLogger(), new EngineMetrics(), { raise: () => {} });

describe('TradingState halts counted by reason code', () => {
  it('labels the counter with the code before the first colon, never the free text', async () => {
    const metrics = new EngineMetrics();
    const trading = new TradingState(new SimulatedClock(), silentLogger(), metrics, {
      raise: () => {},
    });
    trading.halt('telegram:42: news at 14:00');
    trading.resume('telegram:42: ok');
    trading.halt('telegram:7: something else');
    trading.resume('OPERATOR');
    trading.halt('DAILY_LOSS_LIMIT_REACHED');
    const { values } = await metrics.tradingHalts.get();
    expect(Object.fromEntries(values.map((v) => [v.labels.reason, v.value]))).toEqual({
      telegram: 2,
      DAILY_LOSS_LIMIT_REACHED: 1,
    });
    expect(trading.reason).toBe('DAILY_LOSS_LIMIT_REACHED');
  });
});

describe('TradingState holds', () => {
  it('stays halted while any hold remains, and names the one still holding', () => {
    const trading = state();
    trading.halt('DAILY_LOSS_LIMIT_REACHED');
    trading.halt('MAX_DRAWDOWN_REACHED');
    trading.release('DAILY_LOSS_LIMIT_REACHED', 'DAY_ROLLOVER');
    expect([trading.state, trading.reason]).toEqual(['halted', 'MAX_DRAWDOWN_REACHED']);
    trading.release('MAX_DRAWDOWN_REACHED');
    expect([trading.state, trading.reason]).toEqual(['active', 'MAX_DRAWDOWN_REACHED']);
  });

  it('halted beats reducing; releasing the halt leaves reducing', () => {
    const trading = state();
    trading.reduce('DRAWDOWN_SOFT');
    trading.halt('OPERATOR');
    expect(trading.state).toBe('halted');
    trading.release('OPERATOR');
    expect([trading.state, trading.reason]).toEqual(['reducing', 'DRAWDOWN_SOFT']);
  });

  it("an operator's resume lifts every hold; a release of an unknown hold does nothing", () => {
    const trading = state();
    trading.halt('A');
    trading.reduce('B');
    trading.release('C');
    expect(trading.state).toBe('halted');
    trading.resume('OPERATOR');
    expect([trading.state, trading.activeHolds.size]).toEqual(['active', 0]);
  });
});

describe('the daily-loss reset at midnight', () => {
  it("lifts only its own halt: a rule's halt placed while already halted stays", async () => {
    // Day 1: SBER falls far enough to trip the daily loss limit; then a rule halts too.
    const halter = defineRisk({
      id: 'halter',
      params: z.object({}),
      create: (_p, ctx) => {
        let bars = 0;
        return {
          check: () => decisions.approve(),
          onBar: () => {
            if (++bars === 5) ctx.trading.halt('MAX_DRAWDOWN_REACHED');
          },
        };
      },
    });
    const strategy = scripted('hold', (i) =>
      i === 0 ? signals.targetLots('SBER', 10) : undefined,
    );
    const run = await createBacktest({
      instruments: INSTRUMENTS,
      strategies: [{ definition: strategy, instruments: ['SBER'] }],
      riskLimits: { dailyLossLimit: 1_000 },
      riskPlugins: [{ definition: halter }],
    });
    const bars = [
      ...barsFromPrices({ SBER: [300, 300, 290, 280, 280, 280] }),
      ...barsFromPrices({ SBER: [280, 281] }, START + 86_400_000),
    ];
    await runComposedBacktest(run, arrayFeed(bars));
    expect(run.trading.state).toBe('halted');
    expect(run.trading.reason).toBe('MAX_DRAWDOWN_REACHED');
    expect([...run.trading.activeHolds.keys()]).toEqual(['MAX_DRAWDOWN_REACHED']);
  });
});
