/**
 * One JSON POST for HTTP alert channels (Slack, webhooks), with a deadline and every
 * failure turned into an {@link AlertDeliveryError} the router knows how to retry.
 * @module
 */
import { z } from 'zod';
import { secret } from '../config/secret.js';
import { redactorFor } from '../config/secrets.js';
import { AlertDeliveryError, httpDeliveryError } from './delivery.js';

/**
 * True for an absolute http(s) URL without `user:password@`: fetch refuses such a URL,
 * and every retry would fail the same way.
 */
function isPlainHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return ['http:', 'https:'].includes(url.protocol) && url.username === '' && url.password === '';
}

/**
 * An HTTP alert channel's URL parameter: a {@link secret}, since services put the
 * credential in the path or query, and an absolute http(s) URL. The refinement's message
 * never quotes the value.
 */
export function httpUrlParam(description: string) {
  return secret(description).refine(
    isPlainHttpUrl,
    'must be an http(s) URL without user:password@ (send credentials in headers)',
  );
}

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
  // One deadline for the whole exchange: a server that sends headers and then stalls the
  // body would otherwise hold the channel's queue for good.
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const late = () =>
    new AlertDeliveryError(`${options.what}: no reply within ${timeoutMs} ms`, { retryable: true });
  try {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body,
        signal: abort.signal,
      });
    } catch (error) {
      if (abort.signal.aborted) throw late();
      // The URL may carry a secret (Slack's webhook path), so only the cause's code is told.
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new AlertDeliveryError(
        `${options.what}: request failed${cause === undefined ? '' : ` (${cause})`}`,
        { retryable: true },
      );
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      if (abort.signal.aborted) throw late();
      text = '';
    }
    if (!response.ok) {
      // Services may echo the request: the URL's path, query and the header values are
      // taken out of the body the error quotes.
      const redact = redactorFor(requestSecrets(url, options.headers));
      throw httpDeliveryError(
        options.what,
        response.status,
        redact(text),
        response.headers.get('retry-after'),
      );
    }
    return text;
  } finally {
    clearTimeout(timer);
  }
}

/** The parts of a request that may hold a credential. */
function requestSecrets(url: string, headers: Readonly<Record<string, string>> = {}): string[] {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  return [
    url,
    ...(parsed
      ? [
          parsed.pathname + parsed.search,
          parsed.pathname,
          parsed.search,
          ...parsed.searchParams.values(),
        ]
      : []),
    ...Object.values(headers),
  ];
}
