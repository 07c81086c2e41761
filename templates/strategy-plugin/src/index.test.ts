/**
 * Tests of the `example` strategy through the framework's test kit: `runStrategy` runs
 * the plugin in the real engine (sizing, risk checks, simulated broker, portfolio) on the
 * bars a test writes, and records every signal it returns.
 */
import { fc, test } from '@fast-check/vitest';
import { signals } from '@moex-bot/framework';
import { makeBars, runStrategy, SYNTHETIC_INSTRUMENTS } from '@moex-bot/framework/testing';
import { barsArbitrary } from '@moex-bot/framework/testing/arbitraries';
import { describe, expect } from 'vitest';
import example from './index.js';

const SBER = SYNTHETIC_INSTRUMENTS[0]!;

describe('example (momentum)', () => {
  test('holds the lots while the close beats the close lookback bars ago, and is flat otherwise', async () => {
    //                             0    1    2    3    4    5    6    7    8
    const bars = makeBars('SBER', [300, 301, 302, 303, 304, 301, 299, 305, 306]);
    const run = await runStrategy(example, { params: { lookback: 3, lots: 2 }, bars });

    expect(run.signals.map((s) => [s.barIndex, s.signal])).toEqual([
      [3, signals.targetLots('SBER', 2)], // 303 > 300
      [4, signals.targetLots('SBER', 2)], // 304 > 301
      [5, signals.flat('SBER')], // 301 < 302
      [6, signals.flat('SBER')], // 299 < 303
      [7, signals.targetLots('SBER', 2)], // 305 > 304
      [8, signals.targetLots('SBER', 2)], // 306 > 301
    ]);
    // Orders fill at the next bar's open: bought on bar 4, sold on bar 6, bought on bar 8.
    expect(run.fills.map((f) => [f.side, f.lots, f.price])).toEqual([
      ['buy', 2, 303],
      ['sell', 2, 301],
      ['buy', 2, 305],
    ]);
    expect(run.positions()).toEqual({ SBER: 2 });
  });

  test('an unchanged close is not momentum', async () => {
    const run = await runStrategy(example, {
      params: { lookback: 1 },
      bars: makeBars('SBER', [300, 300]),
    });
    expect(run.signals.map((s) => s.signal)).toEqual([signals.flat('SBER')]);
    expect(run.orders).toEqual([]);
  });

  test.prop([
    fc.integer({ min: 1, max: 12 }),
    barsArbitrary({ instrument: SBER, length: { min: 1, max: 80 } }),
  ])(
    'on any prices it signals exactly the momentum rule, from the first bar with a past bar on',
    async (lookback, bars) => {
      const run = await runStrategy(example, { params: { lookback }, bars });
      const expected = bars.slice(lookback).map((bar, i) => {
        const target = bar.close > bars[i]!.close ? 1 : 0;
        return [i + lookback, signals.targetLots('SBER', target)];
      });
      expect(run.signals.map((s) => [s.barIndex, s.signal])).toEqual(expected);
      // The position is what the bar before the last asked for: its order filled on the last bar.
      const asked = expected.at(-2)?.[1];
      expect(run.positions()).toEqual({
        SBER: asked === undefined ? 0 : (asked as { lots: number }).lots,
      });
    },
  );

  test('parameters are checked by the schema the host uses', () => {
    expect(example.params.parse({})).toEqual({ lookback: 20, lots: 1 });
    expect(example.params.safeParse({ lookback: 0 }).success).toBe(false);
    expect(example.params.safeParse({ lots: 1.5 }).success).toBe(false);
    // Strict: a misspelt key is an error, not silently ignored.
    expect(example.params.safeParse({ lookbak: 5 }).success).toBe(false);
  });

  test('invalid parameters fail the run before the first bar', async () => {
    await expect(
      runStrategy(example, { params: { lookback: -1 }, bars: makeBars('SBER', [300]) }),
    ).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_PLUGIN_PARAMS_INVALID',
      problems: [expect.objectContaining({ path: expect.stringMatching(/\.params\.lookback$/) })],
    });
  });
});
