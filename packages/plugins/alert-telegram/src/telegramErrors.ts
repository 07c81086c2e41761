/**
 * What grammY errors mean for moex-bot: a delivery error the router can act on, and a
 * description safe to log. Messages are built here from the error's fields, never from
 * its cause: a network error's cause quotes the request URL, which holds the bot token.
 * @module
 */
import { AlertDeliveryError } from '@moex-bot/framework';
import { GrammyError, HttpError } from 'grammy';

/** A network error's code (`ECONNREFUSED`), if the cause carries one. */
function networkCode(error: HttpError): string | undefined {
  const cause = error.error as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/**
 * A one-line description of an error from the Bot API or the network, without the token.
 * @example
 * describeTelegramError(grammyError); // "sendMessage: 403 Forbidden: bot was blocked by the user"
 */
export function describeTelegramError(error: unknown, redact: (text: string) => string): string {
  if (error instanceof GrammyError) {
    return redact(`${error.method}: ${error.error_code} ${error.description}`);
  }
  if (error instanceof HttpError) {
    const code = networkCode(error);
    // grammY's own message names the method only (sensitiveLogs is off).
    return redact(`${error.message}${code === undefined ? '' : ` (${code})`}`);
  }
  return redact(error instanceof Error ? error.message : String(error));
}

/**
 * The delivery error for a failed `sendMessage`: 429 waits `retry_after` seconds, 5xx and
 * network failures may be retried, any other Bot API refusal (400 chat not found, 401 bad
 * token, 403 bot blocked) cannot succeed by repeating.
 */
export function toDeliveryError(
  error: unknown,
  where: string,
  redact: (text: string) => string,
): AlertDeliveryError {
  const message = `telegram: ${where}: ${describeTelegramError(error, redact)}`;
  if (error instanceof GrammyError) {
    const code = error.error_code;
    if (code === 429) {
      const seconds = error.parameters.retry_after;
      return new AlertDeliveryError(message, {
        retryable: true,
        retryAfterMs: typeof seconds === 'number' ? seconds * 1000 : undefined,
      });
    }
    return new AlertDeliveryError(message, { retryable: code >= 500 });
  }
  // HttpError and anything unexpected: the request may not have reached Telegram.
  return new AlertDeliveryError(message, { retryable: true });
}
