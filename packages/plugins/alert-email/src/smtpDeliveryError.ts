/**
 * Turns a nodemailer failure into the {@link AlertDeliveryError} the host's alert router
 * understands: what the SMTP server said decides whether a retry can help.
 * @module
 */
import { AlertDeliveryError, clipText, redactorFor } from '@moex-bot/framework';

/**
 * nodemailer codes that say the configuration or the message is wrong, so the same
 * attempt fails again: a refused login, no credentials, a malformed envelope, a message
 * too large, TLS the server cannot give. Any other code (ECONNECTION, ETIMEDOUT, ESOCKET,
 * EDNS, ETLS, ...) may pass on a later attempt, and unknown ones get the benefit of the doubt.
 */
const PERMANENT_CODES: ReadonlySet<string> = new Set([
  'EAUTH',
  'ENOAUTH',
  'EOAUTH2',
  'EENVELOPE',
  'EMESSAGE',
  'EREQUIRETLS',
  'ECONFIG',
]);

/** The longest server reply quoted in an error message. */
const MESSAGE_LIMIT = 300;

/** The fields of a nodemailer error this module reads. */
interface SmtpFailure {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly responseCode?: unknown;
}

/**
 * The delivery error for a failed `sendMail`. A reply code decides when there is one:
 * 4xx is transient and retryable, 5xx is permanent, except 503 (commands out of sequence),
 * which concerns the session rather than the mail. Without a reply code, the nodemailer
 * code decides (see `PERMANENT_CODES`). `what` names the channel in the message, and every
 * string in `secrets` (as is, JSON-escaped or URL-encoded) is replaced with `[REDACTED]`
 * in case a server echoes one.
 * @example
 * smtpDeliveryError(Object.assign(new Error('Invalid login: 535 5.7.8 Bad credentials'),
 *   { code: 'EAUTH', responseCode: 535 }), 'email smtp.example.com:587', []);
 * // AlertDeliveryError 'email smtp.example.com:587: Invalid login: 535 5.7.8 Bad credentials (EAUTH)',
 * //   retryable: false
 */
export function smtpDeliveryError(
  error: unknown,
  what: string,
  secrets: readonly string[],
): AlertDeliveryError {
  const failure: SmtpFailure = typeof error === 'object' && error !== null ? error : {};
  const code = typeof failure.code === 'string' ? failure.code : undefined;
  const reply = typeof failure.responseCode === 'number' ? failure.responseCode : undefined;
  const retryable =
    reply === undefined
      ? code === undefined || !PERMANENT_CODES.has(code)
      : !(reply >= 500 && reply < 600 && reply !== 503);
  const said = typeof failure.message === 'string' ? failure.message : String(error);
  // Redacted before shortening, so that no part of a secret survives at the cut.
  const text = clipText(redactorFor(secrets)(said).trim().replace(/\s+/g, ' '), MESSAGE_LIMIT);
  return new AlertDeliveryError(`${what}: ${text}${code === undefined ? '' : ` (${code})`}`, {
    retryable,
  });
}
