import { type Alert, type AlertChannel, formatAlert, isSecretSchema } from '@moex-bot/framework';
import {
  alertContext,
  closedPort,
  deliveryFailure,
  pluginPackageProblems,
  RecordingLogger,
} from '@moex-bot/framework/testing';
import { afterEach, describe, expect, test } from 'vitest';
import email, { EmailParamsSchema } from './index.js';
import { type FakeSmtp, startSilentServer, startSmtp } from './smtp.fixture.js';

const PASSWORD = 'smtpPa55-w0rd!xyz';
const HALTED: Alert = {
  severity: 'critical',
  type: 'risk.halted',
  message: 'Trading halted: drawdown 5.2% > 5%\nOpen orders were cancelled.',
  time: Date.UTC(2026, 10, 24, 7, 1, 5),
  context: { limit: 5, drawdown: 5.2 },
};

/** Servers and channels to close after each test. */
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function smtp(options?: Parameters<typeof startSmtp>[0]): Promise<FakeSmtp> {
  const server = await startSmtp(options);
  open.push(server);
  return server;
}

async function channelFor(
  params: Record<string, unknown>,
  logger = new RecordingLogger(),
): Promise<AlertChannel> {
  const channel = await email.create(
    EmailParamsSchema.parse({ host: '127.0.0.1', from: 'moex-bot <bot@example.test>', ...params }),
    alertContext('ops-mail', logger),
  );
  open.push({ close: async () => channel.close?.() });
  return channel;
}

describe('the email plugin definition', () => {
  test('is a sound plugin package: the manifest’s kind and id, every parameter described', async () => {
    const packageJson = (await import('../package.json', { with: { type: 'json' } })).default;
    expect(pluginPackageProblems(email, packageJson)).toEqual([]);
  });

  test('marks the password secret and defaults the rest', () => {
    expect(isSecretSchema(EmailParamsSchema.shape.password)).toBe(true);
    expect(
      EmailParamsSchema.parse({ host: 'smtp.example.test', from: 'a@x.test', to: ['b@x.test'] }),
    ).toEqual({
      host: 'smtp.example.test',
      port: 587,
      from: 'a@x.test',
      to: ['b@x.test'],
      subjectPrefix: '[moex-bot]',
      timeoutMs: 30_000,
      allowPlainLogin: false,
    });
  });

  test.each([
    ['no recipient', 'to', { to: [] }],
    ['a user without a password', 'password', { to: ['b@x.test'], user: 'bot' }],
    ['a password without a user', 'password', { to: ['b@x.test'], password: PASSWORD }],
    ['an unknown key', '', { to: ['b@x.test'], cc: ['c@x.test'] }],
  ])('refuses %s', (_, field, params) => {
    const result = EmailParamsSchema.safeParse({ host: 'h', from: 'a@x.test', ...params });
    expect(result.error?.issues.map((issue) => String(issue.path[0] ?? ''))).toEqual([field]);
    expect(JSON.stringify(result.error?.issues)).not.toContain(PASSWORD);
  });
});

describe('the email channel', () => {
  test('logs in and mails the alert to every recipient', async () => {
    const server = await smtp({ users: { bot: PASSWORD } });
    const channel = await channelFor({
      port: server.port,
      user: 'bot',
      password: PASSWORD,
      // The test server has no TLS: a login in clear is allowed on loopback only by asking.
      allowPlainLogin: true,
      to: ['trader@example.test', 'risk@example.test'],
    });
    await channel.send(HALTED);
    expect(server.mails).toHaveLength(1);
    const [mail] = server.mails;
    expect([mail?.user, mail?.from, mail?.to]).toEqual([
      'bot',
      'bot@example.test',
      ['trader@example.test', 'risk@example.test'],
    ]);
    expect(mail?.headers.get('subject')).toBe(
      '[moex-bot] [CRITICAL] risk.halted: Trading halted: drawdown 5.2% > 5%',
    );
    expect(mail?.headers.get('from')).toBe('"moex-bot" <bot@example.test>');
    expect(mail?.headers.get('to')).toBe('trader@example.test, risk@example.test');
    expect(mail?.headers.get('x-priority')).toMatch(/^1/);
    expect(mail?.headers.get('content-transfer-encoding')).toBe('7bit');
    expect(mail?.body.replaceAll('\r\n', '\n').trimEnd()).toBe(formatAlert(HALTED).text);
    expect(formatAlert(HALTED).text).toBe(
      'Trading halted: drawdown 5.2% > 5%\nOpen orders were cancelled.\nlimit: 5\ndrawdown: 5.2\n2026-11-24 10:01:05 MSK',
    );
  });

  test('sends without AUTH when no user is set, and marks only critical alerts urgent', async () => {
    const server = await smtp();
    const channel = await channelFor({ port: server.port, to: ['trader@example.test'] });
    await channel.send({ ...HALTED, severity: 'info', type: 'session.started', message: 'Live' });
    const [mail] = server.mails;
    expect([mail?.user, mail?.headers.get('subject')]).toEqual([
      undefined,
      '[moex-bot] [INFO] session.started: Live',
    ]);
    expect(mail?.headers.has('x-priority')).toBe(false);
  });

  test('451 to the recipient is retryable', async () => {
    const server = await smtp({ refuseRecipient: () => 451 });
    const channel = await channelFor({ port: server.port, to: ['trader@example.test'] });
    const error = await deliveryFailure(channel.send(HALTED));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(new RegExp(`^email 127\\.0\\.0\\.1:${server.port}: .*451`));
    expect(server.mails).toEqual([]);
  });

  test('550 to the recipient is permanent', async () => {
    const server = await smtp({ refuseRecipient: () => 550 });
    const channel = await channelFor({ port: server.port, to: ['trader@example.test'] });
    const error = await deliveryFailure(channel.send(HALTED));
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/550 .*\(EENVELOPE\)$/);
  });

  test('a recipient refused among accepted ones is logged, not retried', async () => {
    const server = await smtp({
      refuseRecipient: (address) => (address.startsWith('gone@') ? 550 : undefined),
    });
    const logger = new RecordingLogger();
    const channel = await channelFor(
      { port: server.port, to: ['trader@example.test', 'gone@example.test'] },
      logger,
    );
    await channel.send(HALTED);
    expect(server.mails.map((mail) => mail.to)).toEqual([['trader@example.test']]);
    expect(logger.records).toEqual([
      {
        level: 'warn',
        fields: {
          event: 'AlertRecipientsRejected',
          plugin: 'alert:ops-mail',
          rejected: ['gone@example.test'],
        },
        msg: `email 127.0.0.1:${server.port}: 1 of 2 recipients rejected the alert`,
      },
    ]);
  });

  test('a server that is down is retryable', async () => {
    const port = await closedPort();
    const channel = await channelFor({ port, to: ['trader@example.test'] });
    const error = await deliveryFailure(channel.send(HALTED));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/: connect ECONNREFUSED .*\(ESOCKET\)$/);
  });

  test('a server that never greets is a retryable timeout', async () => {
    const silent = await startSilentServer();
    open.push(silent);
    const channel = await channelFor({ port: silent.port, to: ['t@x.test'], timeoutMs: 200 });
    const error = await deliveryFailure(channel.send(HALTED));
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/\(ETIMEDOUT\)$/);
  });

  test('a wrong password is permanent and the password appears nowhere', async () => {
    const server = await smtp({ users: { bot: 'the-right-one' } });
    const logger = new RecordingLogger();
    const channel = await channelFor(
      {
        port: server.port,
        user: 'bot',
        password: PASSWORD,
        allowPlainLogin: true,
        to: ['trader@example.test'],
      },
      logger,
    );
    const error = await deliveryFailure(channel.send(HALTED));
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/535 .*\(EAUTH\)$/);
    const shown = `${error.message} ${String(error.cause ?? '')} ${error.stack ?? ''}`;
    expect(shown).not.toContain(PASSWORD);
    expect(shown).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    expect(logger.text()).not.toContain(PASSWORD);
    expect(server.mails).toEqual([]);
  });

  test('will not log in without TLS: a server without STARTTLS gets no password, for good', async () => {
    const server = await smtp({ users: { bot: PASSWORD } });
    const logger = new RecordingLogger();
    const channel = await channelFor(
      { port: server.port, user: 'bot', password: PASSWORD, to: ['trader@example.test'] },
      logger,
    );
    const error = await deliveryFailure(channel.send(HALTED));
    // Permanent: the server's lack of STARTTLS is its configuration, and every retry would
    // end the same way. The message says what to change.
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(
      new RegExp(
        `^email 127\\.0\\.0\\.1:${server.port}: Error upgrading connection with STARTTLS: 5\\d\\d .*\\(ETLS\\); ` +
          'the login needs TLS, so nothing was sent: use secure: true \\(port 465\\), or allowPlainLogin: true for a relay on loopback$',
      ),
    );
    const shown = `${error.message} ${String(error.cause ?? '')} ${error.stack ?? ''} ${logger.text()}`;
    expect(shown).not.toContain(PASSWORD);
    expect(server.logins).toEqual([]);
    expect(server.mails).toEqual([]);
  });
});
