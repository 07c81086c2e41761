import { describe, expect, it } from 'vitest';
import { waitFor } from '../testing/waitFor.js';
import { RecordingChannel, testRouter } from './alerts.fixture.js';
import { backoffDelay, DeliveryQueue } from './DeliveryQueue.js';
import { AlertDeliveryError } from './delivery.js';

const retryable = () => new AlertDeliveryError('HTTP 503', { retryable: true });

describe('AlertRouter routing', () => {
  it('gives each channel only the severities and types its route takes', async () => {
    const { router } = testRouter();
    const pager = new RecordingChannel();
    const chat = new RecordingChannel();
    router.addChannel({
      name: 'pager',
      channel: pager,
      route: { minSeverity: 'critical', types: ['*'], excludeTypes: [] },
    });
    router.addChannel({
      name: 'chat',
      channel: chat,
      route: {
        minSeverity: 'info',
        types: ['risk.*', 'order.rejected'],
        excludeTypes: ['risk.resumed'],
      },
    });
    router.raise({ severity: 'critical', type: 'risk.halted', message: 'halted' });
    router.raise({ severity: 'info', type: 'risk.resumed', message: 'resumed' });
    router.raise({ severity: 'warning', type: 'order.rejected', message: 'rejected' });
    router.raise({ severity: 'warning', type: 'stream.down', message: 'down' });
    await router.flush();
    expect(pager.delivered.map((a) => a.type)).toEqual(['risk.halted']);
    expect(chat.delivered.map((a) => a.type)).toEqual(['risk.halted', 'order.rejected']);
  });

  it('returns from raise before any channel is called, even one that never answers', async () => {
    const { router } = testRouter({ closeTimeoutMs: 50 });
    let calls = 0;
    router.addChannel({
      name: 'stuck',
      channel: {
        send: () => {
          calls++;
          return new Promise<void>(() => {});
        },
      },
    });
    for (let i = 0; i < 100; i++)
      router.raise({ severity: 'critical', type: 't', message: `${i}` });
    expect(calls).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    // One delivery at a time per channel: the stuck one holds its own queue only.
    expect(calls).toBe(1);
    await router.close();
  });
});

describe('AlertRouter deduplication and digests', () => {
  it('sends a repeat once per dedup window and counts the rest in one digest', async () => {
    const { router, wall, metrics } = testRouter({ dedupMs: 60_000 });
    const chat = new RecordingChannel();
    router.addChannel({ name: 'chat', channel: chat });
    for (let i = 0; i < 5; i++) {
      wall.now = i * 1000;
      router.raise({ severity: 'warning', type: 'stream.down', message: 'stream down' });
    }
    wall.now = 61_000;
    router.raise({ severity: 'warning', type: 'stream.down', message: 'stream down' });
    await router.flush();
    expect(chat.messages).toHaveLength(2);
    expect(chat.digests).toHaveLength(1);
    expect(chat.digests[0]!.context).toMatchObject({ suppressed: 4, channel: 'chat' });
    // Held back from the 2nd alert (1 s) to the flush (61 s), by the router's own clock.
    expect(chat.digests[0]!.message).toMatch(
      /^4 alerts held back in the last 60 s:\n4× stream\.down/,
    );
    expect(chat.digests[0]!.severity).toBe('warning');
    expect(
      await metrics.value(metrics.alertsSuppressed, { channel: 'chat', reason: 'duplicate' }),
    ).toBe(4);
  });

  it('lets critical alerts past deduplication and the bucket, but not past the hard limit', async () => {
    const { router } = testRouter({ rateLimit: { perMinute: 10, burst: 2 } });
    const chat = new RecordingChannel();
    router.addChannel({ name: 'chat', channel: chat });
    for (let i = 0; i < 5; i++) router.raise({ severity: 'warning', type: 'w', message: `${i}` });
    for (let i = 0; i < 20; i++)
      router.raise({ severity: 'critical', type: 'risk.halted', message: 'halt' });
    await router.flush();
    const sent = chat.messages;
    expect(sent.filter((a) => a.severity === 'warning')).toHaveLength(2);
    expect(sent.filter((a) => a.severity === 'critical')).toHaveLength(8);
    expect(chat.digests[0]!.context?.suppressed).toBe(15);
    expect(chat.digests[0]!.severity).toBe('critical');
  });

  it('sends the digest by itself once the digest interval has passed', async () => {
    const { router } = testRouter({ digestMs: 30, dedupMs: 60_000 });
    const chat = new RecordingChannel();
    router.addChannel({ name: 'chat', channel: chat });
    for (let i = 0; i < 3; i++) router.raise({ severity: 'info', type: 'i', message: 'same' });
    expect(chat.digests).toEqual([]);
    await waitFor(() => chat.digests.length > 0, 5_000);
    expect(chat.digests.map((d) => d.context?.suppressed)).toEqual([2]);
  });
});

describe('AlertRouter delivery', () => {
  it('retries a failing channel with growing waits until it succeeds', async () => {
    const { router, metrics } = testRouter({ retry: { attempts: 5, initialMs: 20, maxMs: 1000 } });
    const flaky = new RecordingChannel((attempt) => (attempt <= 3 ? retryable() : undefined));
    router.addChannel({ name: 'flaky', channel: flaky });
    router.raise({ severity: 'critical', type: 'risk.halted', message: 'halted' });
    await router.flush();
    expect(flaky.delivered).toHaveLength(1);
    const gaps = flaky.attempts.slice(1).map((a, i) => a.at - flaky.attempts[i]!.at);
    // random() is 0.5 in tests: waits are 0.75 × 20, 40, 80 ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(14);
    expect(gaps[1]).toBeGreaterThanOrEqual(29);
    expect(gaps[2]).toBeGreaterThanOrEqual(59);
    expect(await metrics.value(metrics.alertRetries, { channel: 'flaky' })).toBe(3);
    expect(
      await metrics.value(metrics.alertDeliveries, { channel: 'flaky', outcome: 'delivered' }),
    ).toBe(1);
  });

  it('waits at least as long as the service asks', async () => {
    const { router } = testRouter({ retry: { attempts: 3, initialMs: 1, maxMs: 5 } });
    const limited = new RecordingChannel((attempt) =>
      attempt === 1
        ? new AlertDeliveryError('429', { retryable: true, retryAfterMs: 60 })
        : undefined,
    );
    router.addChannel({ name: 'limited', channel: limited });
    router.raise({ severity: 'info', type: 'i', message: 'm' });
    await router.flush();
    expect(limited.attempts[1]!.at - limited.attempts[0]!.at).toBeGreaterThanOrEqual(59);
  });

  it('gives up at once on a permanent error, and after the last attempt on others', async () => {
    const { router, metrics } = testRouter({ retry: { attempts: 3, initialMs: 1, maxMs: 2 } });
    const refused = new RecordingChannel(
      () => new AlertDeliveryError('HTTP 404', { retryable: false }),
    );
    const down = new RecordingChannel(() => new Error('ECONNREFUSED'));
    router.addChannel({ name: 'refused', channel: refused });
    router.addChannel({ name: 'down', channel: down });
    router.raise({ severity: 'info', type: 'i', message: 'm' });
    await router.flush();
    expect(refused.attempts).toHaveLength(1);
    expect(down.attempts).toHaveLength(3);
    for (const channel of ['refused', 'down']) {
      expect(await metrics.value(metrics.alertDeliveries, { channel, outcome: 'failed' })).toBe(1);
    }
  });

  it('stops waiting for a channel that keeps failing when closed after the timeout', async () => {
    const { router, metrics } = testRouter({
      closeTimeoutMs: 50,
      retry: { attempts: 10, initialMs: 10_000, maxMs: 10_000 },
    });
    const down = new RecordingChannel(() => retryable());
    let closed = false;
    router.addChannel({
      name: 'down',
      channel: {
        send: (a) => down.send(a),
        close: async () => {
          closed = true;
        },
      },
    });
    router.raise({ severity: 'info', type: 'i', message: 'm' });
    const started = performance.now();
    await router.close();
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(closed).toBe(true);
    expect(
      await metrics.value(metrics.alertDeliveries, { channel: 'down', outcome: 'failed' }),
    ).toBe(1);
  });

  it('keeps a bounded queue while a channel is down, reporting what gave way', async () => {
    const { router, metrics } = testRouter({
      maxQueued: 3,
      closeTimeoutMs: 10,
      rateLimit: { perMinute: 100, burst: 100 },
      retry: { attempts: 2, initialMs: 10_000, maxMs: 10_000 },
    });
    router.addChannel({ name: 'down', channel: new RecordingChannel(() => retryable()) });
    for (let i = 0; i < 10; i++) router.raise({ severity: 'info', type: 'i', message: `${i}` });
    expect(
      await metrics.value(metrics.alertDeliveries, { channel: 'down', outcome: 'failed' }),
    ).toBe(7);
    await router.close();
  });

  it('records delivery latency from raise to delivery', async () => {
    const { router, wall, metrics } = testRouter();
    router.addChannel({
      name: 'slow',
      channel: {
        send: async () => {
          wall.now += 1500;
        },
      },
    });
    router.raise({ severity: 'info', type: 'i', message: 'm' });
    await router.flush();
    const { values } = await metrics.alertDeliverySeconds.get();
    const sum = values.find((v) => v.metricName === 'moexbot_alert_delivery_seconds_sum');
    expect(sum?.value).toBe(1.5);
  });
});

describe('AlertRouter closing', () => {
  it('is bounded even by a send that never settles, which is then counted failed', async () => {
    const { router, metrics } = testRouter({ closeTimeoutMs: 50 });
    let closed = false;
    router.addChannel({
      name: 'stuck',
      channel: {
        send: () => new Promise<void>(() => {}),
        close: async () => {
          closed = true;
        },
      },
    });
    router.raise({ severity: 'critical', type: 'risk.halted', message: 'halted' });
    router.raise({ severity: 'critical', type: 'risk.halted', message: 'again' });
    const started = performance.now();
    await router.close();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(closed).toBe(true);
    expect(
      await metrics.value(metrics.alertDeliveries, { channel: 'stuck', outcome: 'failed' }),
    ).toBe(2);
  });

  it('closes once however often it is asked, and sends nothing raised after', async () => {
    const { router } = testRouter();
    let closes = 0;
    const chat = new RecordingChannel();
    router.addChannel({
      name: 'chat',
      channel: {
        send: (a) => chat.send(a),
        close: async () => {
          closes++;
        },
      },
    });
    const first = router.close();
    expect(router.close()).toBe(first);
    await first;
    router.raise({ severity: 'critical', type: 'risk.halted', message: 'late' });
    await router.flush();
    expect([closes, chat.delivered.length, router.recent.length]).toEqual([1, 0, 1]);
  });

  it('bounds a channel whose close never returns', async () => {
    const { router } = testRouter({ closeTimeoutMs: 30 });
    router.addChannel({
      name: 'stuck',
      channel: { send: async () => {}, close: () => new Promise<void>(() => {}) },
    });
    await router.close();
  });
});

describe('DeliveryQueue', () => {
  it('starts again for an alert pushed at any moment after the last one was delivered', async () => {
    // A push landing between the end of a drain and its bookkeeping must not be stranded.
    for (let depth = 0; depth < 12; depth++) {
      const channel = new RecordingChannel();
      const events = { delivered: () => {}, retrying: () => {}, failed: () => {} };
      const queue = new DeliveryQueue(channel, { attempts: 1, initialMs: 1, maxMs: 1 }, events, {
        maxQueued: 10,
        random: () => 0.5,
      });
      const alert = (message: string) => ({
        severity: 'info' as const,
        type: 'i',
        message,
        time: 0,
      });
      queue.push(alert('first'));
      for (let i = 0; i < depth; i++) await Promise.resolve();
      queue.push(alert('second'));
      await queue.idle();
      expect([depth, channel.delivered.map((a) => a.message)]).toEqual([
        depth,
        ['first', 'second'],
      ]);
    }
  });

  it('needs room for one alert being tried and one waiting', () => {
    const events = { delivered: () => {}, retrying: () => {}, failed: () => {} };
    expect(
      () =>
        new DeliveryQueue(new RecordingChannel(), { attempts: 1, initialMs: 1, maxMs: 1 }, events, {
          maxQueued: 1,
          random: Math.random,
        }),
    ).toThrow(/maxQueued must be at least 2/);
  });
});

describe('backoffDelay', () => {
  const policy = { attempts: 10, initialMs: 1000, maxMs: 30_000 };
  it('doubles from the initial wait, capped, with jitter between half and all of it', () => {
    expect([1, 2, 3, 6, 9].map((n) => backoffDelay(policy, n, 0.999999))).toEqual([
      expect.closeTo(1000, 0),
      expect.closeTo(2000, 0),
      expect.closeTo(4000, 0),
      expect.closeTo(30_000, 0),
      expect.closeTo(30_000, 0),
    ]);
    expect(backoffDelay(policy, 1, 0)).toBe(500);
    expect(backoffDelay(policy, 1, 0, 7_000)).toBe(7_000);
  });
});
