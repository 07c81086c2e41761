/**
 * Operator control over Telegram: long polling with grammY, every text message read by
 * the {@link CommandDesk}, each command audited before its reply goes out. Runs in the
 * background; the session never waits for Telegram.
 * @module
 */
import { type Logger, withDeadline } from '@moex-bot/framework';
import { type Bot, GrammyError } from 'grammy';
import type { AuditLog } from './AuditLog.js';
import type { CommandDesk } from './CommandDesk.js';
import { splitMessage } from './formatReplies.js';
import { describeTelegramError } from './telegramErrors.js';

/** Options of {@link TelegramControl}. */
export interface TelegramControlOptions {
  readonly logger: Logger;
  /** Seconds one getUpdates request waits for messages. */
  readonly pollingTimeoutSeconds: number;
  /** Removes the token from any text before it is logged or sent. */
  readonly redact: (text: string) => string;
  /** How many users may send commands (for the start-up log line). */
  readonly users: number;
}

/** Longest pause between getMe attempts while Telegram cannot be reached. */
const MAX_RETRY_MS = 60_000;
/** How long `stop` waits for Telegram to confirm the last update and for handlers to end. */
const STOP_WAIT_MS = 5_000;

/**
 * Answers commands sent to the bot from `start` until `stop`.
 * @example
 * const control = new TelegramControl(bot, desk, audit, { logger, pollingTimeoutSeconds: 30, redact, users: 2 });
 * control.start(); // once the session is running
 * // ...
 * await control.stop();
 */
export class TelegramControl {
  private readonly abort = new AbortController();
  private started = false;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly bot: Bot,
    private readonly desk: CommandDesk,
    private readonly audit: AuditLog,
    private readonly options: TelegramControlOptions,
  ) {
    bot.on('message:text', async (ctx) => {
      const { message } = ctx;
      await this.answer(
        {
          userId: message.from.id,
          username: message.from.username,
          chatId: message.chat.id,
          text: message.text,
          botUsername: ctx.me.username,
        },
        (text) => ctx.reply(text),
      );
    });
    bot.catch((error) => {
      const why = describeTelegramError(error.error, options.redact);
      options.logger.warn(
        { event: 'TelegramReplyFailed', err: why },
        `telegram: could not answer a message: ${why}`,
      );
    });
  }

  /** Starts polling in the background; returns at once. Once only, and never after `stop`. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.running = this.run();
  }

  /**
   * Stops polling, lets a command being answered finish, and flushes the audit log. Works
   * whether or not `start` was called.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    if (this.bot.isRunning()) {
      // bot.stop confirms the last update to Telegram, so it is not delivered again.
      await withDeadline(
        this.bot.stop().catch((error: unknown) => this.warn('stop', error)),
        STOP_WAIT_MS,
      );
    }
    // The polling loop reports its own failures; stopping only waits for it, a while.
    await withDeadline(
      this.running.catch(() => undefined),
      STOP_WAIT_MS,
    );
    await this.audit.flush();
  }

  private async answer(
    message: Parameters<CommandDesk['handle']>[0],
    reply: (text: string) => Promise<unknown>,
  ): Promise<void> {
    const result = this.desk.handle(message);
    if (result === undefined) return;
    const { audit } = result;
    // On disk before the reply, so that what a user saw answered is in the audit log. When
    // the write fails it is logged (TelegramAuditFailed) and the command still stands.
    await this.audit.append(audit);
    const { redact, logger } = this.options;
    logger.info(
      {
        event: 'TelegramCommand',
        userId: audit.userId,
        username: audit.username,
        chatId: audit.chatId,
        command: audit.command,
        args: redact(audit.args),
        role: audit.role,
        outcome: audit.outcome,
        detail: audit.detail === undefined ? undefined : redact(audit.detail),
        suppressed: audit.suppressed,
      },
      `telegram: /${audit.command} from ${audit.userId} (${audit.role}): ${audit.outcome}`,
    );
    if (result.reply === undefined) return;
    for (const part of splitMessage(redact(result.reply))) await reply(part);
  }

  private async run(): Promise<void> {
    const me = await this.identify();
    if (me === undefined || this.stopped) return;
    this.bot.botInfo = me;
    const { logger, pollingTimeoutSeconds, users } = this.options;
    try {
      await this.bot.start({
        // Commands sent while the session was down are stale (a /halt from an hour ago,
        // a code long expired): they are dropped, not carried out on start-up.
        drop_pending_updates: true,
        allowed_updates: ['message'],
        timeout: pollingTimeoutSeconds,
        onStart: () =>
          logger.info(
            { event: 'TelegramControlStarted', bot: me.username, users },
            `telegram: answering commands as @${me.username} for ${users} users`,
          ),
      });
    } catch (error) {
      if (this.stopped) return;
      const conflict = error instanceof GrammyError && error.error_code === 409;
      const why = describeTelegramError(error, this.options.redact);
      logger.error(
        { event: 'TelegramControlStopped', err: why },
        conflict
          ? `telegram: another process is polling with this bot token; operator control is off (${why})`
          : `telegram: polling stopped; operator control is off (${why})`,
      );
    }
  }

  /** getMe until it answers: undefined when stopped or when Telegram refuses the token. */
  private async identify() {
    for (let delay = 1_000; !this.stopped; delay = Math.min(MAX_RETRY_MS, delay * 2)) {
      try {
        return await this.bot.api.getMe(this.signal());
      } catch (error) {
        if (this.stopped) return undefined;
        if (error instanceof GrammyError && error.error_code === 401) {
          this.options.logger.error(
            {
              event: 'TelegramTokenRefused',
              err: describeTelegramError(error, this.options.redact),
            },
            'telegram: the Bot API refused the bot token (401 Unauthorized); check TELEGRAM_BOT_TOKEN. Operator control is off',
          );
          return undefined;
        }
        this.warn('getMe', error, delay);
        await sleep(delay, this.abort.signal);
      }
    }
    return undefined;
  }

  /**
   * The stop signal as grammY types it: grammY declares the `abort-controller` polyfill's
   * signal and uses only `aborted` and the listener methods, which Node's own signal has.
   */
  private signal(): Parameters<Bot['api']['getMe']>[0] {
    return this.abort.signal as unknown as Parameters<Bot['api']['getMe']>[0];
  }

  private warn(what: string, error: unknown, retryMs?: number): void {
    const why = describeTelegramError(error, this.options.redact);
    const next = retryMs === undefined ? '' : `; trying again in ${retryMs / 1000} s`;
    this.options.logger.warn(
      { event: 'TelegramUnavailable', call: what, err: why },
      `telegram: ${what} failed: ${why}${next}`,
    );
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
