/**
 * One error type for every failed T-Invest call, with what the client library tends
 * to lose kept: the numeric API code (30078, 80002 …), the gRPC status, the tracking
 * id and the rate-limit reset. Whether a call may be retried, and whether a failure
 * counts against the circuit breaker, is decided here and nowhere else.
 * @module
 */

/** gRPC status codes used below (the numbers of the gRPC spec). */
export const GrpcStatus = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/** What T-Invest's numeric codes mean to a bot (the ones it must handle). */
export const API_CODES: Readonly<Record<number, string>> = {
  30034: 'not enough money',
  30042: 'not enough assets for a margin trade',
  30052: 'instrument not tradable through the API',
  30057: 'an order with this key already exists',
  30078: 'price is not a multiple of the price step',
  30079: 'instrument not tradable now',
  30092: 'no weekend trading for this instrument',
  30097: 'wrong trading session',
  30098: 'no trading now',
  30099: 'price outside the limits of the day',
  40002: 'the token is read-only',
  40003: 'the token is invalid or expired',
  50002: 'instrument not found',
  50004: 'account not found',
  50005: 'order not found',
  70001: 'internal error',
  70002: 'internal network error',
  70003: 'internal error, try again',
  80001: 'too many streams',
  80002: 'request limit exceeded',
  80005: 'stream lifetime exceeded',
  90001: 'the order needs confirmation (over 30 M RUB)',
};

/** A failed call to T-Invest. */
export class TinvestError extends Error {
  override readonly name = 'TinvestError';

  constructor(
    /** `Service/Method` of the call. */
    readonly method: string,
    /** gRPC status code. */
    readonly status: number,
    /** T-Invest's numeric code, when the server sent one. */
    readonly apiCode: number | undefined,
    /** The server's text, or the transport's. */
    readonly detail: string,
    readonly trackingId = '',
    /** For 80002: ms until the limit window resets, when the server said. */
    readonly resetMs?: number,
  ) {
    const code = apiCode === undefined ? '' : ` ${apiCode}`;
    const meaning = apiCode !== undefined && API_CODES[apiCode] ? ` (${API_CODES[apiCode]})` : '';
    const tracking = trackingId ? ` [tracking ${trackingId}]` : '';
    super(`${method} failed:${code}${meaning} ${detail}${tracking}`.replace(/\s+/g, ' ').trim());
  }

  /** The code to report in a rejection: the API's number, else the gRPC status name. */
  get code(): string {
    if (this.apiCode !== undefined) return String(this.apiCode);
    const name = Object.entries(GrpcStatus).find(([, value]) => value === this.status)?.[0];
    return name ?? `GRPC_${this.status}`;
  }

  /** The server ran out of patience with us (80002): wait for the reset, then go on. */
  get rateLimited(): boolean {
    return this.apiCode === 80002 || this.status === GrpcStatus.RESOURCE_EXHAUSTED;
  }

  /**
   * The venue or the network failed, not the request: the same call may succeed later.
   * Order placement is retried too, because its idempotency key makes a repeat harmless.
   */
  get transient(): boolean {
    if (this.apiCode !== undefined && this.apiCode >= 70001 && this.apiCode <= 70003) return true;
    return (
      this.status === GrpcStatus.UNAVAILABLE ||
      this.status === GrpcStatus.DEADLINE_EXCEEDED ||
      this.status === GrpcStatus.UNKNOWN ||
      this.status === GrpcStatus.ABORTED ||
      (this.status === GrpcStatus.INTERNAL && this.apiCode === undefined)
    );
  }

  /** Worth another try after a pause. */
  get retryable(): boolean {
    return this.transient || this.rateLimited;
  }
}
