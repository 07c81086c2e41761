/**
 * `webhook`: an alert channel that POSTs every alert as JSON to any HTTP endpoint,
 * optionally signed with HMAC-SHA256 so that the receiver can tell it came from this bot.
 * @module
 */
import {
  defineAlert,
  httpUrlParam,
  isSecretKey,
  postJson,
  registerSecret,
  requestTimeoutParam,
  secret,
  z,
} from '@moex-bot/framework';
import { signatureHeaders } from './signature.js';
import { webhookBody } from './webhookBody.js';

export * from './signature.js';
export * from './webhookBody.js';

/** Headers that carry a credential by their name. */
function isCredentialHeader(name: string): boolean {
  return (
    ['authorization', 'proxy-authorization', 'cookie'].includes(name.toLowerCase()) ||
    isSecretKey(name)
  );
}

/** Headers the channel sets itself. */
const RESERVED_HEADERS = [
  'content-type',
  'content-length',
  'host',
  'x-moexbot-timestamp',
  'x-moexbot-signature',
];

/** The parameters an operator writes under `params`. */
export const webhookParams = z.strictObject({
  // A secret because many services (chat webhooks, automation hooks) put the credential in
  // the path or query; no user:password@, which fetch refuses (send those in `headers`).
  url: httpUrlParam(
    'Where to POST, http(s), without user:password@. Treated as a secret, since services often put the credential in the URL: write it as ${VAR} or ${file:...}',
  ),
  secret: secret()
    .min(16)
    .optional()
    .describe(
      'HMAC-SHA256 key, at least 16 characters; when set, each request carries X-MoexBot-Timestamp and X-MoexBot-Signature',
    ),
  headers: z
    .record(
      z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be an HTTP header name'),
      z.string().regex(/^[^\r\n\0]*$/, 'must be one line'),
    )
    .refine(
      (headers) => Object.keys(headers).every((n) => !RESERVED_HEADERS.includes(n.toLowerCase())),
      `must not set ${RESERVED_HEADERS.join(', ')}: the channel sets them`,
    )
    .default({})
    .describe(
      'Extra request headers, e.g. Authorization: Bearer ${ALERT_WEBHOOK_TOKEN}; their values are treated as secrets and redacted from logs, errors and alerts',
    ),
  timeoutMs: requestTimeoutParam(),
});

/** Parsed parameters of `webhook`. */
export type WebhookParams = z.output<typeof webhookParams>;

/**
 * POSTs each alert as JSON (see {@link WebhookBody}) to `url`, with the extra `headers`
 * and, when `secret` is set, a signature receivers check with {@link verifySignature}.
 * A failed request rejects with an `AlertDeliveryError` that names the endpoint by its
 * host only (`webhook alerts.example.com`): 408, 425, 429 (with its `Retry-After`), 5xx,
 * timeouts and network errors are retryable, other statuses are not. The host retries;
 * every attempt is signed afresh, so a retry is never stale.
 * @example
 * ```yaml
 * alerts:
 *   - plugin: webhook
 *     params:
 *       url: ${ALERT_WEBHOOK_URL}
 *       secret: ${ALERT_WEBHOOK_SECRET}
 * ```
 */
export default defineAlert({
  id: 'webhook',
  description: 'POSTs alerts as JSON to an HTTP endpoint, optionally HMAC-signed',
  params: webhookParams,
  create: (params, context) => {
    const what = `webhook ${new URL(params.url).host}`;
    // Credential headers (Authorization, X-Api-Key …) are plain strings in the config, so
    // the host does not know them as secrets: registered here, they are redacted from every
    // log line, error and alert of the process. Other headers (`X-Env: prod`) stay readable.
    for (const [name, value] of Object.entries(params.headers)) {
      if (!isCredentialHeader(name)) continue;
      registerSecret(value);
      // `Bearer <token>`, `Basic <base64>`: the credential may turn up without its scheme.
      registerSecret(/^[A-Za-z][\w.+-]*\s+(\S+)$/.exec(value)?.[1]);
    }
    return {
      send: async (alert) => {
        const body = JSON.stringify(webhookBody(alert, context.name));
        // Wall time, not the run's clock: the receiver checks the stamp against its own.
        const signature = params.secret === undefined ? {} : signatureHeaders(body, params.secret);
        await postJson(params.url, body, {
          what,
          headers: { ...params.headers, ...signature },
          timeoutMs: params.timeoutMs,
        });
      },
    };
  },
});
