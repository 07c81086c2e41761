import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { backtest } from '../backtest/runBacktest.js';
import { defineStrategy } from '../contracts/define.js';
import { signals } from '../contracts/signal.js';
import { arrayFeed } from '../market/feed.js';
import { silentLogger } from '../observability/logger.js';
import { EngineMetrics } from '../observability/metrics.js';
import { barsFromPrices, INSTRUMENTS } from './engine.fixture.js';
import { STRATEGY_TRANSITIONS, StrategyRunner, type StrategyStatus } from './StrategyRunner.js';

const deps = () => {
  const raised: string[] = [];
  return {
    raised,
    deps: {
      logger: silentLogger(),
      metrics: new EngineMetrics(),
      alerts: { raise: (a: { type: string }) => raised.push(a.type) },
    },
  };
};

describe('StrategyRunner lifecycle', () => {
  it('allows exactly the transitions of the table', () => {
    const all = Object.keys(STRATEGY_TRANSITIONS) as StrategyStatus[];
    for (const from of all)
      for (const to of all) {
        const legal = STRATEGY_TRANSITIONS[from].includes(to);
        if (from === 'running' && to === 'paused') expect(legal).toBe(true);
        if (from === 'stopped' || from === 'failed') expect(legal).toBe(false);
      }
    const { deps: d } = deps();
    const runner = new StrategyRunner('s', { onBar: () => undefined }, ['SBER'], d);
    runner.start();
    expect(runner.status).toBe('running');
    runner.pause();
    expect(() => runner.pause()).toThrow(/paused → paused is not allowed/);
    runner.resume();
    runner.stop();
    expect(() => runner.resume()).toThrow(/MOEXBOT_ERR|stopped → running/);
  });

  it('warms up until every instrument has seen `warmup` bars; signals before that are dropped', () => {
    const { deps: d } = deps();
    const runner = new StrategyRunner(
      's',
      { warmup: 2, onBar: (bar) => signals.targetLots(bar.instrument, 1) },
      ['SBER', 'LKOH'],
      d,
    );
    runner.start();
    const bar = (instrument: string) => ({
      instrument,
      time: 0,
      open: 1,
      high: 1,
      low: 1,
      close: 1,
      volume: 1,
    });
    expect(runner.status).toBe('warming-up');
    expect(runner.onBar(bar('SBER'))).toBeUndefined();
    expect(runner.onBar(bar('SBER'))).toBeUndefined();
    expect(runner.onBar(bar('LKOH'))).toBeUndefined();
    expect(runner.status).toBe('warming-up');
    expect(runner.onBar(bar('LKOH'))).toBeUndefined(); // the bar that completes warm-up
    expect(runner.status).toBe('running');
    expect(runner.onBar(bar('SBER'))).toEqual(signals.targetLots('SBER', 1));
  });

  it('a paused strategy still sees bars but its signals are dropped', () => {
    const { deps: d } = deps();
    let seen = 0;
    const runner = new StrategyRunner(
      's',
      {
        onBar: (bar) => {
          seen++;
          return signals.flat(bar.instrument);
        },
      },
      ['SBER'],
      d,
    );
    runner.start();
    runner.pause();
    expect(
      runner.onBar({ instrument: 'SBER', time: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 }),
    ).toBeUndefined();
    expect(seen).toBe(1);
  });
});

describe('a strategy that throws', () => {
  it('fails alone: the others keep trading, and a metric and an alert record it', async () => {
    const faulty = defineStrategy({
      id: 'faulty',
      params: z.object({}),
      create: () => {
        let n = 0;
        return {
          onBar: (bar) => {
            if (++n === 5) throw new Error('division by zero');
            return signals.targetLots(bar.instrument, n % 2);
          },
        };
      },
    });
    const steady = defineStrategy({
      id: 'steady',
      params: z.object({}),
      create: () => {
        let n = 0;
        return { onBar: (bar) => signals.targetLots(bar.instrument, ++n % 4 < 2 ? 1 : 0) };
      },
    });
    const prices = Array.from({ length: 40 }, (_, i) => 300 + (i % 5));
    const result = await backtest(
      {
        instruments: INSTRUMENTS,
        strategies: [
          { definition: faulty, instruments: ['SBER'] },
          { definition: steady, instruments: ['LKOH'] },
        ],
      },
      arrayFeed(barsFromPrices({ SBER: prices, LKOH: prices.map((p) => p * 20) })),
    );
    expect(result.strategies).toEqual([
      { name: 'faulty', status: 'failed', failure: 'onBar: division by zero' },
      { name: 'steady', status: 'stopped' },
    ]);
    const lastFaulty = Math.max(
      ...result.orders.filter((o) => o.strategyId === 'faulty').map((o) => o.createdAt),
    );
    const steadyAfter = result.fills.filter(
      (f) => f.strategyId === 'steady' && f.time > lastFaulty,
    );
    expect(steadyAfter.length).toBeGreaterThan(5);
    expect(
      await result.metrics.value(result.metrics.strategyFailures, { strategy: 'faulty' }),
    ).toBe(1);
    expect(
      await result.metrics.value(result.metrics.strategyFailures, { strategy: 'steady' }),
    ).toBe(0);
    const alert = result.alerts.find((a) => a.type === 'strategy.failed');
    expect(alert).toMatchObject({
      severity: 'critical',
      message: 'strategy:faulty failed in onBar: division by zero',
    });
  });

  it('a strategy whose onStart throws fails before trading', async () => {
    const bad = defineStrategy({
      id: 'bad',
      params: z.object({}),
      create: () => ({
        onStart: () => {
          throw new Error('no data');
        },
        onBar: () => signals.targetLots('SBER', 1),
      }),
    });
    const result = await backtest(
      { instruments: INSTRUMENTS, strategies: [{ definition: bad, instruments: ['SBER'] }] },
      arrayFeed(barsFromPrices({ SBER: [300, 301, 302] })),
    );
    expect(result.strategies[0]).toMatchObject({ status: 'failed', failure: 'onStart: no data' });
    expect(result.orders).toHaveLength(0);
  });
});

describe('strategy names', () => {
  it('refuses two instances with one name, since fills are attributed by name', async () => {
    const twin = defineStrategy({
      id: 'twin',
      params: z.object({}),
      create: () => ({ onBar: () => undefined }),
    });
    await expect(
      backtest(
        {
          instruments: INSTRUMENTS,
          strategies: [
            { definition: twin, instruments: ['SBER'] },
            { definition: twin, instruments: ['LKOH'] },
          ],
        },
        arrayFeed(barsFromPrices({ SBER: [300] })),
      ),
    ).rejects.toThrow(/two strategies are named twin/);
  });
});

describe('host orders', () => {
  it("a strategy named like the host's ids never receives the host's exit fills", async () => {
    const fills: string[] = [];
    const named = (name: string) => ({
      definition: defineStrategy({
        id: 'holder',
        params: z.object({}),
        create: () => {
          let n = 0;
          return {
            onBar: (bar) => (n++ === 0 ? signals.targetLots(bar.instrument, 1) : undefined),
            onFill: (fill) => fills.push(`${name}:${fill.reason}`),
          };
        },
      }),
      name,
      instruments: ['SBER'],
    });
    await backtest(
      {
        instruments: INSTRUMENTS,
        strategies: [named('risk')],
        riskLimits: { stopLossPercent: 5 },
      },
      arrayFeed(barsFromPrices({ SBER: [300, 300, 250, 250, 250] })),
    );
    // The entry fill reaches the strategy; the stop-loss exit belongs to the host.
    expect(fills).toEqual(['risk:signal']);
  });
});
