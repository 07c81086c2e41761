/**
 * A real Prometheus scrapes a running paper session's `/metrics` (`metrics.listen`), and
 * the orders the session submitted are read back through Prometheus's query API. The
 * session trades on the fake exchange's candles through the real T-Invest client.
 */
import { OperatorConfigSchema, signals, startLive } from '@moex-bot/framework';
import { scriptedStrategy, waitFor } from '@moex-bot/framework/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { tinvestBroker } from './plugin.js';
import { type RunningPrometheus, startPrometheus } from './prometheus.fixture.js';
import { liveTestBed, MINUTE, SBER, TOKEN } from './venue.fixture.js';

const bed = liveTestBed('moexbot-scrape-');
let prometheus: RunningPrometheus | undefined;
// Registered after the bed's hooks, so it runs first: Prometheus stops before the session.
afterEach(async () => {
  await prometheus?.stop();
  prometheus = undefined;
});

/** One more lot every bar: one paper order per bar. */
const buyEveryBar = scriptedStrategy((_bar, index) => signals.targetLots(SBER.uid, index + 1));

describe('metrics of a paper bed.session in a real Prometheus', () => {
  it('scrapes /metrics and returns the orders counter through the query API', async () => {
    const config = OperatorConfigSchema.parse({
      mode: 'paper',
      instruments: [{ ticker: 'SBER', lot: 10, minPriceIncrement: 0.01 }],
      strategies: [{ plugin: 'scripted', instruments: ['SBER'] }],
      broker: {
        plugin: 'tinvest',
        params: { token: TOKEN, endpoint: bed.venue.server.endpoint, pollIntervalMs: 100 },
      },
      live: { warmupBars: 0, state: 'state.sqlite' },
      metrics: { listen: '127.0.0.1:0' },
      alerting: { dailySummary: 'off' },
    });
    bed.session = await startLive(config, bed.dir, { plugins: [tinvestBroker, buyEveryBar] });
    const endpoint = bed.session.endpoint!;
    expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    await waitFor(() => bed.venue.exchange.candleSubscribers('SBER', '1m') === 1);
    for (let i = 0; i < 5; i++) {
      const seen = bed.session.bars();
      bed.venue.exchange.advance(MINUTE);
      await waitFor(() => bed.session!.bars() > seen);
    }
    const metrics = bed.session.metrics;
    const submitted = await metrics.value(metrics.ordersSubmitted);
    expect(submitted).toBe(5);

    prometheus = await startPrometheus(endpoint.url.replace('http://', ''));
    const query = 'sum(moexbot_orders_submitted_total{job="moex-bot"})';
    // The first scrapes come within a second or two of Prometheus starting.
    let scraped: number | undefined;
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
      scraped = await prometheus.query(query);
      if (scraped !== undefined) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(scraped).toBe(submitted);
    expect(await prometheus.targetHealth()).toBe('up');
    // The process metrics are there too, and the session reports itself ready.
    expect(await prometheus.query('process_resident_memory_bytes{job="moex-bot"}')).toBeGreaterThan(
      0,
    );
    expect(await prometheus.query('moexbot_ready{job="moex-bot"}')).toBe(1);
    // The last bar's wall time, read from the session when scraped.
    const lastBar = await prometheus.query(
      'moexbot_market_data_last_bar_timestamp_seconds{job="moex-bot"}',
    );
    expect(lastBar).toBeGreaterThan(Date.now() / 1000 - 120);
    expect(lastBar).toBeLessThanOrEqual(Date.now() / 1000);
  }, 60_000);
});
