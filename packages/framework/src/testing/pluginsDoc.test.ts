/**
 * The strategy and the test printed in docs/plugins.md, run as written, so the guide
 * cannot drift from what the framework does.
 */
import { describe, expect, it } from 'vitest';
import { defineStrategy, signals, z } from '../index.js';
import { makeBars, runStrategy, SYNTHETIC_INSTRUMENTS } from './index.js';

const meanRevert = defineStrategy({
  id: 'mean-revert',
  description: 'Buy a drop of N percent from the previous close, sell the bounce',
  params: z.strictObject({
    dropPercent: z.number().positive().default(2),
    lots: z.number().int().positive().default(1),
  }),
  create: (params, ctx) => ({
    warmup: 2,
    onBar: (bar) => {
      const previous = ctx.history(bar.instrument).at(1);
      if (previous === undefined) return undefined;
      const change = ((bar.close - previous.close) / previous.close) * 100;
      if (change <= -params.dropPercent) return signals.targetLots(bar.instrument, params.lots);
      if (change >= params.dropPercent) return signals.flat(bar.instrument);
      return undefined;
    },
  }),
});

const SBER = SYNTHETIC_INSTRUMENTS[0]!;

describe('docs/plugins.md example', () => {
  it('buys a 2% drop and sells the bounce, each at the next bar open', async () => {
    // makeBars opens each bar at the previous close.
    const run = await runStrategy(meanRevert, {
      instruments: [SBER],
      params: { dropPercent: 2, lots: 3 },
      bars: makeBars(SBER.uid, [300, 300, 293, 294, 301, 302]),
    });
    expect(run.signals.map((s) => s.barIndex)).toEqual([2, 4]);
    expect(run.fills.map((f) => [f.side, f.lots, f.price])).toEqual([
      ['buy', 3, 293],
      ['sell', 3, 301],
    ]);
    expect(run.positions()).toEqual({ [SBER.uid]: 0 });
  });
});
