/**
 * Anomaly alerts of a live session, end to end: a T-Invest sandbox (paper-money) session
 * through the real client against the fake exchange, with a latency spike and a burst of
 * rejections injected at the exchange. Each raises exactly one alert naming the value
 * seen and the baseline it broke from.
 */
import {
  type Alert,
  type LiveSession,
  OperatorConfigSchema,
  signals,
  startLive,
} from '@moex-bot/framework';
import { scriptedStrategy } from '@moex-bot/framework/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { tinvestBroker } from './plugin.js';
import { liveTestBed, MINUTE, SBER, waitFor } from './venue.fixture.js';

const bed = liveTestBed('moexbot-anomalies-');
beforeEach(() => {
  bed.venue.exchange.addToken('t.sandbox', { accounts: [] });
});

/** One more lot every bar: exactly one order per bar, whatever became of the last. */
const buyEveryBar = scriptedStrategy((_bar, index) => signals.targetLots(SBER.uid, index + 1));

function start(): Promise<LiveSession> {
  const config = OperatorConfigSchema.parse({
    mode: 'sandbox',
    instruments: [{ ticker: 'SBER', lot: 10, minPriceIncrement: 0.01 }],
    strategies: [{ plugin: 'scripted', instruments: ['SBER'] }],
    broker: {
      plugin: 'tinvest',
      params: {
        token: 't.sandbox',
        endpoint: bed.venue.server.endpoint,
        pollIntervalMs: 100,
        sandbox: { open: true, money: 1_000_000 },
      },
    },
    live: { warmupBars: 0, state: 'state.sqlite' },
    alerting: {
      dailySummary: 'off',
      anomalies: {
        warmup: 8,
        latency: { minChangeMs: 100 },
        rejections: { window: 10, minChange: 0.25 },
      },
    },
  });
  return startLive(config, bed.dir, { plugins: [tinvestBroker, buyEveryBar] });
}

/** Moves the exchange a minute at a time for `count` bars, each order acknowledged before the next. */
async function runBars(live: LiveSession, count: number): Promise<void> {
  await waitFor(() => bed.venue.exchange.candleSubscribers('SBER', '1m') === 1);
  const target = live.bars() + count;
  while (live.bars() < target) {
    const seen = live.bars();
    bed.venue.exchange.advance(MINUTE);
    await waitFor(() => live.bars() > seen, 5_000);
    await waitFor(() => live.engine.orders.openOrders().every((o) => o.status !== 'new'), 5_000);
  }
}

const anomalies = (live: LiveSession, type: string): Alert[] =>
  live.alerts.recent.filter((alert) => alert.type === type);

describe('anomaly alerts in a sandbox bed.session against the fake exchange', () => {
  it('a latency spike and a rejection burst each raise exactly one alert with value and baseline', async () => {
    bed.session = await start();
    await runBars(bed.session, 12);
    expect(bed.session.alerts.recent.filter((a) => a.type.startsWith('anomaly.'))).toEqual([]);

    // Three orders take 400 ms at the exchange instead of about one.
    bed.venue.exchange.faults.next(
      'PostSandboxOrder',
      { kind: 'slow', delayMs: 400 },
      { times: 3 },
    );
    await runBars(bed.session, 3);
    await runBars(bed.session, 6);
    const latency = anomalies(bed.session, 'anomaly.latency');
    expect(latency).toHaveLength(1);
    const spike = latency[0]!.context!;
    expect(spike.value).toBeGreaterThanOrEqual(400);
    expect(spike.baseline).toBeLessThan(100);
    expect(latency[0]!.message).toMatch(
      /^Order round-trip latency \d+\.\d ms, baseline \d+\.\d ms/,
    );

    // Six orders in a row are rejected by the exchange.
    bed.venue.exchange.faults.next(
      'PostSandboxOrder',
      { kind: 'reject-order', message: 'not enough lots' },
      { times: 6 },
    );
    await runBars(bed.session, 6);
    await runBars(bed.session, 4);
    const rejections = anomalies(bed.session, 'anomaly.rejections');
    expect(rejections).toHaveLength(1);
    const burst = rejections[0]!.context!;
    expect(burst.value).toBeGreaterThanOrEqual(0.25);
    // The first two rejections (10 %, 20 %) were still normal and moved the baseline a little.
    expect(burst.baseline).toBeLessThan(0.05);
    expect(rejections[0]!.message).toMatch(
      /^Rejection rate \d+ % over the last 10 orders, baseline \d+\.\d %/,
    );

    // The rejections were quick: no second latency alert; and nothing else was anomalous.
    expect(anomalies(bed.session, 'anomaly.latency')).toHaveLength(1);
    expect(anomalies(bed.session, 'anomaly.pnl')).toHaveLength(0);
    const counted = await bed.session.metrics.anomalies.get();
    expect(Object.fromEntries(counted.values.map((v) => [v.labels.detector, v.value]))).toEqual({
      latency: 1,
      rejections: 1,
    });
  }, 60_000);
});
