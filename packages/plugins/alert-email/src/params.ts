/**
 * The parameters of the `email` alert channel, as an operator writes them under
 * `alerts[].params`: the SMTP server, the login, and who gets the mail.
 * @module
 */
import { secret, z } from '@moex-bot/framework';

/** The parameters of the `email` channel. */
export const EmailParamsSchema = z
  .strictObject({
    host: z.string().min(1).describe('SMTP server host name, e.g. smtp.yandex.ru'),
    port: z
      .number()
      .int()
      .min(1)
      .max(65_535)
      .default(587)
      .describe('SMTP port: 587 for submission with STARTTLS, 465 for implicit TLS'),
    secure: z
      .boolean()
      .optional()
      .describe(
        'TLS from the first byte (SMTPS); default true on port 465, else false: then STARTTLS is used when the server offers it, and required with `user` unless allowPlainLogin',
      ),
    user: z.string().min(1).optional().describe('SMTP login; without it no AUTH is attempted'),
    password: secret()
      .optional()
      .describe('SMTP password, written as ${VAR} or ${file:...}; required with `user`'),
    allowPlainLogin: z
      .boolean()
      .default(false)
      .describe(
        'Log in over a connection without TLS: for a local relay on loopback only. Otherwise, with `user` and not `secure`, the server must offer STARTTLS or nothing is sent',
      ),
    from: z
      .string()
      .min(1)
      .describe('Sender: an address or "Name <address>"; many servers require the login\'s own'),
    to: z
      .array(z.string().min(1))
      .min(1)
      .describe('Recipients: addresses or "Name <address>"; each alert is one mail to all'),
    subjectPrefix: z
      .string()
      .default('[moex-bot]')
      .describe('Put before every subject, so that mail filters can sort alerts; "" for none'),
    timeoutMs: z
      .number()
      .int()
      .positive()
      .default(30_000)
      .describe(
        'Gives up on connecting, on the greeting and on any silent stretch after this long, ms; the host then retries',
      ),
  })
  .refine((params) => (params.user === undefined) === (params.password === undefined), {
    message: '`user` and `password` go together: set both, or neither for a server without AUTH',
    path: ['password'],
  });

/** Parsed parameters of the `email` channel. */
export type EmailParams = z.output<typeof EmailParamsSchema>;
