/**
 * The HMAC-SHA256 signature of a webhook request, for the sender and for receivers: the
 * key signs `<timestamp>.<body>`, so that neither the body nor the time can be changed or
 * a captured request replayed later.
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Unix milliseconds at which the request was signed. */
export const TIMESTAMP_HEADER = 'X-MoexBot-Timestamp';
/** `sha256=<hex>` of HMAC-SHA256(key, `<timestamp>.<body>`). */
export const SIGNATURE_HEADER = 'X-MoexBot-Signature';

/** How far a timestamp may be from the receiver's clock by default: five minutes. */
export const DEFAULT_MAX_AGE_MS = 5 * 60_000;

/**
 * The signature header value for a body signed at `timestamp`.
 * @example
 * signBody('{"type":"risk.halted"}', '1764054065000', key); // 'sha256=3f0c…'
 */
export function signBody(body: string | Uint8Array, timestamp: string, key: string): string {
  const mac = createHmac('sha256', key).update(`${timestamp}.`).update(body).digest('hex');
  return `sha256=${mac}`;
}

/** The headers that sign `body`, stamped with wall time. */
export function signatureHeaders(
  body: string,
  key: string,
  now = Date.now(),
): Record<string, string> {
  const timestamp = String(now);
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signBody(body, timestamp, key) };
}

export interface VerifyOptions {
  /** Largest difference between the timestamp and `now`, ms; default five minutes. */
  readonly maxAgeMs?: number;
  /** The receiver's time, unix ms; default `Date.now()`. */
  readonly now?: number;
}

/**
 * True when `signature` is the one the key makes for these exact body bytes and
 * timestamp, and the timestamp is within `maxAgeMs` of now. Pass the raw body as
 * received, before any JSON parsing, and the two headers as they came (a missing header
 * gives false). The comparison takes the same time wherever the signatures differ.
 * @example
 * const ok = verifySignature(
 *   rawBody,
 *   req.headers['x-moexbot-timestamp'],
 *   req.headers['x-moexbot-signature'],
 *   process.env.ALERT_WEBHOOK_SECRET,
 * );
 * if (!ok) return res.writeHead(401).end();
 */
export function verifySignature(
  body: string | Uint8Array,
  timestamp: string | readonly string[] | undefined,
  signature: string | readonly string[] | undefined,
  key: string,
  options: VerifyOptions = {},
): boolean {
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  if (!/^\d{1,16}$/.test(timestamp)) return false;
  const age = Math.abs((options.now ?? Date.now()) - Number(timestamp));
  if (!(age <= (options.maxAgeMs ?? DEFAULT_MAX_AGE_MS))) return false;
  const expected = Buffer.from(signBody(body, timestamp, key));
  const given = Buffer.from(signature);
  // timingSafeEqual throws on different lengths; the length of a valid signature is public.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
