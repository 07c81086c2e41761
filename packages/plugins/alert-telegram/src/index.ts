/**
 * `@moex-bot/alert-telegram`: the `telegram` alert plugin (the default export). It sends
 * every alert to the configured chats and lets allow-listed users read the session
 * (`/status`, `/positions`, `/orders`, `/pnl`) and operators steer it (`/halt`, `/reduce`,
 * `/resume`, `/flatten`, the last two with a one-time code), built on grammY.
 * @module
 */
import { defineAlert } from '@moex-bot/framework';
import { TelegramParamsSchema } from './params.js';
import { createTelegramChannel, type TelegramChannelOptions } from './TelegramChannel.js';

export { AuditLog } from './AuditLog.js';
export {
  type AuditEntry,
  type AuditOutcome,
  CommandDesk,
  type CommandDeskOptions,
  type DeskResult,
  type IncomingMessage,
} from './CommandDesk.js';
export {
  COMMAND_NAMES,
  COMMANDS,
  type CommandName,
  type CommandSpec,
  type ParsedCommand,
  parseCommand,
} from './commands.js';
export {
  type Role,
  type TelegramParams,
  TelegramParamsSchema,
  type TelegramUser,
  TelegramUserSchema,
} from './params.js';
export {
  AUDIT_FILE,
  createTelegramChannel,
  TelegramChannel,
  type TelegramChannelOptions,
} from './TelegramChannel.js';
export { TelegramControl, type TelegramControlOptions } from './TelegramControl.js';

/**
 * The `telegram` plugin definition with its wall clock replaced: for tests and embedders
 * that need confirmation codes to expire on their own time. The default export uses `Date.now`.
 * @example
 * let now = Date.now();
 * const telegram = defineTelegramAlert({ now: () => now });
 * now += 61_000; // every pending /confirm code has now expired
 */
export function defineTelegramAlert(options: TelegramChannelOptions = {}) {
  return defineAlert({
    id: 'telegram',
    description:
      'Telegram: alerts to chats, and /status, /positions, /halt, /resume … for allow-listed users',
    params: TelegramParamsSchema,
    create: (params, context) => createTelegramChannel(params, context, options),
  });
}

/**
 * Alerts to Telegram chats, and operator commands from allow-listed users.
 * @example
 * ```yaml
 * alerts:
 *   - plugin: telegram
 *     params:
 *       botToken: ${TELEGRAM_BOT_TOKEN}
 *       chatIds: [-1001234567890]
 *       users:
 *         - { id: 123456789, role: operator, name: Anna }
 * ```
 */
export const telegramPlugin = defineTelegramAlert();

export default telegramPlugin;
