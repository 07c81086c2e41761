import { type Alert, type AlertChannel, isSecretSchema, redactSecrets } from '@moex-bot/framework';
import {
  alertContext,
  closedPort,
  deliveryFailure,
  type HttpReceiver,
  pluginPackageProblems,
  startHttpReceiver,
} from '@moex-bot/framework/testing';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import webhook, { verifySignature, webhookParams } from './index.js';

/** A path and query carrying a token, as many webhook services have them. */
const HOOK = '/hooks/alerts?token=urlTok3n-7f2c';
const URL_TOKEN = 'urlTok3n-7f2c';
const KEY = 'hmacKey-9d41b6e0c2a7';

const FILLED: Alert = {
  severity: 'info',
  type: 'order.filled',
  message: 'Bought 10 lots of SBER at 250.10',
  time: Date.UTC(2026, 10, 24, 7, 1, 5, 250),
  context: { ticker: 'SBER', lots: 10, partial: false },
};

async function channelFor(
  params: Record<string, unknown>,
  name = 'ops-hook',
): Promise<AlertChannel> {
  return webhook.create(webhookParams.parse(params), alertContext(name));
}

describe('the webhook plugin definition', () => {
  test('is a sound plugin package: the manifest’s kind and id, every parameter described', async () => {
    const packageJson = (await import('../package.json', { with: { type: 'json' } })).default;
    expect(pluginPackageProblems(webhook, packageJson)).toEqual([]);
  });

  test('marks the URL and the key secret and defaults the rest', () => {
    expect(isSecretSchema(webhookParams.shape.url)).toBe(true);
    expect(isSecretSchema(webhookParams.shape.secret)).toBe(true);
    expect(webhookParams.parse({ url: `https://alerts.example.com${HOOK}` })).toEqual({
      url: `https://alerts.example.com${HOOK}`,
      headers: {},
      timeoutMs: 10_000,
    });
  });

  test.each([
    ['a URL with user:password@', 'url', { url: `https://bot:${URL_TOKEN}@alerts.example.com/` }],
    ['a relative URL', 'url', { url: HOOK }],
    ['a key shorter than 16 characters', 'secret', { url: 'https://x.test/', secret: 'short' }],
    [
      'a header the channel sets',
      'headers',
      { url: 'https://x.test/', headers: { 'Content-Type': 'x' } },
    ],
    [
      'a signature header',
      'headers',
      { url: 'https://x.test/', headers: { 'x-moexbot-signature': 'x' } },
    ],
    [
      'a header value with a line break',
      'headers',
      { url: 'https://x.test/', headers: { A: 'b\r\nC: d' } },
    ],
    ['a header name with a space', 'headers', { url: 'https://x.test/', headers: { 'X A': 'b' } }],
    ['an unknown key', '', { url: 'https://x.test/', hmacSecret: 'x'.repeat(16) }],
  ])('refuses %s', (_, field, params) => {
    const result = webhookParams.safeParse(params);
    expect(result.error?.issues.map((issue) => String(issue.path[0] ?? ''))).toEqual([field]);
    expect(JSON.stringify(result.error?.issues)).not.toContain(URL_TOKEN);
  });
});

describe('the webhook channel', () => {
  let receiver: HttpReceiver;
  beforeEach(async () => {
    receiver = await startHttpReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  test('POSTs the alert as JSON, with the extra headers and no signature without a key', async () => {
    const channel = await channelFor({
      url: `${receiver.origin}${HOOK}`,
      headers: { Authorization: 'Bearer hdrTok3n', 'X-Env': 'prod' },
    });
    await channel.send(FILLED);
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect([request?.method, request?.path]).toEqual(['POST', HOOK]);
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      authorization: 'Bearer hdrTok3n',
      'x-env': 'prod',
    });
    expect(request?.headers).not.toHaveProperty('x-moexbot-signature');
    expect(request?.headers).not.toHaveProperty('x-moexbot-timestamp');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      severity: 'info',
      type: 'order.filled',
      message: 'Bought 10 lots of SBER at 250.10',
      time: '2026-11-24T07:01:05.250Z',
      timeMs: Date.UTC(2026, 10, 24, 7, 1, 5, 250),
      context: { ticker: 'SBER', lots: 10, partial: false },
      source: 'ops-hook',
    });
  });

  test('sends an empty context when the alert has none', async () => {
    const channel = await channelFor({ url: `${receiver.origin}${HOOK}` });
    const { context: _, ...bare } = FILLED;
    await channel.send(bare);
    expect(JSON.parse(receiver.requests[0]?.body ?? '')).toMatchObject({ context: {} });
  });

  test('signs the exact body with the key and the wall time', async () => {
    const channel = await channelFor({ url: `${receiver.origin}${HOOK}`, secret: KEY });
    const before = Date.now();
    await channel.send(FILLED);
    const after = Date.now();
    const [request] = receiver.requests;
    const timestamp = request?.headers['x-moexbot-timestamp'];
    const signature = request?.headers['x-moexbot-signature'];
    expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(timestamp)).toBeLessThanOrEqual(after);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(request?.body ?? '', timestamp, signature, KEY)).toBe(true);
    expect(verifySignature(`${request?.body} `, timestamp, signature, KEY)).toBe(false);
    expect(verifySignature(request?.body ?? '', timestamp, signature, `${KEY}!`)).toBe(false);
    expect(JSON.stringify(request)).not.toContain(KEY);
  });

  test('429 is retryable after the pause the receiver asked for', async () => {
    receiver.reply({ status: 429, body: 'slow down', headers: { 'retry-after': '2' } });
    const channel = await channelFor({ url: `${receiver.origin}${HOOK}` });
    const error = await deliveryFailure(channel.send(FILLED));
    expect([error.retryable, error.retryAfterMs]).toEqual([true, 2_000]);
    expect(error.message).toBe(`webhook ${new URL(receiver.origin).host}: HTTP 429 slow down`);
  });

  test.each([
    [408, true],
    [425, true],
    [500, true],
    [502, true],
    [503, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [410, false],
    [422, false],
  ])('HTTP %i: retryable %s, sent once', async (status, retryable) => {
    receiver.reply({ status, body: 'no' });
    const channel = await channelFor({ url: `${receiver.origin}${HOOK}` });
    const error = await deliveryFailure(channel.send(FILLED));
    expect(error.retryable).toBe(retryable);
    expect(error.retryAfterMs).toBeUndefined();
    // Retrying is the host's job: the channel sends each request once.
    expect(receiver.requests).toHaveLength(1);
  });

  test('a reply that never comes is a retryable timeout', async () => {
    receiver.reply('hang');
    const channel = await channelFor({ url: `${receiver.origin}${HOOK}`, timeoutMs: 100 });
    const error = await deliveryFailure(channel.send(FILLED));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/: no reply within 100 ms$/);
  });

  test('a refused connection is retryable', async () => {
    const port = await closedPort();
    const channel = await channelFor({ url: `http://127.0.0.1:${port}${HOOK}` });
    const error = await deliveryFailure(channel.send(FILLED));
    expect([error.retryable, error.message]).toEqual([
      true,
      `webhook 127.0.0.1:${port}: request failed (ECONNREFUSED)`,
    ]);
  });

  test('no failure shows more of the URL than its host, nor the key or header values', async () => {
    const down = await closedPort();
    receiver.reply({ status: 401, body: 'bad token' }, { status: 500, body: '' }, 'hang');
    const origins = [receiver.origin, receiver.origin, receiver.origin, `http://127.0.0.1:${down}`];
    const failures = await Promise.all(
      origins.map(async (origin) => {
        const channel = await channelFor({
          url: `${origin}${HOOK}`,
          secret: KEY,
          headers: { Authorization: 'Bearer hdrTok3n' },
          timeoutMs: 300,
        });
        return deliveryFailure(channel.send(FILLED));
      }),
    );
    for (const error of failures) {
      const shown = `${error.message} ${String(error.cause ?? '')} ${error.stack ?? ''}`;
      for (const hidden of [URL_TOKEN, '/hooks', KEY, 'hdrTok3n']) {
        expect(shown).not.toContain(hidden);
      }
      expect(shown).toMatch(/^webhook 127\.0\.0\.1:\d+: /);
    }
  });

  test('a refusal that echoes the request quotes neither the header values nor the URL', async () => {
    const auth = 'Bearer echoTok3n-5b1e';
    const path = '/hooks/echo';
    receiver.reply({
      status: 400,
      body: `rejected POST ${path}?token=${URL_TOKEN} (path ${path}, token ${URL_TOKEN}) authorization: ${auth}`,
    });
    const channel = await channelFor({
      url: `${receiver.origin}${path}?token=${URL_TOKEN}`,
      headers: { Authorization: auth },
    });
    const error = await deliveryFailure(channel.send(FILLED));
    expect(error.retryable).toBe(false);
    const host = new URL(receiver.origin).host;
    expect(error.message).toBe(
      `webhook ${host}: HTTP 400 rejected POST [REDACTED] (path [REDACTED], token [REDACTED]) authorization: [REDACTED]`,
    );
    for (const hidden of [URL_TOKEN, path, 'echoTok3n'])
      expect(error.message).not.toContain(hidden);
  });

  test('registers credential headers as secrets, so that no log or alert shows them', async () => {
    await channelFor({
      url: `${receiver.origin}${HOOK}`,
      headers: {
        Authorization: 'Bearer regTok3n-a9c4',
        'X-Api-Key': 'key-77e1d0',
        'X-Source': 'moexbot-paper-7',
      },
    });
    expect(redactSecrets('sent Bearer regTok3n-a9c4 and key-77e1d0')).toBe(
      'sent [REDACTED] and [REDACTED]',
    );
    // A header that names no credential stays readable in logs.
    expect(redactSecrets('source moexbot-paper-7')).toBe('source moexbot-paper-7');
    // The credential alone, without its scheme, too.
    expect(redactSecrets('token regTok3n-a9c4')).toBe('token [REDACTED]');
  });
});
