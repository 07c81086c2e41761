import { describe, expect, it } from 'vitest';
import { backtest } from '../backtest/runBacktest.js';
import { signals } from '../contracts/signal.js';
import { arrayFeed } from '../market/feed.js';
import { simulatedBroker } from '../sim/simulatedBrokerPlugin.js';
import { barsFromPrices, INSTRUMENTS, scripted } from './engine.fixture.js';

describe('engine counters', () => {
  it('move for orders submitted, filled and rejected, risk denials by rule and halts', async () => {
    const strategy = scripted('s', (i) => {
      if (i === 0) return signals.targetLots('SBER', 2); // submitted, filled
      if (i === 2) return signals.sell('SBER', 5); // rejected by the broker: no shorts
      if (i === 3) return signals.targetLots('SBER', 1000); // denied: instrument cap
      return undefined;
    });
    const result = await backtest(
      {
        instruments: INSTRUMENTS,
        strategies: [{ definition: strategy, instruments: ['SBER'] }],
        riskLimits: {
          maxInstrumentExposure: 50_000,
          onExposureBreach: 'deny',
          dailyLossLimit: 100,
        },
        broker: { definition: simulatedBroker, params: { allowShort: false } },
      },
      arrayFeed(barsFromPrices({ SBER: [300, 300, 300, 300, 300, 250, 250] })),
    );
    const m = result.metrics;
    expect(await m.value(m.ordersSubmitted, { strategy: 's' })).toBe(2);
    expect(await m.value(m.ordersFilled, { strategy: 's' })).toBe(1);
    expect(await m.value(m.ordersRejected, { strategy: 's' })).toBe(1);
    expect(await m.value(m.riskDenials, { rule: 'EXPOSURE_EXCEEDS_INSTRUMENT_LIMIT' })).toBe(1);
    // 20 pieces lose 50 RUB each at 250: the 100 RUB daily loss limit halts trading.
    expect(await m.value(m.tradingHalts, { reason: 'DAILY_LOSS_LIMIT_REACHED' })).toBe(1);
    const text = await m.registry.metrics();
    expect(text).toContain('moexbot_orders_submitted_total{strategy="s"} 2');
    expect(text).toContain('moexbot_bars_processed_total 7');
  });
});
