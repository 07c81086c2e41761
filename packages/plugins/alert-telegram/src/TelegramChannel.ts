/**
 * The `telegram` alert channel: alerts to every configured chat with `sendMessage`, and,
 * in live runs with users listed, operator control through {@link TelegramControl}.
 * @module
 */
import path from 'node:path';
import {
  type Alert,
  type AlertChannel,
  type AlertContext,
  AlertDeliveryError,
  clipText,
  formatAlert,
  redactorFor,
} from '@moex-bot/framework';
import { Bot } from 'grammy';
import { AuditLog } from './AuditLog.js';
import { CommandDesk } from './CommandDesk.js';
import { MESSAGE_LIMIT } from './formatReplies.js';
import type { TelegramParams } from './params.js';
import { TelegramControl } from './TelegramControl.js';
import { toDeliveryError } from './telegramErrors.js';

/** The default audit file name, in the data folder. */
export const AUDIT_FILE = 'telegram-audit.jsonl';

/** What embedders and tests may set besides the parameters. */
export interface TelegramChannelOptions {
  /**
   * Wall time for confirmation codes and audit stamps; `Date.now` by default. The session's
   * clock is not used: a code is valid for a person's minute, whatever the replay speed.
   */
  readonly now?: () => number;
}

/**
 * Sends alerts to Telegram chats and, when asked to, answers operator commands.
 * @example
 * const channel = createTelegramChannel(params, context); // alerts only, until started
 * await channel.send({ severity: 'critical', type: 'risk.halted', message: 'Trading halted', time });
 * channel.start(); // the session is running: answer commands (polling in the background)
 * await channel.close();
 */
export class TelegramChannel implements AlertChannel {
  /** Chats each alert reached (or can never reach), so a retry skips them. */
  private readonly done = new WeakMap<Alert, Set<string>>();

  constructor(
    private readonly bot: Bot,
    private readonly chatIds: readonly (number | string)[],
    /** Removes the bot token from any text that leaves the channel. */
    private readonly redact: (text: string) => string,
    /** Operator control, started by {@link start}; none when the channel only sends alerts. */
    private readonly control?: TelegramControl,
  ) {}

  /**
   * Starts answering commands (long polling in the background); returns at once. The host
   * calls it once the session is running, so that no command reaches a half-started one.
   */
  start(): void {
    this.control?.start();
  }

  /**
   * Delivers one alert to every chat that has not had it yet. Rejects with an
   * `AlertDeliveryError` naming the chats that failed; it does not retry itself.
   */
  async send(alert: Alert): Promise<void> {
    const { subject, text } = formatAlert(alert);
    // Redacted before it is cut, so that no part of the token survives at the cut.
    const body = clipText(this.redact(`${subject}\n${text}`), MESSAGE_LIMIT, CUT_MARK);
    const done = this.done.get(alert) ?? new Set<string>();
    this.done.set(alert, done);
    const failures: AlertDeliveryError[] = [];
    await Promise.all(
      this.chatIds
        .filter((chat) => !done.has(String(chat)))
        .map(async (chat) => {
          try {
            await this.bot.api.sendMessage(chat, body);
            done.add(String(chat));
          } catch (error) {
            const failure = toDeliveryError(error, `chat ${chat}`, this.redact);
            // A chat that refused for good is not tried again for this alert.
            if (!failure.retryable) done.add(String(chat));
            failures.push(failure);
          }
        }),
    );
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw combine(failures);
  }

  /** Stops polling (if it was started) and flushes the audit log. */
  async close(): Promise<void> {
    await this.control?.stop();
  }
}

/** One error for several chats: retryable if any of them may be, waiting the longest pause. */
function combine(failures: readonly AlertDeliveryError[]): AlertDeliveryError {
  const pauses = failures.flatMap((f) => (f.retryAfterMs === undefined ? [] : [f.retryAfterMs]));
  return new AlertDeliveryError(failures.map((f) => f.message).join('; '), {
    retryable: failures.some((f) => f.retryable),
    retryAfterMs: pauses.length === 0 ? undefined : Math.max(...pauses),
  });
}

/** Ends an alert cut at Telegram's limit. */
const CUT_MARK = '\n… (cut)';

/** Seconds a Bot API request may take beyond the long-poll wait before it is abandoned. */
const REQUEST_SLACK_SECONDS = 15;

/**
 * Creates the channel; returns at once and talks to no one. Operator control is set up
 * when `control` is on, users are listed and the run is not a backtest, and starts with
 * the channel's `start`.
 */
export function createTelegramChannel(
  params: TelegramParams,
  context: AlertContext,
  options: TelegramChannelOptions = {},
): TelegramChannel {
  const bot = new Bot(params.botToken, {
    client: {
      // grammY refuses a root with a trailing slash.
      apiRoot: params.apiRoot.replace(/\/+$/, ''),
      timeoutSeconds: params.pollingTimeoutSeconds + REQUEST_SLACK_SECONDS,
    },
  });
  // The token as is, JSON-escaped and URL-encoded (`%3A`): the forms an error may quote.
  const redact = redactorFor([params.botToken]);
  const why = controlOff(params, context);
  if (why !== undefined) {
    context.logger.info({ event: 'TelegramControlOff', why }, `telegram: no commands (${why})`);
    return new TelegramChannel(bot, params.chatIds, redact);
  }
  const now = options.now ?? Date.now;
  const file = auditFile(params, context);
  // A failed write is reported and the command still runs: a /halt must not depend on the disk.
  const audit = new AuditLog(
    file,
    (error) =>
      context.logger.error(
        { event: 'TelegramAuditFailed', file, err: redact(String(error)) },
        `telegram: could not write the audit log ${file}; the command was carried out unaudited: ${redact(String(error))}`,
      ),
    redact,
  );
  const desk = new CommandDesk(context.operator, {
    users: params.users,
    confirmSeconds: params.confirmSeconds,
    now,
    sessionTime: () => context.clock.now(),
    redact,
  });
  const control = new TelegramControl(bot, desk, audit, {
    logger: context.logger,
    pollingTimeoutSeconds: params.pollingTimeoutSeconds,
    redact,
    users: params.users.length,
  });
  return new TelegramChannel(bot, params.chatIds, redact, control);
}

/** Why the channel only sends alerts, or undefined when it answers commands. */
function controlOff(params: TelegramParams, context: AlertContext): string | undefined {
  if (!params.control) return 'control is off';
  if (params.users.length === 0) return 'no users are listed';
  if (context.mode === 'backtest') return 'backtests take no commands';
  return undefined;
}

/** The audit file: `auditLog` resolved against the data folder, else the default there. */
function auditFile(params: TelegramParams, context: AlertContext): string {
  const { dataDir } = context;
  if (params.auditLog !== undefined && path.isAbsolute(params.auditLog)) return params.auditLog;
  if (dataDir === undefined) {
    throw new Error(
      'telegram: operator control needs an audit log: set params.auditLog to an absolute path, or run with a data folder',
    );
  }
  return path.resolve(dataDir, params.auditLog ?? AUDIT_FILE);
}
