/**
 * What the bot does with a command, apart from Telegram itself: who sent it, whether
 * their role allows it, the one-time codes of `/resume` and `/flatten`, the operator
 * desk call, the reply and the audit entry. Pure but for the desk, so every rule is
 * tested without a network.
 * @module
 */
import { randomInt } from 'node:crypto';
import type { CommandOutcome, OperatorAction, OperatorDesk } from '@moex-bot/framework';
import { COMMANDS, type CommandName, commandNamed, mayUse, parseCommand } from './commands.js';
import {
  formatHelp,
  formatOrders,
  formatPnl,
  formatPositions,
  formatStatus,
} from './formatReplies.js';
import type { Role, TelegramUser } from './params.js';
import { UnknownUserThrottle } from './UnknownUserThrottle.js';

/** How a command ended, as the audit log records it. */
export type AuditOutcome =
  | 'done'
  | 'refused'
  | 'unknown-user'
  | 'awaiting-confirmation'
  | 'confirmed'
  | 'expired'
  | 'invalid'
  | 'failed';

/** One line of the audit log. */
export interface AuditEntry {
  /** Wall time, ISO 8601 UTC. */
  readonly time: string;
  readonly userId: number;
  readonly username?: string;
  readonly chatId: number;
  /** Lower case, without the slash. */
  readonly command: string;
  readonly args: string;
  readonly role: Role | 'unknown';
  readonly outcome: AuditOutcome;
  readonly detail?: string;
  /**
   * Unknown users only: how many of this user's commands since their previous line were
   * not audited (one line per unknown user per ten minutes). Absent when none were.
   */
  readonly suppressed?: number;
}

/** A text message as the desk needs it. */
export interface IncomingMessage {
  readonly userId: number;
  readonly username?: string | undefined;
  readonly chatId: number;
  readonly text: string;
  /** The bot's own username: `/cmd@other_bot` is not for us. */
  readonly botUsername?: string | undefined;
}

/** What to answer (nothing for unknown users) and what to audit. */
export interface DeskResult {
  readonly reply: string | undefined;
  readonly audit: AuditEntry;
}

/** Options of {@link CommandDesk}. */
export interface CommandDeskOptions {
  readonly users: readonly TelegramUser[];
  /** How long a one-time code stays valid, in seconds of `now`. */
  readonly confirmSeconds: number;
  /**
   * Wall time, ms. Confirmation codes expire in a person's time, not the session's
   * (a replayed paper session's clock may run 60 times faster than its operator).
   */
  readonly now?: () => number;
  /** The session's time, for the stamp on `/status`. */
  readonly sessionTime: () => number;
  /** Makes a one-time code; four random digits by default. */
  readonly newCode?: () => string;
  /**
   * Applied to the arguments before anything else sees them (the token redactor): a
   * reason becomes the trading-state reason, which the engine logs and alerts quote.
   */
  readonly redact?: (text: string) => string;
}

/** An action waiting for its code. */
interface Pending {
  readonly action: OperatorAction;
  readonly command: CommandName;
  readonly code: string;
  readonly reason: string;
  readonly expiresAt: number;
}

/**
 * Answers commands for allow-listed users on an operator desk.
 * @example
 * const desk = new CommandDesk(operator, { users, confirmSeconds: 60, sessionTime: () => clock.now() });
 * desk.handle({ userId: 42, chatId: 42, text: '/halt news' });
 * // { reply: 'Done: trading active → halted (telegram:42: news)', audit: { outcome: 'done', ... } }
 */
export class CommandDesk {
  private readonly roles: ReadonlyMap<number, Role>;
  private readonly pending = new Map<number, Pending>();
  private readonly now: () => number;
  private readonly newCode: () => string;
  private readonly redact: (text: string) => string;
  private readonly strangers = new UnknownUserThrottle();

  constructor(
    private readonly operator: OperatorDesk,
    private readonly options: CommandDeskOptions,
  ) {
    this.roles = new Map(options.users.map((user) => [user.id, user.role]));
    this.now = options.now ?? Date.now;
    this.newCode = options.newCode ?? (() => String(randomInt(1000, 10_000)));
    this.redact = options.redact ?? ((text) => text);
  }

  /**
   * Handles one message. Undefined, with nothing to audit, when it is no command for this
   * bot, or when it is an unknown user's command that is only counted (see `suppressed`).
   */
  handle(message: IncomingMessage): DeskResult | undefined {
    const command = parseCommand(message.text, message.botUsername);
    if (command === undefined) return undefined;
    const parsed = { name: command.name, args: this.redact(command.args) };
    const role = this.roles.get(message.userId);
    const entry = (outcome: AuditOutcome, detail?: string): AuditEntry => ({
      time: new Date(this.now()).toISOString(),
      userId: message.userId,
      ...(message.username === undefined ? {} : { username: message.username }),
      chatId: message.chatId,
      command: parsed.name,
      args: parsed.args,
      role: role ?? 'unknown',
      outcome,
      ...(detail === undefined ? {} : { detail }),
    });
    // Strangers learn nothing, not even that the bot listens: no reply at all. Only their
    // first command in ten minutes is audited, so that they cannot fill the disk.
    if (role === undefined) {
      const suppressed = this.strangers.admit(message.userId, this.now());
      if (suppressed === undefined) return undefined;
      const audit = entry('unknown-user');
      return { reply: undefined, audit: suppressed === 0 ? audit : { ...audit, suppressed } };
    }

    const known = commandNamed(parsed.name);
    if (known === undefined) {
      return {
        reply: `Unknown command /${parsed.name}. Send /help for the list.`,
        audit: entry('invalid', 'unknown command'),
      };
    }
    if (!mayUse(role, known)) {
      return {
        reply: `/${known} needs the operator role.`,
        audit: entry('refused', 'needs the operator role'),
      };
    }
    try {
      return this.run(known, parsed.args, message.userId, role, entry);
    } catch (error) {
      const why = this.redact(error instanceof Error ? error.message : String(error));
      return { reply: `/${known} failed: ${why}`, audit: entry('failed', why) };
    }
  }

  private run(
    command: CommandName,
    args: string,
    userId: number,
    role: Role,
    entry: (outcome: AuditOutcome, detail?: string) => AuditEntry,
  ): DeskResult {
    const done = (reply: string, detail?: string) => ({ reply, audit: entry('done', detail) });
    switch (command) {
      case 'status':
        return done(formatStatus(this.operator.status(), this.options.sessionTime()));
      case 'positions':
        return done(formatPositions(this.operator.positions()));
      case 'orders':
        return done(formatOrders(this.operator.openOrders()));
      case 'pnl':
        return done(formatPnl(this.operator.pnl()));
      case 'help':
      case 'start':
        return done(formatHelp(role));
      case 'confirm':
        return this.confirm(args, userId, entry);
      case 'halt':
      case 'reduce':
      case 'resume':
      case 'flatten': {
        const spec = COMMANDS[command];
        const action = spec.action!;
        const reason = `telegram:${userId}: ${args === '' ? `/${command}` : args}`;
        if (spec.confirm !== true) {
          const outcome = this.operator.act(action, reason);
          return done(describeOutcome(outcome), outcome.message);
        }
        // A new request replaces the user's earlier one: one code in play per person.
        const code = this.newCode();
        const seconds = this.options.confirmSeconds;
        this.pending.set(userId, {
          action,
          command,
          code,
          reason,
          expiresAt: this.now() + seconds * 1000,
        });
        return {
          reply: `Send /confirm ${code} within ${seconds} s to ${WHAT[action]}.`,
          audit: entry('awaiting-confirmation', `code valid ${seconds} s`),
        };
      }
    }
  }

  /** Carries out the user's pending action when the code matches and is still valid. */
  private confirm(
    args: string,
    userId: number,
    entry: (outcome: AuditOutcome, detail?: string) => AuditEntry,
  ): DeskResult {
    const pending = this.pending.get(userId);
    if (pending === undefined) {
      return {
        reply: 'Nothing to confirm: send /resume or /flatten first.',
        audit: entry('invalid', 'nothing pending'),
      };
    }
    // One try per code: a wrong guess spends it, so codes cannot be guessed in a loop.
    this.pending.delete(userId);
    if (this.now() > pending.expiresAt) {
      return {
        reply: `Code ${pending.code} has expired; nothing done. Send /${pending.command} again.`,
        audit: entry('expired', `/${pending.command}`),
      };
    }
    if (args !== pending.code) {
      return {
        reply: `Wrong code; nothing done. Send /${pending.command} again for a new code.`,
        audit: entry('invalid', `wrong code for /${pending.command}`),
      };
    }
    const outcome = this.operator.act(pending.action, pending.reason);
    return {
      reply: describeOutcome(outcome),
      audit: entry('confirmed', `/${pending.command}: ${outcome.message}`),
    };
  }
}

/** What a confirmed action will do, for the request's reply. */
const WHAT: Record<OperatorAction, string> = {
  halt: 'halt trading',
  reduce: 'reduce trading',
  resume: 'resume trading',
  flatten: 'cancel all orders and close all positions at market',
};

/** The reply to an action: what happened and the state it left. */
function describeOutcome(outcome: CommandOutcome): string {
  const head = outcome.changed ? 'Done' : 'Nothing to do';
  return `${head}: ${outcome.message}\nTrading is now ${outcome.status.trading}.`;
}
