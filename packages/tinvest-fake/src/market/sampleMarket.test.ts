import { describe, expect, it } from 'vitest';
import { FakeExchange, sampleMarket } from '../index.js';
import { parseCandles } from './candles.js';

describe('sampleMarket', () => {
  it('is deterministic and labelled synthetic', () => {
    const first = sampleMarket();
    expect(sampleMarket()).toEqual(first);
    expect(sampleMarket({ seed: 2 }).candles[0]!.candles).not.toEqual(first.candles[0]!.candles);
    expect(first.instruments.map((i) => [i.ticker, i.lot, i.minPriceIncrement])).toEqual([
      ['SBER', 10, '0.01'],
      ['GAZP', 10, '0.01'],
      ['LKOH', 1, '0.5'],
    ]);
    for (const instrument of first.instruments) expect(instrument.name).toMatch(/SYNTHETIC/);
    expect(first.start).toBe(Date.parse('2024-03-11T07:00:00Z'));
    expect(first.end).toBe(Date.parse('2024-03-13T20:50:00Z'));
  });

  it('has three days of main and evening sessions of consistent candles on the price grid', () => {
    const market = sampleMarket();
    for (const [index, set] of market.candles.entries()) {
      expect(set.candles).toHaveLength(3 * (520 + 285));
      const parsed = parseCandles(set.candles, 60_000);
      const step = index === 2 ? 500_000_000n : 10_000_000n;
      expect(
        parsed.every((c) => [c.open, c.high, c.low, c.close].every((p) => p % step === 0n)),
      ).toBe(true);
    }
  });

  it('loads into an exchange whose clock starts at the first candle', () => {
    const exchange = new FakeExchange({ market: sampleMarket({ days: 1 }) });
    expect(exchange.now).toBe(Date.parse('2024-03-11T07:00:00Z'));
    expect(exchange.lastPrice('SBER')).toBe('280');
  });
});
