/**
 * Acceptance: a paper run composed by the framework, with this plugin as its alert
 * channel and a fake Bot API on loopback. The bot starts polling when the session is
 * running (`run.alerts.start()`, as `startLive` does); users then talk to it over real
 * long polling, and the engine's trading state, orders and the audit file show what
 * their commands did.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type Bar,
  type ComposedRun,
  composeRun,
  defineInstrument,
  defineStrategy,
  type Signal,
  SimulatedClock,
  signals,
  z,
} from '@moex-bot/framework';
import { RecordingLogger } from '@moex-bot/framework/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from './CommandDesk.js';
import {
  FakeBotApi,
  type FakeChat,
  type FakeUser,
  type SentMessage,
} from './fakeBotApi.fixture.js';
import { defineTelegramAlert } from './index.js';

const TOKEN = '7012345678:AAHsecret-token-for-e2e_9876543210';
const ALERT_CHAT = -1001;
const GROUP: FakeChat = { id: -2002, type: 'supergroup' };
const OPERATOR: FakeUser = { id: 42, username: 'anna' };
const VIEWER: FakeUser = { id: 7, username: 'boris' };
const STRANGER: FakeUser = { id: 666, username: 'mallory' };
const SBER = defineInstrument({ ticker: 'SBER', lot: 10, minPriceIncrement: 0.01 });
/** 2026-09-01 10:00 Moscow, a Tuesday. */
const START = Date.UTC(2026, 8, 1, 7, 0);
const MINUTE = 60_000;

/** The strategy sends whatever the test raises its flag with, once. */
const flag: { next: Signal | undefined } = { next: undefined };
const flagStrategy = defineStrategy({
  id: 'flag',
  params: z.object({}),
  create: () => ({
    onBar: () => {
      const signal = flag.next;
      flag.next = undefined;
      return signal;
    },
  }),
});

let fake: FakeBotApi;
let logger: RecordingLogger;
let dataDir: string;
let run: ComposedRun<SimulatedClock>;
/** The plugin's wall clock: confirmation codes expire when the test moves it. */
let wall: number;
let bars: number;

beforeEach(async () => {
  fake = await FakeBotApi.start({ token: TOKEN, botUsername: 'moex_ops_bot' });
  logger = new RecordingLogger();
  dataDir = await mkdtemp(path.join(tmpdir(), 'telegram-e2e-'));
  wall = Date.UTC(2026, 8, 1, 7, 0);
  bars = 0;
  flag.next = undefined;
  run = await composeRun({
    mode: 'paper',
    clock: new SimulatedClock(START),
    instruments: [SBER],
    strategies: [{ definition: flagStrategy, instruments: [SBER.uid], name: 'flag' }],
    alerts: [
      {
        definition: defineTelegramAlert({ now: () => wall }),
        name: 'ops',
        params: {
          botToken: TOKEN,
          chatIds: [ALERT_CHAT],
          apiRoot: fake.url,
          pollingTimeoutSeconds: 2,
          confirmSeconds: 60,
          users: [
            { id: OPERATOR.id, role: 'operator', name: 'Anna' },
            { id: VIEWER.id, role: 'viewer', name: 'Boris' },
          ],
        },
      },
    ],
    dataDir,
    logger,
  });
  await run.engine.start();
  // What startLive does once the session is running: channels that take commands start.
  await run.alerts.start();
  await fake.waitForPolling();
});

afterEach(async () => {
  await run.alerts.close();
  run.engine.stop();
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Feeds the next one-minute bar, with the strategy sending `signal` on it. */
function nextBar(signal?: Signal, price = 300): void {
  flag.next = signal;
  const bar: Bar = {
    instrument: SBER.uid,
    time: START + bars++ * MINUTE,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: 1_000_000,
  };
  run.clock.advance(bar.time);
  run.engine.onBar(bar);
}

/** Sends `text` as `from` and waits for the bot's next message in that chat. */
async function ask(from: FakeUser, text: string, chat?: FakeChat): Promise<string> {
  const where = chat ?? { id: from.id, type: 'private' };
  const before = fake.sent.length;
  fake.pushMessage(from, where, text);
  const reply = await fake.waitForMessage(
    (m) => fake.sent.indexOf(m) >= before && m.chat_id === where.id,
    10_000,
  );
  return reply.text;
}

async function auditLines(): Promise<AuditEntry[]> {
  const text = await readFile(path.join(dataDir, 'telegram-audit.jsonl'), 'utf8');
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditEntry);
}

function codeIn(reply: string): string {
  const match = /^Send \/confirm (\d{4}) within 60 s to (resume trading|cancel all)/.exec(reply);
  if (match === null) throw new Error(`no code in: ${reply}`);
  return match[1]!;
}

describe('telegram operator control, end to end', () => {
  it('serves a viewer data but refuses their /halt, and audits both', async () => {
    nextBar(signals.buy(SBER.uid, 1));
    nextBar(); // the market order fills at this bar's open
    expect(run.engine.portfolio.position(SBER.uid).lots).toBe(1);

    const status = await ask(VIEWER, '/status');
    expect(status).toContain('Trading: ACTIVE (START)');
    // 1 lot of 10 at 300.00, 1.50 RUB commission (0.05 %).
    expect(status).toContain('Equity: 999,998.50 RUB');
    expect(status).toContain('Cash: 996,998.50 RUB');
    expect(status).toContain('Open orders: 0');
    expect(status).toContain('Positions: 1');
    expect(status).toContain('Strategies: flag (running)');
    expect(status).toContain('As of 2026-09-01 10:01 MSK');

    expect(await ask(VIEWER, '/positions')).toBe(
      'Positions (1):\nSBER +1 lots @ 300.00, last 300.00, P&L 0.00 RUB',
    );

    expect(await ask(VIEWER, '/halt I think we should stop')).toBe(
      '/halt needs the operator role.',
    );
    expect(run.engine.trading.state).toBe('active');

    expect(await auditLines()).toMatchObject([
      { userId: VIEWER.id, username: 'boris', command: 'status', role: 'viewer', outcome: 'done' },
      { userId: VIEWER.id, command: 'positions', outcome: 'done' },
      {
        userId: VIEWER.id,
        chatId: VIEWER.id,
        command: 'halt',
        args: 'I think we should stop',
        role: 'viewer',
        outcome: 'refused',
      },
    ]);
  });

  it('halts on an operator’s /halt, after which the next intent is denied', async () => {
    nextBar();
    const reply = await ask(OPERATOR, '/halt news at 10:00');
    expect(reply).toBe(
      'Done: trading active → halted (telegram:42: news at 10:00)\nTrading is now halted.',
    );
    expect(run.engine.trading.state).toBe('halted');
    expect(run.engine.trading.reason).toBe('telegram:42: news at 10:00');

    // The state change is itself an alert, delivered by the same plugin to the alert chat.
    const alert = await fake.waitForMessage((m) => m.chat_id === ALERT_CHAT, 10_000);
    expect(alert.text).toMatch(/^\[CRITICAL\] risk\.halted\nTrading halted \(telegram:42: news/);

    nextBar(signals.buy(SBER.uid, 1));
    expect(run.recorder.orders).toHaveLength(0);
    expect(await run.metrics.value(run.metrics.riskDenials, { rule: 'TRADING_HALTED' })).toBe(1);
  });

  it('resumes only on /confirm with a fresh code; an expired code does nothing', async () => {
    nextBar();
    await ask(OPERATOR, '/halt');
    expect(run.engine.trading.state).toBe('halted');

    const first = codeIn(await ask(OPERATOR, '/resume all clear'));
    expect(run.engine.trading.state).toBe('halted');
    wall += 61_000;
    expect(await ask(OPERATOR, `/confirm ${first}`)).toBe(
      `Code ${first} has expired; nothing done. Send /resume again.`,
    );
    expect(run.engine.trading.state).toBe('halted');

    const second = codeIn(await ask(OPERATOR, '/resume all clear'));
    wall += 30_000;
    expect(await ask(OPERATOR, `/confirm ${second}`)).toBe(
      'Done: trading halted → active (telegram:42: all clear)\nTrading is now active.',
    );
    expect(run.engine.trading.state).toBe('active');

    nextBar(signals.buy(SBER.uid, 1));
    expect(run.recorder.orders).toHaveLength(1);
    expect(run.recorder.orders[0]).toMatchObject({ strategyId: 'flag', side: 'buy', lots: 1 });

    // /flatten goes through the same code, then closes the position at the next bar.
    nextBar();
    expect(run.engine.portfolio.position(SBER.uid).lots).toBe(1);
    const third = codeIn(await ask(OPERATOR, '/flatten'));
    expect(await ask(OPERATOR, `/confirm ${third}`)).toContain(
      'Done: flatten: cancelling 0 open orders, closing 1 positions at market',
    );
    nextBar();
    expect(run.engine.portfolio.position(SBER.uid).lots).toBe(0);

    expect((await auditLines()).map((line) => [line.command, line.outcome])).toEqual([
      ['halt', 'done'],
      ['resume', 'awaiting-confirmation'],
      ['confirm', 'expired'],
      ['resume', 'awaiting-confirmation'],
      ['confirm', 'confirmed'],
      ['flatten', 'awaiting-confirmation'],
      ['confirm', 'confirmed'],
    ]);
  });

  it('gives unknown users no reply and no effect, in private and in a group', async () => {
    nextBar();
    for (const text of ['/status', '/positions', '/halt', '/help', 'hello?']) {
      fake.pushMessage(STRANGER, { id: STRANGER.id, type: 'private' }, text);
    }
    fake.pushMessage(STRANGER, GROUP, '/halt@moex_ops_bot');
    // Updates are handled in order: once the operator's answer in the group is out,
    // everything the stranger sent before it has been handled.
    const answer = await ask(OPERATOR, '/status', GROUP);
    expect(answer).toContain('Trading: ACTIVE');

    expect(fake.sent.filter((m: SentMessage) => m.chat_id === STRANGER.id)).toEqual([]);
    expect(fake.sent.filter((m) => m.chat_id === GROUP.id)).toHaveLength(1);
    expect(run.engine.trading.state).toBe('active');
    // One line per stranger per ten minutes: their other four commands are only counted.
    expect(await auditLines()).toEqual([
      expect.objectContaining({
        userId: STRANGER.id,
        command: 'status',
        role: 'unknown',
        outcome: 'unknown-user',
      }),
      expect.objectContaining({ userId: OPERATOR.id, chatId: GROUP.id, outcome: 'done' }),
    ]);
    expect((await auditLines())[0]).not.toHaveProperty('suppressed');
    expect(logger.events('TelegramCommand')).toHaveLength(2);

    // Ten minutes on, the stranger's next command is audited with the count.
    wall += 10 * MINUTE;
    fake.pushMessage(STRANGER, GROUP, '/flatten');
    await ask(OPERATOR, '/status', GROUP);
    expect((await auditLines()).slice(2)).toMatchObject([
      { userId: STRANGER.id, chatId: GROUP.id, command: 'flatten', suppressed: 4 },
      { userId: OPERATOR.id, command: 'status', outcome: 'done' },
    ]);
    expect(logger.events('TelegramCommand')[2]?.fields).toMatchObject({ suppressed: 4 });
    expect(fake.sent.filter((m) => m.chat_id === STRANGER.id)).toEqual([]);
    expect(run.engine.trading.state).toBe('active');
  });

  it('never lets the token out: not in logs, replies, alerts or the audit file', async () => {
    nextBar(signals.buy(SBER.uid, 1));
    nextBar();
    await ask(VIEWER, '/status');
    await ask(VIEWER, '/halt');
    // Even when a user types it, as is or URL-encoded (`%3A` for the colon).
    await ask(OPERATOR, `/halt ${TOKEN} ${encodeURIComponent(TOKEN)}`);
    await ask(OPERATOR, '/orders');
    await ask(OPERATOR, '/pnl');
    const code = codeIn(await ask(OPERATOR, '/resume'));
    await ask(OPERATOR, `/confirm ${code}`);
    await ask(OPERATOR, '/moon');
    fake.pushMessage(STRANGER, { id: STRANGER.id, type: 'private' }, `/status ${TOKEN}`);
    await ask(OPERATOR, '/help');
    await fake.waitForMessage((m) => m.text.includes('risk.resumed'), 10_000);
    await run.alerts.close(); // flushes the audit log and stops polling

    const audit = await readFile(path.join(dataDir, 'telegram-audit.jsonl'), 'utf8');
    expect(audit.split('\n').filter(Boolean)).toHaveLength(10);
    expect(logger.records.length).toBeGreaterThan(10);
    expect(fake.sent.length).toBeGreaterThan(10);
    for (const [what, text] of [
      ['logs', logger.text()],
      ['messages', JSON.stringify(fake.sent)],
      ['audit', audit],
    ] as const) {
      expect(text, what).not.toContain(TOKEN);
      expect(text, what).not.toContain(encodeURIComponent(TOKEN));
      expect(text, what).not.toContain(TOKEN.split(':')[1]);
    }
    expect(audit).toContain('[REDACTED]');
  });
});
