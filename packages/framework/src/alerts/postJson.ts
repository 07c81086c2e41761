/**
 * One JSON POST for HTTP alert channels (Slack, webhooks), with a deadline and every
 * failure turned into an {@link AlertDeliveryError} the router knows how to retry.
 * @module
 */
import { z } from 'zod';
import { AlertDeliveryError, httpDeliveryError } from './delivery.js';

/** The `timeoutMs` parameter of an HTTP alert channel: how long one request may take. */
export function requestTimeoutParam(defaultMs = 10_000) {
  return z
    .number()
    .int()
    .positive()
    .default(defaultMs)
    .describe('Gives up on a request after this long, ms; the host then retries it');
}

export interface PostJsonOptions {
  /** Extra request headers (a signature). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Gives up after this long; default 10 s. */
  readonly timeoutMs?: number;
  /** Names the channel in error messages, e.g. `slack`. Never put a secret URL here. */
  readonly what: string;
}

/**
 * POSTs `body` (already serialised, so that a signature covers the exact bytes) as JSON.
 * Resolves with the response text on 2xx. Network errors and timeouts are retryable.
 */
export async function postJson(
  url: string,
  body: string,
  options: PostJsonOptions,
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body,
      signal: abort.signal,
    });
  } catch (error) {
    // The URL may carry a secret (Slack's webhook path), so only the cause's code is told.
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const why = abort.signal.aborted
      ? `no reply within ${timeoutMs} ms`
      : `request failed${cause === undefined ? '' : ` (${cause})`}`;
    throw new AlertDeliveryError(`${options.what}: ${why}`, { retryable: true });
  } finally {
    clearTimeout(timer);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    throw httpDeliveryError(
      options.what,
      response.status,
      text,
      response.headers.get('retry-after'),
    );
  }
  return text;
}
