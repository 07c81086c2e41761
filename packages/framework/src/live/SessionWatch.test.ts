import { describe, expect, it } from 'vitest';
import { createBacktest } from '../backtest/createBacktest.js';
import { AlertingConfigSchema } from '../config/schema.js';
import { signals } from '../contracts/signal.js';
import { flatBar, MINUTE, SBER, START } from '../engine/engine.fixture.js';
import { fromMoscow } from '../market/moscowTime.js';
import { scriptedStrategy } from '../testing/scriptedStrategy.js';
import { SessionWatch } from './SessionWatch.js';

/** An engine whose strategy asks for `lots(index)` lots of SBER at every bar. */
async function session(
  lots: (index: number) => number,
  limits: object = {},
  alerting: object = {},
) {
  const run = await createBacktest({
    instruments: [SBER],
    strategies: [
      {
        definition: scriptedStrategy((_bar, index) => signals.targetLots(SBER.uid, lots(index))),
        instruments: [SBER.uid],
      },
    ],
    riskLimits: limits,
  });
  run.clock.advance(START);
  await run.engine.start();
  const config = AlertingConfigSchema.parse({
    anomalies: { warmup: 5, pnl: { minChangePercent: 1 } },
    ...alerting,
  });
  const watch = new SessionWatch(run.engine, run.alerts, run.metrics, run.clock, config);
  const feed = (index: number, price: number) => {
    const time = START + index * MINUTE;
    run.clock.advance(time);
    run.engine.onBar(flatBar(SBER.uid, time, price));
    watch.afterBar(time);
  };
  const raised = (type: string) => run.alerts.recent.filter((a) => a.type === type);
  return { run, watch, feed, raised };
}

describe('SessionWatch', () => {
  it('raises one denial-burst alert while denials keep coming, and again after a quiet window', async () => {
    // Every intent is far over the per-order cap: each bar is a denial.
    // Bars 12 to 19 ask for nothing: the window empties and the burst is over.
    const { feed, raised } = await session(
      (i) => (i >= 12 && i < 20 ? 0 : 100 + i),
      { maxOrderNotional: 1_000, onExposureBreach: 'deny' },
      { denialBurst: { count: 5, windowSeconds: 300 } },
    );
    for (let i = 0; i < 12; i++) feed(i, 250);
    expect(raised('risk.denial-burst')).toHaveLength(1);
    for (let i = 12; i < 30; i++) feed(i, 250);
    expect(raised('risk.denial-burst')).toHaveLength(2);
    expect(raised('risk.denial-burst')[0]!.message).toBe(
      '5 order intents denied by risk rules in the last 300 s',
    );
  });

  it('raises a P&L anomaly with the interval’s change and the baseline', async () => {
    // Long 300 lots (3,000 RUB a rouble) from the first bar; prices drift, then fall.
    const { feed, raised } = await session(() => 300);
    // 250.01, 250, 250.01, …: the 15th bar (index 14) is at 250.01.
    for (let i = 0; i < 15; i++) feed(i, i % 2 === 0 ? 250.01 : 250);
    expect(raised('anomaly.pnl')).toHaveLength(0);
    feed(15, 240);
    feed(16, 239.99);
    const [anomaly] = raised('anomaly.pnl');
    expect(raised('anomaly.pnl')).toHaveLength(1);
    expect(anomaly!.context).toMatchObject({ detector: 'pnl', unit: 'RUB' });
    expect(anomaly!.context!.value).toBeCloseTo(-30_030, 0);
    // The baseline holds the ±30 RUB drift and the commission of the opening fill.
    expect(Math.abs(anomaly!.context!.baseline as number)).toBeLessThan(1_000);
    expect(anomaly!.message).toMatch(/^P&L per interval -30,030\.00 RUB, baseline /);
  });

  it('sums up the Moscow day at the configured time, counting only that day', async () => {
    const { run, watch, feed, raised } = await session(
      (i) => (i < 3 ? i + 1 : 3),
      {},
      {
        dailySummary: '19:00',
      },
    );
    watch.start();
    for (let i = 0; i < 5; i++) feed(i, 250);
    run.clock.advance(fromMoscow(2026, 9, 1, 19, 0));
    const [summary] = raised('summary.daily');
    expect(summary).toMatchObject({
      severity: 'info',
      context: { day: '2026-09-01', orders: 3, fills: 3, rejected: 0, denials: 0 },
    });
    expect(summary!.message).toMatch(
      /^Day 2026-09-01: P&L -\d+\.\d\d RUB, equity .* 3 orders, 3 fills, 0 rejected, 0 denied by risk, trading active$/,
    );
    run.clock.advance(fromMoscow(2026, 9, 2, 19, 0));
    expect(raised('summary.daily').map((a) => a.context?.orders)).toEqual([3, 0]);
    watch.stop();
  });

  it('sends one summary a day even when its timer fires a little early', async () => {
    const { run } = await session(() => 0);
    // A live clock's timer may fire a millisecond before the time it was set for.
    const timers: { at: number; callback: () => void }[] = [];
    let now = START;
    const early = {
      now: () => now,
      setTimer: (at: number, callback: () => void) => {
        timers.push({ at, callback });
        return () =>
          timers.splice(
            timers.findIndex((t) => t.callback === callback),
            1,
          );
      },
    };
    const config = AlertingConfigSchema.parse({ dailySummary: '19:00' });
    const watch = new SessionWatch(run.engine, run.alerts, run.metrics, early, config);
    watch.start();
    for (let fired = 0; fired < 3; fired++) {
      const next = timers.shift()!;
      now = next.at - 1;
      next.callback();
    }
    const days = run.alerts.recent
      .filter((a) => a.type === 'summary.daily')
      .map((a) => a.context?.day);
    expect(days).toEqual(['2026-09-01', '2026-09-02', '2026-09-03']);
    watch.stop();
  });
});
