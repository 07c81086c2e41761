import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Alert, RunMode } from '@moex-bot/framework';
import {
  alertContext,
  closedPort,
  deliveryFailure,
  RecordingLogger,
  waitFor,
} from '@moex-bot/framework/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeBotApi, type SendFailure } from './fakeBotApi.fixture.js';
import telegram from './index.js';
import type { TelegramChannel } from './TelegramChannel.js';

const TOKEN = '7012345678:AAHsecret-token-for-tests_0123456789';
const ALERT: Alert = {
  severity: 'critical',
  type: 'risk.halted',
  message: 'Trading halted (DAILY_LOSS_LIMIT_REACHED)',
  time: Date.UTC(2026, 8, 1, 7, 1, 5),
  context: { from: 'active', to: 'halted' },
};

let fake: FakeBotApi;
let logger: RecordingLogger;
let dataDir: string;
const channels: TelegramChannel[] = [];

beforeEach(async () => {
  fake = await FakeBotApi.start({ token: TOKEN });
  logger = new RecordingLogger();
  dataDir = await mkdtemp(path.join(tmpdir(), 'telegram-channel-'));
});

afterEach(async () => {
  for (const channel of channels.splice(0)) await channel.close();
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function open(params: Record<string, unknown>, mode: RunMode = 'paper') {
  // The operator desk is not touched by alert delivery: the kit's desk throws on use.
  const context = alertContext('ops', logger, { mode, dataDir });
  const parsed = telegram.params.parse({
    botToken: TOKEN,
    apiRoot: fake.url,
    chatIds: [-1001],
    ...params,
  });
  const channel = (await telegram.create(parsed, context)) as TelegramChannel;
  channels.push(channel);
  return channel;
}

describe('telegram channel: alerts', () => {
  it('sends the formatted alert to every chat id', async () => {
    const channel = await open({ chatIds: [-1001, 42, '@ops_channel'] });
    await channel.send(ALERT);
    expect(fake.sent.map((m) => m.chat_id).sort()).toEqual([-1001, 42, '@ops_channel'].sort());
    const text = [
      '[CRITICAL] risk.halted',
      'Trading halted (DAILY_LOSS_LIMIT_REACHED)',
      'from: active',
      'to: halted',
      '2026-09-01 10:01:05 MSK',
    ].join('\n');
    expect(fake.sent.every((m) => m.text === text && m['parse_mode'] === undefined)).toBe(true);
  });

  it('maps 429 to a retryable error that waits retry_after', async () => {
    const channel = await open({});
    fake.failNextSends(1, 429);
    const error = await deliveryFailure(channel.send(ALERT));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(1000);
    expect(error.message).toBe(
      'telegram: chat -1001: sendMessage: 429 Too Many Requests: retry after 1',
    );
  });

  it('maps 5xx to retryable and other refusals to permanent errors', async () => {
    const channel = await open({});
    const cases: [SendFailure, boolean][] = [
      [500, true],
      [400, false],
      [401, false],
      [403, false],
    ];
    for (const [status, retryable] of cases) {
      fake.failNextSends(1, status);
      const error = await deliveryFailure(channel.send({ ...ALERT, message: `case ${status}` }));
      expect(error.retryable, String(status)).toBe(retryable);
      expect(error.retryAfterMs).toBeUndefined();
      expect(error.message).toContain(`sendMessage: ${status} `);
    }
  });

  it('is refused for good with a wrong token, without quoting the token', async () => {
    const wrong = `${TOKEN}x`;
    const context = await open({ botToken: wrong, control: false });
    const error = await deliveryFailure(context.send(ALERT));
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('telegram: chat -1001: sendMessage: 401 Unauthorized');
    expect(error.message).not.toContain(wrong);
  });

  it('redacts the token from a Telegram error that quotes it URL-encoded', async () => {
    const channel = await open({});
    const encoded = encodeURIComponent(TOKEN); // ':' becomes %3A
    expect(encoded).not.toBe(TOKEN);
    fake.failNextSends(1, 400, `Bad Request: chat not found for /bot${encoded}/sendMessage`);
    const error = await deliveryFailure(channel.send(ALERT));
    expect(error.message).toBe(
      'telegram: chat -1001: sendMessage: 400 Bad Request: chat not found for /bot[REDACTED]/sendMessage',
    );
    expect(error.message).not.toContain(TOKEN.split(':')[1]);
  });

  it('cuts a long alert at 4096 characters without splitting an emoji', async () => {
    const channel = await open({});
    // Both parities, so that the cut falls once on each half of a surrogate pair in UTF-16.
    for (const lead of ['x', 'xy']) {
      const before = fake.sent.length;
      await channel.send({ ...ALERT, message: `${lead}${'😀'.repeat(5000)}` });
      const { text } = fake.sent[before]!;
      const chars = Array.from(text);
      expect(chars).toHaveLength(4096);
      expect(text.endsWith(`${'😀'.repeat(3)}\n… (cut)`)).toBe(true);
      expect(text).not.toMatch(
        /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
      );
    }
  });

  it('calls a network failure retryable and keeps the URL (and token) out of the error', async () => {
    const closed = await closedPort();
    const channel = await open({ apiRoot: `http://127.0.0.1:${closed}`, control: false });
    const error = await deliveryFailure(channel.send(ALERT));
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      "telegram: chat -1001: Network request for 'sendMessage' failed! (ECONNREFUSED)",
    );
    expect(error.cause).toBeUndefined();
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('on a retry sends only to the chats that have not had the alert', async () => {
    const channel = await open({ chatIds: [-1001, -1002] });
    fake.failNextSends(1, 500);
    const error = await deliveryFailure(channel.send(ALERT));
    expect(error.retryable).toBe(true);
    expect(fake.sent).toHaveLength(1);
    await channel.send(ALERT); // the router retries the same alert object
    expect(fake.sent.map((m) => m.chat_id)).toHaveLength(2);
    expect(fake.sent.map((m) => m.chat_id)).toEqual(expect.arrayContaining([-1001, -1002]));
  });

  it('does not retry a chat that refused for good, and says which chats failed', async () => {
    const channel = await open({ chatIds: [-1001, -1002] });
    fake.failNextSends(2, 403);
    const error = await deliveryFailure(channel.send(ALERT));
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/chat -100[12]: .*403.*; telegram: chat -100[12]: .*403/);
    await channel.send(ALERT);
    expect(fake.sent).toHaveLength(0);
  });
});

describe('telegram channel: start-up', () => {
  it('takes no commands in backtests, without users, or with control off', async () => {
    const users = [{ id: 42, role: 'operator' }];
    for (const channel of [
      await open({ users }, 'backtest'),
      await open({ users: [] }),
      await open({ users, control: false }),
    ]) {
      channel.start();
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.calls.map((c) => c.method)).toEqual([]);
    expect(logger.events('TelegramControlOff').map((r) => r.fields['why'])).toEqual([
      'backtests take no commands',
      'no users are listed',
      'control is off',
    ]);
  });

  it('talks to Telegram only once started: no getUpdates, and no command handled, before', async () => {
    const channel = await open({ users: [{ id: 42, role: 'viewer' }] });
    fake.pushMessage({ id: 42 }, { id: 42, type: 'private' }, '/help');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.calls.map((c) => c.method)).toEqual([]);

    channel.start();
    await fake.waitForPolling();
    const methods = fake.calls.map((c) => c.method);
    expect(methods.slice(0, 2)).toEqual(['getMe', 'deleteWebhook']);
    expect(methods).toContain('getUpdates');
    // The /help sent before start was dropped with the pending updates, not answered late:
    // updates are handled in order, so its answer would have come before this one.
    fake.pushMessage({ id: 42 }, { id: 42, type: 'private' }, '/moon');
    await fake.waitForMessage((m) => m.chat_id === 42);
    expect(fake.sent.map((m) => m.text)).toEqual([
      'Unknown command /moon. Send /help for the list.',
    ]);
  });

  it('closes cleanly without having been started, and does not start after close', async () => {
    const channel = await open({ users: [{ id: 42, role: 'operator' }] });
    const closing = Date.now();
    await channel.close();
    expect(Date.now() - closing).toBeLessThan(500);
    channel.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.calls).toEqual([]);
  });

  it('still answers when the audit log cannot be written, and logs that as an error', async () => {
    const blocker = path.join(dataDir, 'not-a-folder');
    await writeFile(blocker, '');
    const channel = await open({
      users: [{ id: 42, role: 'viewer' }],
      auditLog: path.join(blocker, 'audit.jsonl'),
    });
    channel.start();
    await fake.waitForPolling();
    fake.pushMessage({ id: 42 }, { id: 42, type: 'private' }, '/help');
    const reply = await fake.waitForMessage((m) => m.chat_id === 42);
    expect(reply.text).toMatch(/^You are a viewer\. Commands:/);
    expect(logger.events('TelegramAuditFailed')).toMatchObject([
      {
        level: 'error',
        fields: {
          file: path.join(blocker, 'audit.jsonl'),
          err: expect.stringMatching(/EEXIST|ENOTDIR/),
        },
      },
    ]);
    expect(logger.events('TelegramCommand')).toMatchObject([
      { level: 'info', fields: { command: 'help', outcome: 'done' } },
    ]);
  });

  it('returns at once while Telegram is unreachable, warns without the token, and closes promptly', async () => {
    const closed = await closedPort();
    const started = Date.now();
    const channel = await open({
      apiRoot: `http://127.0.0.1:${closed}`,
      users: [{ id: 42, role: 'operator' }],
    });
    channel.start();
    expect(Date.now() - started).toBeLessThan(500);
    await waitFor(() => logger.events('TelegramUnavailable').length > 0);
    const warning = logger.events('TelegramUnavailable')[0]!;
    expect(warning.level).toBe('warn');
    expect(warning.msg).toBe(
      "telegram: getMe failed: Network request for 'getMe' failed! (ECONNREFUSED); trying again in 1 s",
    );
    const closing = Date.now();
    await channel.close();
    expect(Date.now() - closing).toBeLessThan(1000);
    expect(logger.text()).not.toContain(TOKEN);
  });

  it('logs a refused token once, as an error, and stops there', async () => {
    const channel = await open({ botToken: `${TOKEN}x`, users: [{ id: 42, role: 'operator' }] });
    channel.start();
    await waitFor(() => logger.events('TelegramTokenRefused').length > 0);
    expect(logger.events('TelegramTokenRefused')[0]).toMatchObject({
      level: 'error',
      fields: { err: 'getMe: 401 Unauthorized' },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.calls.map((c) => c.method)).toEqual(['getMe']);
    expect(logger.text()).not.toContain(TOKEN);
  });
});

describe('telegram params', () => {
  it('keep the token a secret and refuse a user listed twice', async () => {
    const { isSecretSchema } = await import('@moex-bot/framework');
    expect(isSecretSchema(telegram.params.shape.botToken)).toBe(true);
    const parsed = telegram.params.parse({ botToken: 't', chatIds: [1] });
    expect(parsed).toMatchObject({
      apiRoot: 'https://api.telegram.org',
      users: [],
      control: true,
      confirmSeconds: 60,
      pollingTimeoutSeconds: 30,
    });
    const twice = telegram.params.safeParse({
      botToken: 't',
      chatIds: [1],
      users: [
        { id: 5, role: 'viewer' },
        { id: 5, role: 'operator' },
      ],
    });
    expect(twice.error?.issues.map((i) => i.path)).toEqual([['users', 1, 'id']]);
    expect(telegram.params.safeParse({ botToken: 't', chatIds: [] }).success).toBe(false);
    // A user id written as ${VAR} arrives as text.
    const fromEnv = telegram.params.parse({
      botToken: 't',
      chatIds: ['-1001'],
      users: [{ id: '123', role: 'operator' }],
    });
    expect(fromEnv.users).toEqual([{ id: 123, role: 'operator' }]);
  });
});
