/**
 * A plugin's failure stays with that plugin: the run goes on, and what could no
 * longer be trusted is halted, logged, counted and alerted.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { backtest } from '../backtest/runBacktest.js';
import { defineAlert, defineRisk } from '../contracts/define.js';
import { decisions } from '../contracts/risk.js';
import { type Signal, signals } from '../contracts/signal.js';
import { arrayFeed } from '../market/feed.js';
import { barsFromPrices, INSTRUMENTS, START, scripted } from './engine.fixture.js';

const prices = (n: number) => Array.from({ length: n }, (_, i) => 300 + (i % 3));

describe('risk plugin hooks that throw', () => {
  for (const hook of ['onBar', 'onFill', 'onDayStart'] as const) {
    it(`${hook}: the run completes, trading halts with RISK_RULE_FAILED, an alert names the plugin`, async () => {
      const faulty = defineRisk({
        id: 'faulty',
        params: z.object({}),
        create: () => ({
          check: () => decisions.approve(),
          [hook]: () => {
            throw new Error(`${hook} boom`);
          },
        }),
      });
      const strategy = scripted('s', (i) => (i === 0 ? signals.targetLots('SBER', 1) : undefined));
      // Two Moscow days, so that onDayStart runs at midnight.
      const bars = [
        ...barsFromPrices({ SBER: prices(5) }),
        ...barsFromPrices({ SBER: prices(5) }, START + 86_400_000),
      ];
      const result = await backtest(
        {
          instruments: INSTRUMENTS,
          strategies: [{ definition: strategy, instruments: ['SBER'] }],
          riskLimits: { dailyLossLimit: 1e9 },
          riskPlugins: [{ definition: faulty }],
        },
        arrayFeed(bars),
      );
      expect(result.bars).toBe(10);
      expect(
        await result.metrics.value(result.metrics.tradingHalts, { reason: 'RISK_RULE_FAILED' }),
      ).toBe(1);
      expect(
        result.alerts.some((a) => a.message === `risk:faulty ${hook} threw: ${hook} boom`),
      ).toBe(true);
    });
  }
});

describe('alert channels that fail', () => {
  const channels = {
    'throws synchronously': () => {
      throw new Error('smtp down');
    },
    'returns no promise': () => undefined as unknown as Promise<void>,
    rejects: () => Promise.reject(new Error('429')),
  };
  for (const [how, send] of Object.entries(channels)) {
    it(`a channel that ${how} never stops the run`, async () => {
      const channel = defineAlert({ id: 'broken', params: z.object({}), create: () => ({ send }) });
      const strategy = scripted('s', (i) => {
        if (i === 2) throw new Error('strategy bug'); // raises a critical alert
        return signals.targetLots('SBER', 1);
      });
      const result = await backtest(
        {
          instruments: INSTRUMENTS,
          strategies: [{ definition: strategy, instruments: ['SBER'] }],
          alerts: [{ definition: channel }],
        },
        arrayFeed(barsFromPrices({ SBER: prices(6) })),
      );
      expect(result.bars).toBe(6);
      expect(result.strategies[0]).toMatchObject({ status: 'failed' });
      expect(result.alerts.some((a) => a.type === 'strategy.failed')).toBe(true);
    });
  }
});

describe('malformed signals', () => {
  const cases: Record<string, unknown> = {
    'null in an array': [signals.targetLots('SBER', 1), null],
    'a side in capitals': {
      kind: 'order',
      instrument: 'SBER',
      side: 'BUY',
      lots: 1,
      type: 'market',
    },
    'an unknown type': { kind: 'order', instrument: 'SBER', side: 'buy', lots: 1, type: 'stop' },
    'no kind': { instrument: 'SBER', lots: 1 },
  };
  for (const [what, output] of Object.entries(cases)) {
    it(`${what}: dropped as INVALID_SIGNAL, never past the exposure caps, the run goes on`, async () => {
      const strategy = scripted('s', (i) => (i === 0 ? (output as Signal) : undefined));
      const result = await backtest(
        {
          instruments: INSTRUMENTS,
          strategies: [{ definition: strategy, instruments: ['SBER'] }],
          riskLimits: { maxInstrumentExposure: 100 },
        },
        arrayFeed(barsFromPrices({ SBER: prices(3) })),
      );
      // One SBER lot is worth 3,000 RUB: nothing may pass a 100 RUB cap.
      expect(result.orders).toHaveLength(0);
      expect(
        await result.metrics.value(result.metrics.riskDenials, { rule: 'INVALID_SIGNAL' }),
      ).toBeGreaterThan(0);
      expect(result.bars).toBe(3);
    });
  }
});
