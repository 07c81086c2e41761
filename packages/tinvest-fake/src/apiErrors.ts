/**
 * The T-Invest error codes the fake exchange answers with, each with the gRPC status
 * (the category) and the human text the real API puts in the `message` trailer. Texts and
 * categories follow `RussianInvestments/investAPI` `src/docs/errors/api_errors.json`.
 * @module
 */
import { Status } from 'nice-grpc';

/** One entry of the error table. */
export interface ApiErrorInfo {
  /** gRPC status code sent as the call's status. */
  readonly status: Status;
  /** The text sent in the `message` trailer. */
  readonly message: string;
}

/** Every numeric code the fake sends, by code. */
export const API_ERRORS = {
  30001: { status: Status.INVALID_ARGUMENT, message: 'Missing parameter: `from`' },
  30007: { status: Status.INVALID_ARGUMENT, message: 'Missing parameter: `id`' },
  30008: { status: Status.INVALID_ARGUMENT, message: 'Missing parameter: `figi`' },
  30011: { status: Status.INVALID_ARGUMENT, message: '`interval` is invalid' },
  30012: { status: Status.INVALID_ARGUMENT, message: "`to` can't be less than `from`" },
  30013: {
    status: Status.INVALID_ARGUMENT,
    message: '`class_code` require for `id_type` = `ticker`',
  },
  30014: {
    status: Status.INVALID_ARGUMENT,
    message: 'The maximum request period for the given candle interval has been exceeded',
  },
  30015: {
    status: Status.INVALID_ARGUMENT,
    message: 'Parameter `quantity` is missing or equal to 0',
  },
  30017: { status: Status.INVALID_ARGUMENT, message: 'Missing parameter: `price`' },
  30018: { status: Status.INVALID_ARGUMENT, message: '`price` is invalid' },
  30019: { status: Status.INVALID_ARGUMENT, message: 'Missing parameter: `direction`' },
  30021: { status: Status.INVALID_ARGUMENT, message: 'Missing parameter: `account_id`' },
  30025: { status: Status.INVALID_ARGUMENT, message: 'Missing parameter: `order_type`' },
  30027: { status: Status.INVALID_ARGUMENT, message: 'Missing parameter: `order_id`' },
  30034: { status: Status.INVALID_ARGUMENT, message: 'Not enough balance' },
  30042: { status: Status.INVALID_ARGUMENT, message: 'Not enough assets for a margin trade' },
  30047: {
    status: Status.INVALID_ARGUMENT,
    message: 'Price currency does not match the settlement currency',
  },
  30052: { status: Status.INVALID_ARGUMENT, message: 'Instrument forbidden for trading by API' },
  30055: {
    status: Status.INVALID_ARGUMENT,
    message: '`order_id` cannot be longer than 36 characters',
  },
  30057: {
    status: Status.INVALID_ARGUMENT,
    message: 'The order is a duplicate, but the order report was not found',
  },
  30059: { status: Status.INVALID_ARGUMENT, message: 'Cancel order error: %s' },
  30078: { status: Status.INVALID_ARGUMENT, message: 'Incorrect minimum price increment' },
  30079: { status: Status.INVALID_ARGUMENT, message: 'Instrument is not available for trading' },
  30080: { status: Status.INVALID_ARGUMENT, message: '`quantity` must be positive' },
  30087: { status: Status.INVALID_ARGUMENT, message: 'Missing parameter: `query`' },
  30093: {
    status: Status.INVALID_ARGUMENT,
    message: 'Missing parameter: `figi` or `instrument_id`',
  },
  30092: { status: Status.INVALID_ARGUMENT, message: 'Trading unavailable on weekends' },
  30095: {
    status: Status.INVALID_ARGUMENT,
    message: 'The request was not executed by the exchange',
  },
  30099: {
    status: Status.INVALID_ARGUMENT,
    message: 'The price is outside the limits for this instrument',
  },
  30100: { status: Status.INVALID_ARGUMENT, message: 'The price must be positive' },
  30102: { status: Status.INVALID_ARGUMENT, message: 'Required parameters missing' },
  40002: { status: Status.PERMISSION_DENIED, message: 'Insufficient privileges' },
  40003: {
    status: Status.UNAUTHENTICATED,
    message: 'Authentication token is missing or invalid',
  },
  50001: { status: Status.NOT_FOUND, message: 'Exchange not found' },
  50002: { status: Status.NOT_FOUND, message: 'Instrument not found' },
  50004: { status: Status.NOT_FOUND, message: 'Account not found' },
  50005: { status: Status.NOT_FOUND, message: 'Order not found' },
  70001: { status: Status.INTERNAL, message: 'Internal error' },
  70002: { status: Status.INTERNAL, message: 'Internal network error' },
  70003: { status: Status.INTERNAL, message: 'Internal error, please try again later' },
  80001: { status: Status.RESOURCE_EXHAUSTED, message: 'Limit of open streams exceeded' },
  80002: { status: Status.RESOURCE_EXHAUSTED, message: 'Request limit exceeded' },
  // Not in the published table; the 80xxx family is RESOURCE_EXHAUSTED.
  80005: { status: Status.RESOURCE_EXHAUSTED, message: 'Stream lifetime exceeded' },
  90001: { status: Status.FAILED_PRECONDITION, message: 'Need confirmation: %s' },
} as const satisfies Record<number, ApiErrorInfo>;

/** A numeric code the fake knows. */
export type ApiErrorCode = keyof typeof API_ERRORS;

/** True when `code` is in {@link API_ERRORS}. */
export function isApiErrorCode(code: number): code is ApiErrorCode {
  return Object.hasOwn(API_ERRORS, code);
}

/**
 * A refusal by the exchange, thrown inside the fake and turned into a gRPC error by the
 * server middleware: status from the table, the code as the status details, the text in
 * the `message` trailer.
 */
export class ExchangeApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: Status;

  /** `detail` fills the `%s` of texts such as `Cancel order error: %s`. */
  constructor(code: ApiErrorCode, detail?: string) {
    const info: ApiErrorInfo = API_ERRORS[code];
    super(info.message.includes('%s') ? info.message.replace('%s', detail ?? '') : info.message);
    this.name = 'ExchangeApiError';
    this.code = code;
    this.status = info.status;
  }
}
