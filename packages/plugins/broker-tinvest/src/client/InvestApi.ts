/**
 * The real `tinkoff-invest-api` client with one change: its clients are built with
 * our error middleware instead of the package's, which drops T-Invest's numeric code
 * (30078, 80002 …) whenever the server also sends a `message` trailer. Every failed
 * call, unary or stream, then surfaces as a `TinvestError` with the code, the text,
 * the tracking id and the rate-limit reset.
 * @module
 */
import { ClientError, type ClientMiddleware, createClientFactory, type Metadata } from 'nice-grpc';
import { TinkoffInvestApi, type TinkoffInvestApiOptions } from 'tinkoff-invest-api';
import { InstrumentsServiceDefinition } from 'tinkoff-invest-api/cjs/generated/instruments.js';
import {
  MarketDataServiceDefinition,
  MarketDataStreamServiceDefinition,
} from 'tinkoff-invest-api/cjs/generated/marketdata.js';
import { OperationsServiceDefinition } from 'tinkoff-invest-api/cjs/generated/operations.js';
import {
  OrdersServiceDefinition,
  OrdersStreamServiceDefinition,
} from 'tinkoff-invest-api/cjs/generated/orders.js';
import { SandboxServiceDefinition } from 'tinkoff-invest-api/cjs/generated/sandbox.js';
import { StopOrdersServiceDefinition } from 'tinkoff-invest-api/cjs/generated/stoporders.js';
import { UsersServiceDefinition } from 'tinkoff-invest-api/cjs/generated/users.js';
import { TinvestError } from '../resilience/TinvestError.js';

/** Production and sandbox endpoints. */
export const TINVEST_ENDPOINTS = {
  real: 'invest-public-api.tinkoff.ru:443',
  sandbox: 'sandbox-invest-public-api.tinkoff.ru:443',
} as const;

/**
 * HTTP/2 keepalive: a ping every minute, with or without calls, and a connection that
 * leaves one unanswered for 20 s is closed. A connection that dies silently (a NAT or a
 * proxy forgets it, a peer vanishes) is otherwise taken for alive: unary calls only time
 * out one by one, and the streams never end, so they are never rebuilt. Servers that
 * find the pings too frequent answer GOAWAY `too_many_pings`; gRPC then doubles the
 * interval by itself.
 */
export const KEEPALIVE_OPTIONS = {
  'grpc.keepalive_time_ms': 60_000,
  'grpc.keepalive_timeout_ms': 20_000,
  'grpc.keepalive_permit_without_calls': 1,
} as const;

const SERVICES = [
  InstrumentsServiceDefinition,
  MarketDataServiceDefinition,
  MarketDataStreamServiceDefinition,
  OperationsServiceDefinition,
  OrdersServiceDefinition,
  OrdersStreamServiceDefinition,
  SandboxServiceDefinition,
  StopOrdersServiceDefinition,
  UsersServiceDefinition,
];

/** Turns a ClientError and its trailers into a TinvestError that keeps the numeric code. */
export function toTinvestError(error: ClientError, trailer: Metadata | undefined): TinvestError {
  const message = trailer?.get('message');
  // The real API puts the numeric code in the status details and the text in a trailer.
  const numeric = /^\s*(\d{5})\s*$/.exec(error.details)?.[1];
  const reset = Number(trailer?.get('x-ratelimit-reset'));
  return new TinvestError(
    error.path.replace(/^\/[^/]*\.(\w+)\//, '$1/'),
    error.code,
    numeric === undefined ? undefined : Number(numeric),
    message || (numeric === undefined ? error.details : ''),
    trailer?.get('x-tracking-id') ?? '',
    Number.isFinite(reset) && reset >= 0 && trailer?.has('x-ratelimit-reset')
      ? reset * 1000
      : undefined,
  );
}

/** The middleware: reads the trailers of every call and rethrows failures as TinvestError. */
const keepApiCodes: ClientMiddleware = async function* (call, options) {
  let trailer: Metadata | undefined;
  const onTrailer = options.onTrailer;
  try {
    return yield* call.next(call.request, {
      ...options,
      onTrailer(received) {
        trailer = received;
        onTrailer?.(received);
      },
    });
  } catch (error) {
    if (error instanceof ClientError) throw toTinvestError(error, trailer);
    throw error;
  }
};

/**
 * `TinkoffInvestApi` whose calls fail with `TinvestError`.
 * @example
 * const api = new InvestApi({ token, endpoint: TINVEST_ENDPOINTS.sandbox, appName: 'moex-bot' });
 * const { accounts } = await api.users.getAccounts({});
 */
export class InvestApi extends TinkoffInvestApi {
  constructor(options: TinkoffInvestApiOptions) {
    super({
      appName: 'moex-bot',
      ...options,
      // These replace the package's defaults, so its large message limits are restated.
      // An http_proxy in the environment must never route exchange traffic.
      channelOptions: {
        'grpc.max_receive_message_length': 100 * 1024 * 1024,
        'grpc.max_send_message_length': 100 * 1024 * 1024,
        'grpc.enable_http_proxy': 0,
        ...KEEPALIVE_OPTIONS,
        ...options.channelOptions,
      },
    });
    const factory = createClientFactory().use(keepApiCodes);
    const defaults = { '*': { metadata: this.metadata } };
    // The package creates its clients lazily into this map: pre-filling it swaps them all,
    // including the ones its stream wrappers use.
    for (const service of SERVICES) {
      this.clients.set(service, factory.create(service, this.channel, defaults) as never);
    }
  }

  /** Closes the channel: pending calls fail, streams end. */
  close(): void {
    this.channel.close();
  }
}
