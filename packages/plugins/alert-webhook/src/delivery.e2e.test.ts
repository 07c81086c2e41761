/**
 * Acceptance: the webhook channel in a real run, behind the framework's alert router. A
 * failing endpoint is tried again with growing pauses until it answers or the attempts
 * run out, and no delivery, however slow, holds up an order.
 */
import {
  type Bar,
  type ComposedBacktest,
  createBacktest,
  defineStrategy,
  type RetryPolicy,
  signals,
  z,
} from '@moex-bot/framework';
import {
  closedPort,
  type HttpReceiver,
  makeBars,
  RecordingLogger,
  type ScriptedReply,
  SYNTHETIC_INSTRUMENTS,
  startHttpReceiver,
  waitFor,
} from '@moex-bot/framework/testing';
import { afterEach, describe, expect, test } from 'vitest';
import webhook from './index.js';

const SBER = SYNTHETIC_INSTRUMENTS[0]!;
const BARS = makeBars(SBER.uid, [300, 301, 302, 301, 300, 299, 300, 301]);
/** A timer may fire up to a millisecond before its delay by the clock tests read. */
const TIMER_SLACK_MS = 1;

/** Buys a lot on every bar and, in the same call and before the order, raises an alert. */
const buyAndTell = defineStrategy({
  id: 'buy-and-tell',
  params: z.strictObject({}),
  create: (_params, context) => ({
    onBar: (bar) => {
      context.alerts.raise({
        severity: 'warning',
        type: 'test.buying',
        message: `buying 1 lot of ${bar.instrument} at ${bar.close} (bar ${bar.time})`,
      });
      return signals.buy(bar.instrument, 1);
    },
  }),
});

interface Session {
  readonly run: ComposedBacktest;
  readonly logger: RecordingLogger;
  /** Closes the alert router (once, however often it is called). */
  close(): Promise<void>;
}

/** What to close after each test, newest first: runs before the receivers they post to. */
const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

async function receiver(...replies: ScriptedReply[]): Promise<HttpReceiver> {
  const started = await startHttpReceiver();
  started.reply(...replies);
  open.push(() => started.close());
  return started;
}

/**
 * A started run of `buyAndTell` on SBER with the webhook channel `hook` posting to `url`,
 * or with no alert channel at all.
 */
async function startRun(options: {
  readonly url?: string;
  readonly retry: RetryPolicy;
  readonly timeoutMs?: number;
  readonly closeTimeoutMs?: number;
}): Promise<Session> {
  const logger = new RecordingLogger();
  const { url, timeoutMs = 10_000 } = options;
  const run = await createBacktest({
    instruments: [SBER],
    strategies: [{ definition: buyAndTell, instruments: [SBER.uid] }],
    // The URL is a secret() parameter: in a setup it is the plain string itself.
    alerts:
      url === undefined ? [] : [{ definition: webhook, name: 'hook', params: { url, timeoutMs } }],
    alertPolicy: {
      retry: options.retry,
      // Every alert differs and none is held back: only delivery is under test.
      rateLimit: { perMinute: 1_000, burst: 1_000 },
      dedupMs: 0,
      closeTimeoutMs: options.closeTimeoutMs ?? 10_000,
      // Jitter fixed at ×0.75: the n-th pause is initialMs · 2^(n-1) · 0.75.
      random: () => 0.5,
    },
    logger,
  });
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= run.alerts.close();
    return closed;
  };
  open.push(close);
  run.clock.advance(BARS[0]!.time);
  await run.engine.start();
  return { run, logger, close };
}

/** Feeds one bar; returns the orders submitted before `onBar` returned. */
function feed(run: ComposedBacktest, bar: Bar): number {
  const before = run.metrics.total(run.metrics.ordersSubmitted);
  run.clock.advance(bar.time);
  run.engine.onBar(bar);
  return run.metrics.total(run.metrics.ordersSubmitted) - before;
}

/** The pauses the router announced before each retry, in ms. */
function retryDelays(logger: RecordingLogger): unknown[] {
  return logger.events('AlertDeliveryRetry').map((record) => record.fields['delayMs']);
}

/** The delivery counters of the channel `hook`, as the run's metrics have them. */
async function deliveries(run: ComposedBacktest) {
  const { metrics } = run;
  const count = (outcome: string) =>
    metrics.value(metrics.alertDeliveries, { channel: 'hook', outcome });
  return {
    delivered: await count('delivered'),
    failed: await count('failed'),
    retries: await metrics.value(metrics.alertRetries, { channel: 'hook' }),
  };
}

/** What an order looks like at the end of a run, without object identity. */
function orderLines(run: ComposedBacktest) {
  return run.recorder.orders.map(({ id, side, lots, type, status, filledLots, createdAt }) => ({
    id,
    side,
    lots,
    type,
    status,
    filledLots,
    createdAt,
  }));
}

/** Gaps between consecutive requests, in ms. */
function gaps(requests: HttpReceiver['requests']): number[] {
  return requests.slice(1).map((request, i) => request.at - requests[i]!.at);
}

describe('webhook delivery through the alert router', () => {
  test.each<[string, ScriptedReply]>([
    [
      '429 with Retry-After: 0',
      { status: 429, body: 'slow down', headers: { 'retry-after': '0' } },
    ],
    ['503', { status: 503, body: 'down for maintenance' }],
  ])(
    '%s twice, then 200: delivered on the third request after growing pauses',
    async (_, refusal) => {
      const endpoint = await receiver(refusal, refusal);
      const { run, logger } = await startRun({
        url: `${endpoint.origin}/hook`,
        retry: { attempts: 5, initialMs: 40, maxMs: 1_000 },
      });

      expect(feed(run, BARS[0]!)).toBe(1);
      await run.alerts.flush();

      expect(endpoint.requests).toHaveLength(3);
      // The same alert each time, as the strategy raised it.
      expect(new Set(endpoint.requests.map((request) => request.body)).size).toBe(1);
      expect(JSON.parse(endpoint.requests[0]?.body ?? '')).toMatchObject({
        severity: 'warning',
        type: 'test.buying',
        source: 'hook',
      });
      expect(retryDelays(logger)).toEqual([30, 60]);
      const [first = 0, second = 0] = gaps(endpoint.requests);
      expect(first).toBeGreaterThanOrEqual(30 - TIMER_SLACK_MS);
      expect(second).toBeGreaterThanOrEqual(60 - TIMER_SLACK_MS);
      expect(await deliveries(run)).toEqual({ delivered: 1, failed: 0, retries: 2 });
    },
  );

  test('a server that is down is tried `attempts` times with growing pauses, then counted failed', async () => {
    const port = await closedPort();
    const { run, logger } = await startRun({
      url: `http://127.0.0.1:${port}/hook`,
      retry: { attempts: 4, initialMs: 20, maxMs: 1_000 },
    });

    const started = performance.now();
    expect(feed(run, BARS[0]!)).toBe(1);
    await run.alerts.flush();

    expect(retryDelays(logger)).toEqual([15, 30, 60]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15 + 30 + 60 - TIMER_SLACK_MS);
    expect(logger.events('AlertDeliveryFailed')).toMatchObject([
      {
        level: 'error',
        fields: { plugin: 'alert:hook', attempts: 4, err: expect.stringMatching(/ECONNREFUSED/) },
      },
    ]);
    expect(await deliveries(run)).toEqual({ delivered: 0, failed: 1, retries: 3 });
  });

  test('a refusal no retry can help (400) is sent once and counted failed', async () => {
    const endpoint = await receiver({ status: 400, body: 'bad payload' });
    const { run } = await startRun({
      url: `${endpoint.origin}/hook`,
      retry: { attempts: 5, initialMs: 20, maxMs: 1_000 },
    });

    feed(run, BARS[0]!);
    await run.alerts.flush();

    expect(endpoint.requests).toHaveLength(1);
    expect(await deliveries(run)).toEqual({ delivered: 0, failed: 1, retries: 0 });
  });

  test('a channel that hangs holds up no order: each bar’s order is in before its onBar returns', async () => {
    const endpoint = await receiver(...BARS.flatMap(() => ['hang', 'hang', 'hang'] as const));
    const session = await startRun({
      url: `${endpoint.origin}/hook`,
      timeoutMs: 100,
      retry: { attempts: 3, initialMs: 20, maxMs: 50 },
      closeTimeoutMs: 50,
    });
    const { run, logger } = session;

    const submitted: number[] = [];
    for (const [i, bar] of BARS.entries()) {
      submitted.push(feed(run, bar));
      // From the second bar on, a delivery hangs; from the third, a retry is pending too.
      if (i === 0) await waitFor(() => endpoint.requests.length === 1);
      if (i === 1) await waitFor(() => logger.events('AlertDeliveryRetry').length === 1);
    }
    expect(submitted).toEqual(BARS.map(() => 1));
    expect(await deliveries(run)).toMatchObject({ delivered: 0, failed: 0 });

    // The same bars without any alert channel trade exactly the same.
    const bare = await startRun({ retry: { attempts: 3, initialMs: 20, maxMs: 50 } });
    for (const bar of BARS) feed(bare.run, bar);
    expect(orderLines(run)).toEqual(orderLines(bare.run));
    expect(orderLines(bare.run)).toHaveLength(BARS.length);

    // Closing gives up on the hung delivery and the alerts queued behind it.
    await session.close();
    expect(await deliveries(run)).toMatchObject({ delivered: 0, failed: BARS.length });
  });
});
