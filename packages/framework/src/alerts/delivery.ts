/**
 * How an alert channel tells the router what went wrong: an {@link AlertDeliveryError}
 * says whether a retry can help and how long the service asked to wait. HTTP channels
 * classify a reply with {@link httpDeliveryError} so that every channel retries alike.
 * @module
 */

/** A failed delivery, with what the router needs to decide on a retry. */
export class AlertDeliveryError extends Error {
  override readonly name = 'AlertDeliveryError';
  /** False when repeating the same request cannot succeed (bad token, bad request). */
  readonly retryable: boolean;
  /** The pause the service asked for (HTTP `Retry-After`, Telegram `retry_after`). */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options: { retryable: boolean; retryAfterMs?: number | undefined; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * Reads a `Retry-After` header: delay seconds or an HTTP date. Undefined when absent or
 * unreadable.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The error for an HTTP reply that is not a success: 408, 425, 429 and 5xx are worth
 * retrying, any other status is not. `what` names the channel in the message; the body
 * is quoted shortened, since services explain refusals there.
 */
export function httpDeliveryError(
  what: string,
  status: number,
  body: string,
  retryAfter?: string | null,
): AlertDeliveryError {
  const retryable = status === 408 || status === 425 || status === 429 || status >= 500;
  const text = body.trim().replace(/\s+/g, ' ').slice(0, 200);
  return new AlertDeliveryError(`${what}: HTTP ${status}${text === '' ? '' : ` ${text}`}`, {
    retryable,
    retryAfterMs: parseRetryAfter(retryAfter),
  });
}

/**
 * True unless the error says a retry cannot help. Read from the fields, not by
 * `instanceof`: a plugin may bring its own copy of the framework.
 */
export function isRetryable(error: unknown): boolean {
  return (error as { retryable?: unknown } | null)?.retryable !== false;
}

/** The pause an error asks for, if any. */
export function retryAfterOf(error: unknown): number | undefined {
  const pause = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof pause === 'number' && pause >= 0 ? pause : undefined;
}
