import { type Alert, type AlertChannel, isSecretSchema } from '@moex-bot/framework';
import {
  alertContext,
  closedPort,
  deliveryFailure,
  type HttpReceiver,
  pluginPackageProblems,
  startHttpReceiver,
} from '@moex-bot/framework/testing';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import slack, { slackParams } from './index.js';

/** The webhook path: Slack's credential, which no error may show. */
const HOOK_PATH = '/services/T0001/B0002/s3cretHookToken42';
const TOKEN = 's3cretHookToken42';

const HALTED: Alert = {
  severity: 'critical',
  type: 'risk.halted',
  message: 'Trading halted: drawdown 5.2% > 5%',
  time: Date.UTC(2026, 10, 24, 7, 1, 5),
  context: { limit: 5, drawdown: 5.2 },
};

async function channelFor(params: Record<string, unknown>): Promise<AlertChannel> {
  return slack.create(slackParams.parse(params), alertContext('ops-slack'));
}

describe('the slack plugin definition', () => {
  test('is a sound plugin package: the manifest’s kind and id, every parameter described', async () => {
    const packageJson = (await import('../package.json', { with: { type: 'json' } })).default;
    expect(pluginPackageProblems(slack, packageJson)).toEqual([]);
  });

  test('marks the webhook URL secret and defaults the timeout', () => {
    expect(isSecretSchema(slackParams.shape.webhookUrl)).toBe(true);
    expect(slackParams.parse({ webhookUrl: `https://hooks.slack.com${HOOK_PATH}` })).toEqual({
      webhookUrl: `https://hooks.slack.com${HOOK_PATH}`,
      timeoutMs: 10_000,
    });
  });

  test('refuses a webhook URL that is no http(s) URL without quoting it', () => {
    const result = slackParams.safeParse({ webhookUrl: `hooks.slack.com${HOOK_PATH}` });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).not.toContain(TOKEN);
    expect(slackParams.safeParse({ webhookUrl: 'ftp://example.com/x' }).success).toBe(false);
    // fetch refuses a URL with user:password@, so every retry would fail: refused up front.
    const withLogin = slackParams.safeParse({ webhookUrl: `https://u:${TOKEN}@hooks.slack.com/x` });
    expect(withLogin.success).toBe(false);
    expect(JSON.stringify(withLogin.error?.issues)).not.toContain(TOKEN);
  });

  test('refuses unknown keys and malformed emoji', () => {
    expect(slackParams.safeParse({ webhookUrl: 'https://x.test/', channel: '#ops' }).success).toBe(
      false,
    );
    expect(
      slackParams.safeParse({ webhookUrl: 'https://x.test/', iconEmoji: 'rotating_light' }).success,
    ).toBe(false);
  });
});

describe('the slack channel', () => {
  let receiver: HttpReceiver;
  beforeEach(async () => {
    receiver = await startHttpReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  test('posts the alert as mrkdwn text and blocks to the webhook URL', async () => {
    const channel = await channelFor({ webhookUrl: `${receiver.origin}${HOOK_PATH}` });
    await channel.send(HALTED);
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(HOOK_PATH);
    expect(request?.headers['content-type']).toBe('application/json');
    const headline = '*[CRITICAL] risk.halted*\nTrading halted: drawdown 5.2% &gt; 5%';
    expect(JSON.parse(request?.body ?? '')).toEqual({
      text: `${headline}\nlimit: 5\ndrawdown: 5.2\n2026-11-24 10:01:05 MSK`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: headline } },
        { type: 'section', text: { type: 'mrkdwn', text: 'limit: 5\ndrawdown: 5.2' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '2026-11-24 10:01:05 MSK' }] },
      ],
    });
  });

  test('posts under the configured name and emoji', async () => {
    const channel = await channelFor({
      webhookUrl: `${receiver.origin}${HOOK_PATH}`,
      username: 'moex-bot',
      iconEmoji: ':rotating_light:',
    });
    await channel.send(HALTED);
    expect(JSON.parse(receiver.requests[0]?.body ?? '')).toMatchObject({
      username: 'moex-bot',
      icon_emoji: ':rotating_light:',
    });
  });

  test('429 is retryable after the pause Slack asked for', async () => {
    receiver.reply({ status: 429, body: 'rate_limited', headers: { 'retry-after': '2' } });
    const channel = await channelFor({ webhookUrl: `${receiver.origin}${HOOK_PATH}` });
    const error = await deliveryFailure(channel.send(HALTED));
    expect([error.retryable, error.retryAfterMs]).toEqual([true, 2_000]);
    expect(error.message).toBe('slack: HTTP 429 rate_limited');
  });

  test.each([
    [500, 'internal_error', true],
    [503, 'service_unavailable', true],
    [400, 'invalid_payload', false],
    [403, 'action_prohibited', false],
    [404, 'no_service', false],
    [410, 'channel_is_archived', false],
  ])('HTTP %i %s: retryable %s, sent once', async (status, body, retryable) => {
    receiver.reply({ status, body });
    const channel = await channelFor({ webhookUrl: `${receiver.origin}${HOOK_PATH}` });
    const error = await deliveryFailure(channel.send(HALTED));
    expect(error.retryable).toBe(retryable);
    expect(error.message).toBe(`slack: HTTP ${status} ${body}`);
    // Retrying is the host's job: the channel sends each request once.
    expect(receiver.requests).toHaveLength(1);
  });

  test('a reply that never comes is a retryable timeout', async () => {
    receiver.reply('hang');
    const channel = await channelFor({
      webhookUrl: `${receiver.origin}${HOOK_PATH}`,
      timeoutMs: 100,
    });
    const error = await deliveryFailure(channel.send(HALTED));
    expect([error.retryable, error.message]).toEqual([true, 'slack: no reply within 100 ms']);
  });

  test('a refused connection is retryable', async () => {
    const port = await closedPort();
    const channel = await channelFor({ webhookUrl: `http://127.0.0.1:${port}${HOOK_PATH}` });
    const error = await deliveryFailure(channel.send(HALTED));
    expect([error.retryable, error.message]).toEqual([
      true,
      'slack: request failed (ECONNREFUSED)',
    ]);
  });

  test('no failure shows the webhook URL or its path', async () => {
    const down = await closedPort();
    receiver.reply({ status: 404, body: 'no_service' }, { status: 500, body: '' }, 'hang');
    const failures = await Promise.all(
      [receiver.origin, receiver.origin, receiver.origin, `http://127.0.0.1:${down}`].map(
        async (origin) => {
          const channel = await channelFor({ webhookUrl: `${origin}${HOOK_PATH}`, timeoutMs: 300 });
          return deliveryFailure(channel.send(HALTED));
        },
      ),
    );
    for (const error of failures) {
      const shown = `${error.message} ${String(error.cause ?? '')} ${error.stack ?? ''}`;
      expect(shown).not.toContain(TOKEN);
      expect(shown).not.toContain('/services/');
      expect(shown).not.toContain('127.0.0.1');
    }
  });
});
