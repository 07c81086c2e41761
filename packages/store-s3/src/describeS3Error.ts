/**
 * Turns what the AWS SDK throws into the short reason a store message ends with: the S3
 * error code or the network error code, and what it usually means for the operator.
 * @module
 */

/** What operators usually need to hear about the common failures. */
const HINTS: Readonly<Record<string, string>> = {
  NoSuchBucket: 'the bucket does not exist',
  AccessDenied: 'access denied: check the credentials and the bucket policy',
  Forbidden: 'access denied: check the credentials and the bucket policy',
  InvalidAccessKeyId: 'the server does not know the access key id',
  SignatureDoesNotMatch: 'the secret access key does not match the access key id',
  ExpiredToken: 'the credentials have expired',
  InvalidToken: 'the session token is invalid',
  PermanentRedirect: 'the bucket is in another region: check `region` and `endpoint`',
  AuthorizationHeaderMalformed: 'the bucket is in another region: check `region`',
  CredentialsProviderError:
    'no credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE',
  TimeoutError: 'the endpoint did not answer in time',
  ECONNREFUSED: 'the endpoint is unreachable (connection refused)',
  ENOTFOUND: 'the endpoint host name does not resolve',
  EAI_AGAIN: 'the endpoint host name does not resolve',
  ETIMEDOUT: 'the endpoint is unreachable (timed out)',
  ECONNRESET: 'the endpoint closed the connection',
  EHOSTUNREACH: 'the endpoint is unreachable (no route to host)',
};

/**
 * HEAD answers have no body, so the SDK names their errors `Unknown` or after the status
 * text only; the status says as much as S3 would have.
 */
const BY_STATUS: Readonly<Record<number, string>> = {
  301: 'PermanentRedirect',
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
};
const NAMELESS = new Set(['Error', 'Unknown', 'UnknownError']);

interface SdkError {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/**
 * `NoSuchBucket, HTTP 404: the bucket does not exist`, `ECONNREFUSED: the endpoint is
 * unreachable (connection refused)`. The SDK's own message is used only for codes without
 * a hint; `secrets` are blanked out of the result whatever it holds.
 */
export function describeS3Error(error: unknown, secrets: readonly string[] = []): string {
  const sdk: SdkError = typeof error === 'object' && error !== null ? error : {};
  const status = sdk.$metadata?.httpStatusCode;
  // Network failures carry a Node errno code; S3 answers carry the S3 code as the name.
  const code =
    typeof sdk.code === 'string' && sdk.code !== ''
      ? sdk.code
      : sdk.name !== undefined && !NAMELESS.has(sdk.name)
        ? sdk.name
        : ((status === undefined ? undefined : BY_STATUS[status]) ?? sdk.name ?? 'Error');
  const sdkMessage = sdk.message ?? String(error);
  const detail = HINTS[code] ?? (NAMELESS.has(sdkMessage) ? '' : sdkMessage);
  const text = `${code}${status === undefined ? '' : `, HTTP ${status}`}${detail === '' ? '' : `: ${detail}`}`;
  return secrets.reduce(
    (redacted, secret) => (secret === '' ? redacted : redacted.split(secret).join('***')),
    text,
  );
}
