/**
 * The parameters of the `telegram` alert plugin, as an operator writes them under
 * `alerts[].params`. Only the bot token and the alert chats have no default.
 * @module
 */
import { secret, z } from '@moex-bot/framework';

/** Who may talk to the bot, and what they may do. */
export const TelegramUserSchema = z.strictObject({
  // Coerced: `id: ${ANNA_TELEGRAM_ID}` arrives as a string (plugin params stay as written).
  id: z.coerce
    .number()
    .int()
    .positive()
    .describe(
      'Telegram user id, a number (the audit log shows it after the user writes to the bot)',
    ),
  role: z
    .enum(['viewer', 'operator'])
    .describe('viewer: read-only commands; operator: also /halt, /reduce, /resume, /flatten'),
  name: z.string().min(1).optional().describe('Who this is, for people reading the config'),
});

export type TelegramUser = z.output<typeof TelegramUserSchema>;
export type Role = TelegramUser['role'];

/** The parameters of the `telegram` alert channel. */
export const TelegramParamsSchema = z.strictObject({
  botToken: secret(
    'Bot API token from @BotFather, written as ${TELEGRAM_BOT_TOKEN}; never logged or echoed',
  ),
  chatIds: z
    .array(z.union([z.number().int(), z.string().min(1)]))
    .min(1)
    .describe(
      'Chats that receive alerts: numeric ids (groups and channels are negative) or @channelname',
    ),
  apiRoot: z
    .url({ protocol: /^https?$/ })
    .default('https://api.telegram.org')
    .describe('Bot API server; change it only for a local Bot API server or a test double'),
  users: z
    .array(TelegramUserSchema)
    .default([])
    .superRefine((users, check) => {
      const seen = new Set<number>();
      users.forEach((user, index) => {
        if (seen.has(user.id)) {
          check.addIssue({
            code: 'custom',
            path: [index, 'id'],
            message: `user ${user.id} is listed twice; give each user one entry and one role`,
          });
        }
        seen.add(user.id);
      });
    })
    .describe(
      'Users allowed to send commands, by Telegram user id; anyone else gets no answer at all',
    ),
  control: z
    .boolean()
    .default(true)
    .describe(
      'Answer commands (long polling) in paper, sandbox and real runs; needs at least one user',
    ),
  confirmSeconds: z
    .number()
    .int()
    .min(10)
    .max(600)
    .default(60)
    .describe('How long the one-time code of /resume and /flatten stays valid, wall-clock seconds'),
  auditLog: z
    .string()
    .min(1)
    .optional()
    .describe(
      'JSON-lines file of every command received; default telegram-audit.jsonl in the data folder, relative paths resolve against it',
    ),
  pollingTimeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(50)
    .default(30)
    .describe('How long one getUpdates long-poll request waits for a message, seconds'),
});

/** Parsed parameters of the `telegram` alert channel. */
export type TelegramParams = z.output<typeof TelegramParamsSchema>;
