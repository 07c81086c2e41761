/**
 * Reading the numeric T-Invest code of a failed call on the client side.
 *
 * The API sends the code (`"30078"`) as the gRPC status details and the text in the
 * `message` trailer. The `tinkoff-invest-api` client's own middleware builds its
 * `TinkoffApiError` from `message || details`, so when the `message` trailer is present —
 * always, for API errors — the code is gone: `error.details` is the text and `error.code`
 * the gRPC status. To keep the code, create clients with {@link apiErrorMiddleware}
 * instead, and read it with {@link apiErrorCode}.
 * @module
 */
import { type CallOptions, ClientError, type ClientMiddlewareCall, type Metadata } from 'nice-grpc';
import { TinkoffApiError } from 'tinkoff-invest-api';

/** A `TinkoffApiError` that also keeps the numeric API code. */
export class ApiCallError extends TinkoffApiError {
  /** The numeric API code (`30078`), when the status details carried one. */
  readonly apiCode: number | undefined;

  constructor(
    path: string,
    code: ClientError['code'],
    details: string,
    apiCode: number | undefined,
  ) {
    super(path, code, details);
    this.name = 'ApiCallError';
    this.apiCode = apiCode;
  }
}

const NUMERIC = /^\d{5}$/;

/**
 * The numeric API code of an error: from an {@link ApiCallError}, or from a plain
 * `ClientError` (or a `TinkoffApiError` built without a `message` trailer) whose details
 * are the code. `undefined` otherwise — in particular for the package's `TinkoffApiError`
 * of an API error, which no longer holds it.
 */
export function apiErrorCode(error: unknown): number | undefined {
  if (error instanceof ApiCallError) return error.apiCode;
  if (error instanceof ClientError && NUMERIC.test(error.details)) return Number(error.details);
  return undefined;
}

/**
 * A nice-grpc client middleware to use instead of the package's error middleware: it
 * throws an {@link ApiCallError} whose `details` is the `message` trailer, like
 * `TinkoffApiError`, and whose `apiCode` is the numeric code.
 * @example
 * const orders = createClientFactory()
 *   .use(apiErrorMiddleware)
 *   .create(OrdersServiceDefinition, channel, { '*': { metadata } });
 */
export async function* apiErrorMiddleware<Request, Response>(
  call: ClientMiddlewareCall<Request, Response>,
  options: CallOptions,
  // biome-ignore lint/suspicious/noConfusingVoidType: the shape nice-grpc gives middleware
): AsyncGenerator<Response, Response | void, undefined> {
  let trailer: Metadata | undefined;
  const { onTrailer } = options;
  try {
    return yield* call.next(call.request, {
      ...options,
      onTrailer(received) {
        trailer = received;
        onTrailer?.(received);
      },
    });
  } catch (error) {
    if (!(error instanceof ClientError) || !trailer) throw error;
    const message = trailer.get('message');
    const apiCode = NUMERIC.test(error.details) ? Number(error.details) : undefined;
    const wrapped = new ApiCallError(error.path, error.code, message || error.details, apiCode);
    wrapped.trackingId = trailer.get('x-tracking-id') ?? '';
    wrapped.ratelimit = trailer.get('x-ratelimit-limit') ?? '';
    wrapped.ratelimitRemaining = trailer.get('x-ratelimit-remaining') ?? '';
    wrapped.ratelimitReset = trailer.get('x-ratelimit-reset') ?? '';
    throw wrapped;
  }
}
