import type {
  CommandOutcome,
  OperatorAction,
  OperatorDesk,
  RunStatus,
  TradingStateName,
} from '@moex-bot/framework';
import { beforeEach, describe, expect, it } from 'vitest';
import { CommandDesk, type IncomingMessage } from './CommandDesk.js';
import type { TelegramUser } from './params.js';

const OPERATOR = 42;
const OTHER_OPERATOR = 43;
const VIEWER = 7;
const STRANGER = 666;
const USERS: TelegramUser[] = [
  { id: OPERATOR, role: 'operator', name: 'Anna' },
  { id: OTHER_OPERATOR, role: 'operator' },
  { id: VIEWER, role: 'viewer' },
];
const T0 = Date.UTC(2026, 8, 1, 7, 30);

/** An operator desk that remembers the actions it was given. */
class FakeDesk implements OperatorDesk {
  readonly acts: { action: OperatorAction; reason: string }[] = [];
  trading: TradingStateName = 'active';
  reason = 'START';
  fail = false;

  status(): RunStatus {
    return {
      trading: this.trading,
      reason: this.reason,
      equity: 1_000_250.5,
      cash: 997_000,
      openOrders: 1,
      positions: [{ instrument: 'SBER', lots: 1 }],
      strategies: [{ name: 'flag', status: 'running' }],
    };
  }
  positions() {
    return [
      {
        instrument: 'SBER',
        ticker: 'SBER',
        lots: 1,
        averagePrice: 300,
        lastPrice: 300.25,
        marketValue: 3002.5,
        unrealizedPnl: 2.5,
      },
    ];
  }
  openOrders() {
    return [];
  }
  pnl() {
    return {
      equity: 1_000_250.5,
      initialCash: 1_000_000,
      total: 250.5,
      today: 250.5,
      realized: 248,
      unrealized: 2.5,
      commission: 1.5,
    };
  }
  act(action: OperatorAction, reason: string): CommandOutcome {
    if (this.fail) throw new Error('engine is gone');
    this.acts.push({ action, reason });
    const to: TradingStateName =
      action === 'halt' ? 'halted' : action === 'reduce' ? 'reducing' : 'active';
    const from = this.trading;
    if (action !== 'flatten') this.trading = to;
    return {
      command: action,
      changed: true,
      message: `trading ${from} → ${to} (${reason})`,
      status: this.status(),
    };
  }
}

let desk: FakeDesk;
let now: number;
let commands: CommandDesk;
let codes: string[];

beforeEach(() => {
  desk = new FakeDesk();
  now = T0;
  codes = ['4821', '1234', '5555'];
  commands = new CommandDesk(desk, {
    users: USERS,
    confirmSeconds: 60,
    now: () => now,
    sessionTime: () => T0,
    newCode: () => codes.shift()!,
  });
});

function send(userId: number, text: string, chatId = userId) {
  const message: IncomingMessage = { userId, username: `u${userId}`, chatId, text };
  return commands.handle(message);
}

describe('CommandDesk: who may do what', () => {
  it('gives unknown users no reply and no data, changes nothing, and audits them', () => {
    for (const text of ['/status', '/positions', '/halt now', '/help', '/confirm 4821']) {
      now += 11 * 60_000; // past the audit limit of one command per ten minutes
      const result = send(STRANGER, text);
      expect(result?.reply, text).toBeUndefined();
      expect(result?.audit).toMatchObject({ role: 'unknown', outcome: 'unknown-user' });
    }
    expect(desk.acts).toEqual([]);
  });

  it('audits one command per unknown user per ten minutes and counts the rest', () => {
    expect(send(STRANGER, '/status')?.audit).not.toHaveProperty('suppressed');
    now += 1_000;
    // Only counted: no reply, no audit, nothing done.
    for (const text of ['/halt', '/positions', '/confirm 1234']) {
      expect(send(STRANGER, text), text).toBeUndefined();
    }
    // Another stranger has a window of their own; listed users are never limited.
    expect(send(STRANGER + 1, '/status')?.audit.outcome).toBe('unknown-user');
    for (let i = 0; i < 20; i++) expect(send(VIEWER, '/status')?.audit.outcome).toBe('done');

    now = T0 + 10 * 60_000 - 1;
    expect(send(STRANGER, '/help')).toBeUndefined();
    now = T0 + 10 * 60_000;
    expect(send(STRANGER, '/flatten')?.audit).toMatchObject({
      command: 'flatten',
      outcome: 'unknown-user',
      suppressed: 4,
    });
    // The count starts again from the line that reported it.
    now += 10 * 60_000;
    expect(send(STRANGER, '/status')?.audit).not.toHaveProperty('suppressed');
    expect(desk.acts).toEqual([]);
  });

  it('refuses a stranger in a group chat even when an operator is in it', () => {
    const group = -100_500;
    expect(send(OPERATOR, '/status', group)?.reply).toContain('Trading: ACTIVE');
    const result = send(STRANGER, '/halt', group);
    expect(result?.reply).toBeUndefined();
    expect(result?.audit).toMatchObject({ chatId: group, outcome: 'unknown-user' });
    expect(desk.acts).toEqual([]);
  });

  it('answers a viewer’s read commands with data', () => {
    expect(send(VIEWER, '/status')?.reply).toContain('Equity: 1,000,250.50 RUB');
    expect(send(VIEWER, '/positions')?.reply).toContain('SBER +1 lots @ 300.00');
    expect(send(VIEWER, '/pnl')?.reply).toContain('Total: +250.50 RUB');
    expect(send(VIEWER, '/orders')?.reply).toBe('No open orders.');
    expect(send(VIEWER, '/help')?.reply).not.toContain('/halt');
  });

  it('refuses a viewer’s actions, naming the role needed', () => {
    for (const command of ['halt', 'reduce', 'resume', 'flatten', 'confirm']) {
      const result = send(VIEWER, `/${command} x`);
      expect(result?.reply).toBe(`/${command} needs the operator role.`);
      expect(result?.audit).toMatchObject({ role: 'viewer', outcome: 'refused' });
    }
    expect(desk.acts).toEqual([]);
  });

  it('carries out an operator’s /halt and /reduce at once, with the reason recorded', () => {
    const halt = send(OPERATOR, '/halt news at 10:00');
    expect(desk.acts).toEqual([{ action: 'halt', reason: 'telegram:42: news at 10:00' }]);
    expect(halt?.reply).toBe(
      'Done: trading active → halted (telegram:42: news at 10:00)\nTrading is now halted.',
    );
    expect(halt?.audit).toMatchObject({ outcome: 'done', role: 'operator' });
    send(OPERATOR, '/reduce');
    expect(desk.acts[1]).toEqual({ action: 'reduce', reason: 'telegram:42: /reduce' });
  });

  it('says so for a command it does not know', () => {
    expect(send(VIEWER, '/moon')).toMatchObject({
      reply: 'Unknown command /moon. Send /help for the list.',
      audit: { outcome: 'invalid', command: 'moon' },
    });
  });

  it('ignores text that is no command and commands for another bot', () => {
    expect(send(OPERATOR, 'halt please')).toBeUndefined();
    expect(
      commands.handle({ userId: OPERATOR, chatId: 1, text: '/halt@x_bot', botUsername: 'ops_bot' }),
    ).toBeUndefined();
  });

  it('reports a failing desk as failed', () => {
    desk.fail = true;
    expect(send(OPERATOR, '/halt')).toMatchObject({
      reply: '/halt failed: engine is gone',
      audit: { outcome: 'failed', detail: 'engine is gone' },
    });
  });
});

describe('CommandDesk: confirmation', () => {
  it('asks /resume for a code and carries it out only on /confirm with it', () => {
    desk.trading = 'halted';
    const asked = send(OPERATOR, '/resume all clear');
    expect(asked?.reply).toBe('Send /confirm 4821 within 60 s to resume trading.');
    expect(asked?.audit).toMatchObject({ outcome: 'awaiting-confirmation' });
    expect(desk.acts).toEqual([]);
    now += 59_000;
    const confirmed = send(OPERATOR, '/confirm 4821');
    expect(desk.acts).toEqual([{ action: 'resume', reason: 'telegram:42: all clear' }]);
    expect(confirmed?.reply).toContain('Trading is now active.');
    expect(confirmed?.audit).toMatchObject({ outcome: 'confirmed', command: 'confirm' });
  });

  it('lets an expired code do nothing and says so', () => {
    send(OPERATOR, '/flatten');
    now += 60_001;
    expect(send(OPERATOR, '/confirm 4821')).toMatchObject({
      reply: 'Code 4821 has expired; nothing done. Send /flatten again.',
      audit: { outcome: 'expired' },
    });
    expect(desk.acts).toEqual([]);
  });

  it('spends a code on a wrong guess', () => {
    send(OPERATOR, '/resume');
    expect(send(OPERATOR, '/confirm 0000')).toMatchObject({
      reply: 'Wrong code; nothing done. Send /resume again for a new code.',
      audit: { outcome: 'invalid' },
    });
    expect(send(OPERATOR, '/confirm 4821')?.audit.outcome).toBe('invalid');
    expect(desk.acts).toEqual([]);
  });

  it('takes the code only from the user who asked for it', () => {
    send(OPERATOR, '/flatten');
    expect(send(OTHER_OPERATOR, '/confirm 4821')).toMatchObject({
      reply: 'Nothing to confirm: send /resume or /flatten first.',
      audit: { outcome: 'invalid' },
    });
    expect(desk.acts).toEqual([]);
    send(OPERATOR, '/confirm 4821');
    expect(desk.acts).toEqual([{ action: 'flatten', reason: 'telegram:42: /flatten' }]);
  });

  it('keeps only the newest request of a user', () => {
    send(OPERATOR, '/flatten');
    send(OPERATOR, '/resume');
    expect(send(OPERATOR, '/confirm 4821')?.audit.outcome).toBe('invalid');
    send(OPERATOR, '/resume');
    send(OPERATOR, '/confirm 5555');
    expect(desk.acts).toEqual([{ action: 'resume', reason: 'telegram:42: /resume' }]);
  });

  it('makes four-digit codes by default', () => {
    const plain = new CommandDesk(desk, { users: USERS, confirmSeconds: 60, sessionTime: () => 0 });
    const reply = plain.handle({ userId: OPERATOR, chatId: OPERATOR, text: '/resume' })?.reply;
    expect(reply).toMatch(/^Send \/confirm \d{4} within 60 s to resume trading\.$/);
  });
});

describe('CommandDesk: arguments', () => {
  it('redacts arguments before the desk, the reply or the audit sees them', () => {
    const redacting = new CommandDesk(desk, {
      users: USERS,
      confirmSeconds: 60,
      sessionTime: () => T0,
      redact: (text) => text.replaceAll('s3cret', '[REDACTED]'),
    });
    const result = redacting.handle({ userId: OPERATOR, chatId: 1, text: '/halt token s3cret' });
    expect(desk.acts).toEqual([{ action: 'halt', reason: 'telegram:42: token [REDACTED]' }]);
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });
});

describe('CommandDesk: audit entries', () => {
  it('records time, who, where, what and how it ended', () => {
    expect(send(VIEWER, '/halt  because ', -100_1)?.audit).toEqual({
      time: '2026-09-01T07:30:00.000Z',
      userId: VIEWER,
      username: 'u7',
      chatId: -100_1,
      command: 'halt',
      args: 'because',
      role: 'viewer',
      outcome: 'refused',
      detail: 'needs the operator role',
    });
    const bare = commands.handle({ userId: STRANGER, chatId: STRANGER, text: '/status' });
    expect(bare?.audit).toEqual({
      time: '2026-09-01T07:30:00.000Z',
      userId: STRANGER,
      chatId: STRANGER,
      command: 'status',
      args: '',
      role: 'unknown',
      outcome: 'unknown-user',
    });
  });
});
