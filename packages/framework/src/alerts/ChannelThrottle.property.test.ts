import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Alert, AlertSeverity } from '../contracts/alert.js';
import { RecordingChannel, testRouter } from './alerts.fixture.js';
import { ChannelThrottle } from './ChannelThrottle.js';

const MINUTE = 60_000;

const severity = fc.constantFrom<AlertSeverity>('info', 'warning', 'critical');
/** A burst within one minute: few distinct types and messages, so repeats are common. */
const burst = fc
  .array(
    fc.record({
      at: fc.integer({ min: 0, max: MINUTE - 1 }),
      severity,
      type: fc.constantFrom('order.rejected', 'risk.halted', 'stream.down'),
      message: fc.constantFrom('a', 'b', 'c'),
    }),
    { minLength: 1, maxLength: 400 },
  )
  .map((alerts) => alerts.sort((x, y) => x.at - y.at));
const limit = fc.record({
  perMinute: fc.integer({ min: 1, max: 30 }),
  burst: fc.integer({ min: 1, max: 30 }),
});

/** The most sends found in any window of one minute. */
function busiestMinute(times: readonly number[]): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= MINUTE) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('ChannelThrottle', () => {
  test.prop([burst, limit, fc.integer({ min: 0, max: 2 * MINUTE })])(
    'never sends more than the hard limit in any minute, and holds back the rest for the digest',
    (alerts, rate, dedupMs) => {
      const throttle = new ChannelThrottle(rate, dedupMs);
      const sent: number[] = [];
      for (const a of alerts) {
        const alert: Alert = { ...a, time: a.at };
        if (throttle.admit(alert, a.at) === 'send') sent.push(a.at);
      }
      expect(busiestMinute(sent)).toBeLessThanOrEqual(rate.perMinute);
      const digest = throttle.takeDigest();
      expect(sent.length + (digest?.total ?? 0)).toBe(alerts.length);
      expect(digest?.groups.reduce((sum, g) => sum + g.count, 0) ?? 0).toBe(digest?.total ?? 0);
    },
  );

  test.prop([
    fc.array(fc.integer({ min: 0, max: 10 * MINUTE }), { minLength: 1, maxLength: 300 }),
    limit,
  ])(
    'holds over many minutes too, the token bucket refilling at the per-minute rate',
    (times, rate) => {
      const throttle = new ChannelThrottle(rate, 0);
      const sent: number[] = [];
      times.sort((a, b) => a - b);
      times.forEach((at, i) => {
        const alert: Alert = { severity: 'warning', type: 't', message: String(i), time: at };
        if (throttle.admit(alert, at) === 'send') sent.push(at);
      });
      expect(busiestMinute(sent)).toBeLessThanOrEqual(rate.perMinute);
      expect(sent.length + (throttle.takeDigest()?.total ?? 0)).toBe(times.length);
    },
  );
});

describe('a burst through the router', () => {
  test.prop([fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), fc.boolean()], {
    numRuns: 30,
  })(
    '1,000 identical alerts in a minute: at most the limit per channel plus one digest counting the rest',
    async (perMinute, burstSize, critical) => {
      const { router, wall } = testRouter({ rateLimit: { perMinute, burst: burstSize } });
      const tight = new RecordingChannel();
      const loose = new RecordingChannel();
      router.addChannel({ name: 'tight', channel: tight });
      router.addChannel({ name: 'loose', channel: loose, rateLimit: { perMinute: 60, burst: 60 } });
      for (let i = 0; i < 1000; i++) {
        wall.now = Math.floor((i * MINUTE) / 1000);
        router.raise({
          severity: critical ? 'critical' : 'warning',
          type: 'order.rejected',
          message: 'Order buy 1 SBER rejected: not enough money',
        });
      }
      await router.close();
      for (const [channel, cap] of [
        [tight, perMinute],
        [loose, 60],
      ] as const) {
        expect(channel.messages.length).toBeLessThanOrEqual(cap);
        expect(channel.digests).toHaveLength(1);
        const held = channel.digests[0]!.context?.suppressed;
        expect(held).toBe(1000 - channel.messages.length);
        expect(channel.digests[0]!.message).toContain(`${held}× order.rejected`);
      }
    },
  );
});
