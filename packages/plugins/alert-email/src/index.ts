/**
 * `email`: an alert channel that mails every alert over SMTP (nodemailer).
 * @module
 */
import { AlertDeliveryError, defineAlert } from '@moex-bot/framework';
import { createTransport } from 'nodemailer';
import { emailMessage } from './emailMessage.js';
import { EmailParamsSchema } from './params.js';
import { smtpDeliveryError } from './smtpDeliveryError.js';

export { type EmailMessage, emailMessage, HEADLINE_LIMIT } from './emailMessage.js';
export { type EmailParams, EmailParamsSchema } from './params.js';
export { smtpDeliveryError } from './smtpDeliveryError.js';

/**
 * Mails each alert to `to`: the subject is the prefix, the alert's subject and the first
 * line of its message (`[moex-bot] [CRITICAL] risk.halted: Trading halted`), the body is
 * the message with its context lines and the Moscow time; critical alerts are marked
 * high-priority. Each alert opens one SMTP session. With a `user` and no implicit TLS,
 * the server must accept STARTTLS before the login, unless `allowPlainLogin` is set for a
 * relay on loopback. A failure rejects with an
 * `AlertDeliveryError` naming the server (never the password): SMTP 4xx replies,
 * refused or dropped connections and timeouts are retryable, 5xx replies (a refused
 * login, a rejected recipient) are not. The host retries; this channel tries once.
 * @example
 * ```yaml
 * alerts:
 *   - plugin: email
 *     params:
 *       host: smtp.yandex.ru
 *       port: 465
 *       user: alerts@example.ru
 *       password: ${SMTP_PASSWORD}
 *       from: moex-bot <alerts@example.ru>
 *       to: [trader@example.ru]
 * ```
 */
export default defineAlert({
  id: 'email',
  description: 'Sends alerts by e-mail over SMTP',
  params: EmailParamsSchema,
  create: (params, context) => {
    const what = `email ${params.host}:${params.port}`;
    const secrets = params.password === undefined ? [] : [params.password];
    const secure = params.secure ?? params.port === 465;
    // Without it STARTTLS is only opportunistic: a server (or anyone on the path) that does
    // not offer it would get the password in clear.
    const requireTLS = params.user !== undefined && !secure && !params.allowPlainLogin;
    const transport = createTransport({
      host: params.host,
      port: params.port,
      secure,
      requireTLS,
      ...(params.user === undefined ? {} : { auth: { user: params.user, pass: params.password } }),
      connectionTimeout: params.timeoutMs,
      greetingTimeout: params.timeoutMs,
      socketTimeout: params.timeoutMs,
    });
    return {
      send: async (alert) => {
        const { subject, text } = emailMessage(alert, params.subjectPrefix);
        let rejected: readonly unknown[];
        try {
          const info = await transport.sendMail({
            from: params.from,
            to: params.to,
            subject,
            text,
            ...(alert.severity === 'critical' ? { priority: 'high' } : {}),
          });
          rejected = info.rejected;
        } catch (error) {
          const failure = smtpDeliveryError(error, what, secrets);
          throw requireTLS && startTlsFailed(error) ? withTlsAdvice(failure) : failure;
        }
        // Some recipients got the mail: a retry would send it to them again, so the rest
        // are only reported.
        if (rejected.length > 0) {
          context.logger.warn(
            { event: 'AlertRecipientsRejected', plugin: `alert:${context.name}`, rejected },
            `${what}: ${rejected.length} of ${params.to.length} recipients rejected the alert`,
          );
        }
      },
      close: async () => {
        transport.close();
      },
    };
  },
});

/**
 * True when the server answered STARTTLS with a refusal (it does not offer it, or not
 * now); a failed TLS handshake after an accepted STARTTLS has no reply code.
 */
function startTlsFailed(error: unknown): boolean {
  const { code, command, responseCode } = (
    typeof error === 'object' && error !== null ? error : {}
  ) as { code?: unknown; command?: unknown; responseCode?: unknown };
  return code === 'ETLS' && command === 'STARTTLS' && typeof responseCode === 'number';
}

/**
 * The failure with what to do about it. Retryable or not as the server's reply says: a
 * server without STARTTLS refuses with 5xx (permanent: its configuration will not change
 * between retries), a temporary `454` may pass later.
 */
function withTlsAdvice(failure: AlertDeliveryError): AlertDeliveryError {
  return new AlertDeliveryError(
    `${failure.message}; the login needs TLS, so nothing was sent: use secure: true (port 465), or allowPlainLogin: true for a relay on loopback`,
    { retryable: failure.retryable },
  );
}
