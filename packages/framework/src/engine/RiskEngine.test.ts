import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { backtest } from '../backtest/runBacktest.js';
import { defineRisk } from '../contracts/define.js';
import { decisions } from '../contracts/risk.js';
import { signals } from '../contracts/signal.js';
import { arrayFeed } from '../market/feed.js';
import { barsFromPrices, INSTRUMENTS, scripted } from './engine.fixture.js';

/** The simulated broker without cash or short checks, so only risk limits bind. */
const looseBroker = async () => {
  const { simulatedBroker } = await import('../sim/simulatedBrokerPlugin.js');
  return {
    definition: simulatedBroker,
    params: { checkCash: false, allowShort: true, commission: { percent: 0, minimum: 0 } },
  };
};

const flat = (price: number, n: number) => Array.from({ length: n }, () => price);

describe('RiskEngine exposure caps', () => {
  it('values every other position at its own last price, not the price of the instrument evaluated', async () => {
    // LKOH at 7000 × 100 lots = 700,000 RUB held; SBER at 300 × 10 per lot.
    const strategy = scripted('s', (i) => {
      if (i === 0) return signals.targetLots('LKOH', 100);
      if (i === 4) return signals.targetLots('SBER', 100);
      return undefined;
    });
    const result = await backtest(
      {
        instruments: INSTRUMENTS,
        strategies: [{ definition: strategy, instruments: ['SBER', 'LKOH'] }],
        riskLimits: { maxGrossExposure: 800_000 },
        broker: await looseBroker(),
      },
      arrayFeed(barsFromPrices({ LKOH: flat(7000, 5), SBER: flat(300, 5) })),
    );
    const sber = result.orders.find((o) => o.instrument === 'SBER');
    // 100,000 RUB of room / 3,000 RUB per SBER lot = 33 whole lots. Valuing LKOH at SBER's
    // price would have let all 100 lots through.
    expect(sber?.lots).toBe(33);
    expect(
      await result.metrics.value(result.metrics.riskResizes, {
        rule: 'EXPOSURE_EXCEEDS_GROSS_LIMIT',
      }),
    ).toBe(1);
  });

  it('denies instead of resizing when onExposureBreach is deny, and counts the denial by rule', async () => {
    const strategy = scripted('s', (i) => (i === 0 ? signals.targetLots('SBER', 100) : undefined));
    const result = await backtest(
      {
        instruments: INSTRUMENTS,
        strategies: [{ definition: strategy, instruments: ['SBER'] }],
        riskLimits: { maxInstrumentExposure: 100_000, onExposureBreach: 'deny' },
        broker: await looseBroker(),
      },
      arrayFeed(barsFromPrices({ SBER: flat(300, 3) })),
    );
    expect(result.orders).toHaveLength(0);
    expect(
      await result.metrics.value(result.metrics.riskDenials, {
        rule: 'EXPOSURE_EXCEEDS_INSTRUMENT_LIMIT',
      }),
    ).toBe(1);
  });

  it('denies orders over the notional cap and beyond the open-order cap', async () => {
    const strategy = scripted('s', (i) =>
      i === 0
        ? [
            signals.buy('SBER', 1, { limitPrice: 250 }),
            signals.buy('SBER', 1, { limitPrice: 250 }),
            signals.buy('SBER', 500),
          ]
        : undefined,
    );
    const result = await backtest(
      {
        instruments: INSTRUMENTS,
        strategies: [{ definition: strategy, instruments: ['SBER'] }],
        riskLimits: { maxOpenOrders: 1, maxOrderNotional: 1_000_000 },
        broker: await looseBroker(),
      },
      arrayFeed(barsFromPrices({ SBER: flat(300, 3) })),
    );
    expect(result.orders).toHaveLength(1);
    expect(
      await result.metrics.value(result.metrics.riskDenials, { rule: 'OPEN_ORDERS_EXCEED_LIMIT' }),
    ).toBe(1);
    expect(
      await result.metrics.value(result.metrics.riskDenials, {
        rule: 'ORDER_NOTIONAL_EXCEEDS_LIMIT',
      }),
    ).toBe(1);
  });

  it('denies a limit price off the instrument grid', async () => {
    const strategy = scripted('s', (i) =>
      i === 0 ? signals.buy('LKOH', 1, { limitPrice: 7000.3 }) : undefined,
    );
    const result = await backtest(
      { instruments: INSTRUMENTS, strategies: [{ definition: strategy, instruments: ['LKOH'] }] },
      arrayFeed(barsFromPrices({ LKOH: flat(7000, 2) })),
    );
    expect(result.orders).toHaveLength(0);
    expect(await result.metrics.value(result.metrics.riskDenials, { rule: 'PRICE_OFF_GRID' })).toBe(
      1,
    );
  });
});

describe('RiskEngine trading-state gate', () => {
  const haltAt = (bar: number, mode: 'halt' | 'reduce') =>
    defineRisk({
      id: 'switch',
      params: z.object({}),
      create: (_p, ctx) => {
        let seen = 0;
        return {
          check: () => decisions.approve(),
          onBar: () => {
            if (seen++ === bar) ctx.trading[mode]('TEST');
          },
        };
      },
    });

  it('in reducing lets only the reducing part of an order through', async () => {
    const strategy = scripted('s', (i) => {
      if (i === 0) return signals.targetLots('SBER', 10);
      if (i === 3) return signals.targetLots('SBER', -5); // would flip: only the 10 closing lots pass
      if (i === 5) return signals.targetLots('SBER', 20); // adds: denied
      return undefined;
    });
    const result = await backtest(
      {
        instruments: INSTRUMENTS,
        strategies: [{ definition: strategy, instruments: ['SBER'] }],
        riskPlugins: [{ definition: haltAt(2, 'reduce') }],
        broker: await looseBroker(),
      },
      arrayFeed(barsFromPrices({ SBER: flat(300, 8) })),
    );
    expect(result.orders.map((o) => `${o.side} ${o.lots}`)).toEqual(['buy 10', 'sell 10']);
    expect(
      await result.metrics.value(result.metrics.riskDenials, { rule: 'TRADING_REDUCING_ONLY' }),
    ).toBe(1);
  });

  it('when halted denies strategy orders but lets a stop-loss exit out', async () => {
    const strategy = scripted('s', (i) =>
      i === 0
        ? signals.targetLots('SBER', 10)
        : i === 4
          ? signals.targetLots('SBER', 20)
          : undefined,
    );
    const prices = [300, 300, 300, 300, 300, 250, 250, 250];
    const result = await backtest(
      {
        instruments: INSTRUMENTS,
        strategies: [{ definition: strategy, instruments: ['SBER'] }],
        riskLimits: { stopLossPercent: 5 },
        riskPlugins: [{ definition: haltAt(3, 'halt') }],
        broker: await looseBroker(),
      },
      arrayFeed(barsFromPrices({ SBER: prices })),
    );
    expect(result.orders.map((o) => `${o.side} ${o.lots} ${o.reason}`)).toEqual([
      'buy 10 signal',
      'sell 10 stop-loss',
    ]);
    expect(await result.metrics.value(result.metrics.riskDenials, { rule: 'TRADING_HALTED' })).toBe(
      1,
    );
    expect(await result.metrics.value(result.metrics.tradingHalts, { reason: 'TEST' })).toBe(1);
    expect(result.alerts.some((a) => a.type === 'risk.halted')).toBe(true);
  });
});

describe('RiskEngine plugins', () => {
  const calls: string[] = [];
  /** A rule that records each call as `<id> <lots>`, then judges. */
  const rule = (id: string, judge: (lots: number) => ReturnType<typeof decisions.approve>) =>
    defineRisk({
      id,
      params: z.object({}),
      create: () => ({
        check: (intent) => {
          calls.push(`${id} ${intent.lots}`);
          return judge(intent.lots);
        },
      }),
    });

  it('runs plugins in order: a resize carries on, the first denial stops the intent', async () => {
    const strategy = scripted('s', (i) =>
      i === 0 ? signals.buy('SBER', 10) : i === 1 ? signals.buy('SBER', 3) : undefined,
    );
    const result = await backtest(
      {
        instruments: INSTRUMENTS,
        strategies: [{ definition: strategy, instruments: ['SBER'] }],
        riskPlugins: [
          {
            definition: rule('half', (lots) =>
              lots > 4 ? decisions.resize(Math.floor(lots / 2), 'HALF') : decisions.approve(),
            ),
          },
          {
            definition: rule('no-odd', (lots) =>
              lots % 2 ? decisions.deny('ODD_LOTS', { lots }) : decisions.approve(),
            ),
          },
          { definition: rule('never-called', () => decisions.approve()) },
        ],
      },
      arrayFeed(barsFromPrices({ SBER: flat(300, 3) })),
    );
    // 10 → halved to 5 → odd → denied; 3 → approved by half → odd → denied.
    expect(calls).toEqual(['half 10', 'no-odd 5', 'half 3', 'no-odd 3']);
    expect(result.orders).toHaveLength(0);
    expect(await result.metrics.value(result.metrics.riskDenials, { rule: 'ODD_LOTS' })).toBe(2);
  });

  it('fails closed when a risk plugin throws, and alerts', async () => {
    const broken = defineRisk({
      id: 'broken',
      params: z.object({}),
      create: () => ({
        check: () => {
          throw new Error('boom');
        },
      }),
    });
    const strategy = scripted('s', (i) => (i === 0 ? signals.buy('SBER', 1) : undefined));
    const result = await backtest(
      {
        instruments: INSTRUMENTS,
        strategies: [{ definition: strategy, instruments: ['SBER'] }],
        riskPlugins: [{ definition: broken }],
      },
      arrayFeed(barsFromPrices({ SBER: flat(300, 2) })),
    );
    expect(result.orders).toHaveLength(0);
    expect(result.alerts.find((a) => a.type === 'risk.rule-failed')?.message).toContain(
      'risk:broken check threw: boom',
    );
  });

  it('a halt decision halts trading', async () => {
    const halting = defineRisk({
      id: 'stopper',
      params: z.object({}),
      create: () => ({ check: () => decisions.halt('KILL_SWITCH', { why: 'test' }) }),
    });
    const strategy = scripted('s', (i) => (i < 2 ? signals.buy('SBER', 1) : undefined));
    const result = await backtest(
      {
        instruments: INSTRUMENTS,
        strategies: [{ definition: strategy, instruments: ['SBER'] }],
        riskPlugins: [{ definition: halting }],
      },
      arrayFeed(barsFromPrices({ SBER: flat(300, 3) })),
    );
    expect(await result.metrics.value(result.metrics.tradingHalts, { reason: 'KILL_SWITCH' })).toBe(
      1,
    );
    expect(await result.metrics.value(result.metrics.riskDenials, { rule: 'TRADING_HALTED' })).toBe(
      1,
    );
  });
});

describe('RiskEngine stops', () => {
  it('exits on a trailing stop from the best price since entry, at the next bar open', async () => {
    const strategy = scripted('s', (i) => (i === 0 ? signals.targetLots('SBER', 1) : undefined));
    // Entry fills at 100 on bar 1; high 120 at bar 3; 10% trail = 108; bar 5 trades 107.
    const prices = [100, 100, 110, 120, 115, 107, 106, 106];
    const result = await backtest(
      {
        instruments: INSTRUMENTS,
        strategies: [{ definition: strategy, instruments: ['SBER'] }],
        riskLimits: { trailingStopPercent: 10, stopLossPercent: 20 },
        broker: await looseBroker(),
      },
      arrayFeed(barsFromPrices({ SBER: prices })),
    );
    const exit = result.fills.find((f) => f.reason === 'trailing-stop');
    expect(exit).toMatchObject({ side: 'sell', lots: 1, price: 106 });
    expect(result.trades).toHaveLength(1);
  });
});

describe('RiskEngine review cases', () => {
  const reduceAt = (bar: number) =>
    defineRisk({
      id: 'reducer',
      params: z.object({}),
      create: (_p, ctx) => {
        let seen = 0;
        return {
          check: () => decisions.approve(),
          onBar: () => {
            if (seen++ === bar) ctx.trading.reduce('TEST');
          },
        };
      },
    });

  it('entering reducing cancels a resting order that would add exposure', async () => {
    const strategy = scripted('s', (i) => {
      if (i === 0) return signals.targetLots('SBER', 5);
      if (i === 2) return signals.buy('SBER', 20, { limitPrice: 90 });
      return undefined;
    });
    const result = await backtest(
      {
        instruments: INSTRUMENTS,
        strategies: [{ definition: strategy, instruments: ['SBER'] }],
        riskPlugins: [{ definition: reduceAt(3) }],
        broker: await looseBroker(),
      },
      arrayFeed(barsFromPrices({ SBER: [100, 100, 100, 100, 89, 89] })),
    );
    const limit = result.orders.find((o) => o.type === 'limit');
    expect(limit?.status).toBe('cancelled');
    expect(result.fills.map((f) => `${f.side} ${f.lots}`)).toEqual(['buy 5']);
  });

  it('values a sell limit far below the market at the market for the notional cap', async () => {
    const strategy = scripted('s', (i) =>
      i === 0 ? signals.sell('SBER', 100, { limitPrice: 0.01 }) : undefined,
    );
    const result = await backtest(
      {
        instruments: INSTRUMENTS,
        strategies: [{ definition: strategy, instruments: ['SBER'] }],
        riskLimits: { maxOrderNotional: 10_000 },
        broker: await looseBroker(),
      },
      arrayFeed(barsFromPrices({ SBER: flat(100, 3) })),
    );
    expect(result.orders).toHaveLength(0);
    expect(
      await result.metrics.value(result.metrics.riskDenials, {
        rule: 'ORDER_NOTIONAL_EXCEEDS_LIMIT',
      }),
    ).toBe(1);
  });
});
