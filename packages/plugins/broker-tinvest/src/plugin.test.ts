import { type Bar, isSecretSchema, isVenueBroker } from '@moex-bot/framework';
import { pluginPackageProblems } from '@moex-bot/framework/testing';
import { describe, expect, it } from 'vitest';
import { brokerContext } from './broker.fixture.js';
import plugin from './index.js';
import { TinvestParamsSchema } from './params.js';
import { waitFor } from './venue.fixture.js';

/** Sockets and servers open in this process, by kind. */
function network(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((kind) => /TCP|Pipe|Server/i.test(kind))
    .sort();
}

describe('the tinvest plugin definition', () => {
  it('is a sound plugin package: the manifest’s kind and id, every parameter described', async () => {
    const packageJson = (await import('../package.json', { with: { type: 'json' } })).default;
    expect(pluginPackageProblems(plugin, packageJson)).toEqual([]);
  });

  it('marks the token secret and defaults the rest', () => {
    expect(isSecretSchema(TinvestParamsSchema.shape.token)).toBe(true);
    expect(TinvestParamsSchema.parse({})).toEqual({
      appName: 'moex-bot',
      sandbox: { open: false, money: 1_000_000 },
      commissionPercent: 0.05,
      pollIntervalMs: 5_000,
      replay: { speed: 60, days: 3, seed: 1 },
      instrumentCacheHours: 24,
    });
    expect(TinvestParamsSchema.safeParse({ tokne: 'x' }).success).toBe(false);
  });

  it('needs a token outside paper runs, and is no backtest broker', async () => {
    await expect(
      plugin.create(plugin.params.parse({}), brokerContext('sandbox').context),
    ).rejects.toThrow(/mode sandbox needs a T-Invest token/);
    await expect(
      plugin.create(plugin.params.parse({}), brokerContext('backtest').context),
    ).rejects.toThrow(/backtests use the `simulated` broker/);
  });
});

describe('paper trading without a token', () => {
  it('starts the built-in fake exchange, streams its bars on its clock, and closes without a trace', async () => {
    const before = network();
    const { context } = brokerContext('paper');
    const broker = await plugin.create(
      plugin.params.parse({ replay: { speed: 3_000, days: 2 } }),
      context,
    );
    expect(isVenueBroker(broker)).toBe(true);
    if (!isVenueBroker(broker)) return;
    const { venue } = broker;
    const account = await venue.open();
    expect(account).toMatchObject({
      canTrade: true,
      description: expect.stringMatching(/^built-in fake exchange replaying sample data/),
    });

    const sber = await venue.instruments.resolve({ ticker: 'SBER', classCode: 'TQBR' });
    expect([sber.lot, sber.minPriceIncrement]).toEqual([10, 0.01]);
    const clock = venue.clock!;
    const started = clock.now();
    // The second sample day, 10:00 Moscow: the first is history to warm up on.
    expect(new Date(started).toISOString()).toBe('2024-03-12T07:00:00.000Z');
    const warmup = await venue.marketData.history(sber, '1m', started - 86_400_000, started);
    expect(warmup.length).toBeGreaterThan(500);

    let timerAt = 0;
    clock.setTimer(started + 10 * 60_000, () => {
      timerAt = clock.now();
    });
    const bars: Bar[] = [];
    const subscription = await venue.marketData.subscribe([sber], '1m', {
      onBar: (bar) => bars.push(bar),
    });
    await waitFor(() => bars.length >= 5 && timerAt > 0);
    // The check below sees the fake's server and the client's connection while they are open.
    expect(network().length).toBeGreaterThan(before.length);
    const minutes = bars.map((bar) => (bar.time - bars[0]!.time) / 60_000);
    expect(minutes).toEqual(minutes.map((_, i) => i));
    expect(timerAt).toBeGreaterThanOrEqual(started + 10 * 60_000);

    await subscription.close();
    await broker.close?.();
    await waitFor(() => network().length <= before.length, 2_000);
    expect(network()).toEqual(before);
  });
});
