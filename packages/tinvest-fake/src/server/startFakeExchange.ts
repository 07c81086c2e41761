/**
 * The gRPC server of a fake exchange on loopback, built on the service definitions that
 * ship inside `tinkoff-invest-api`, so the real client talks to it over real gRPC.
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer } from 'nice-grpc';
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
import { coreOf, FakeExchange } from '../FakeExchange.js';
import { instrumentsService } from '../services/instruments.js';
import { marketDataService } from '../services/marketData.js';
import { marketDataStreamService } from '../services/marketDataStream.js';
import { operationsService, ordersService } from '../services/orders.js';
import { ordersStreamService } from '../services/ordersStream.js';
import { sandboxService } from '../services/sandbox.js';
import { usersService } from '../services/users.js';
import { exchangeMiddleware } from './middleware.js';
import { withUnimplemented } from './unimplemented.js';

/** Where the server listens. */
export interface FakeServerOptions {
  /** Default 0: any free port. */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** How long `close()` waits for calls to finish before cancelling them; default 200 ms. */
  readonly closeGraceMs?: number;
}

/** A running fake exchange server. */
export interface FakeExchangeServer {
  readonly port: number;
  /** `localhost:PORT`: the client only uses an insecure channel for `localhost…` endpoints. */
  readonly endpoint: string;
  readonly exchange: FakeExchange;
  /** Stops replay, ends open streams and shuts the server down (forcibly after the grace). */
  close(): Promise<void>;
}

/**
 * Starts a gRPC server for `exchange` (a new empty one when omitted).
 * @example
 * const server = await startFakeExchange(exchange);
 * const api = new TinkoffInvestApi({
 *   token: 't.full',
 *   endpoint: server.endpoint,
 *   channelOptions: { 'grpc.enable_http_proxy': 0 },
 * });
 * // ...
 * await server.close();
 */
export async function startFakeExchange(
  exchange: FakeExchange = new FakeExchange(),
  options: FakeServerOptions = {},
): Promise<FakeExchangeServer> {
  const core = coreOf(exchange);
  const server = createServer().use(exchangeMiddleware(core));
  server.add(UsersServiceDefinition, usersService(core));
  server.add(InstrumentsServiceDefinition, instrumentsService(core));
  server.add(MarketDataServiceDefinition, marketDataService(core));
  server.add(MarketDataStreamServiceDefinition, marketDataStreamService(core));
  server.add(OrdersServiceDefinition, ordersService(core));
  server.add(OrdersStreamServiceDefinition, ordersStreamService(core));
  server.add(OperationsServiceDefinition, operationsService(core));
  server.add(SandboxServiceDefinition, sandboxService(core));
  server.add(StopOrdersServiceDefinition, withUnimplemented(StopOrdersServiceDefinition, {}));
  const port = await server.listen(`${options.host ?? '127.0.0.1'}:${options.port ?? 0}`);
  let closing: Promise<void> | undefined;
  return {
    port,
    endpoint: `localhost:${port}`,
    exchange,
    close() {
      closing ??= (async () => {
        exchange.stopReplay();
        for (const stream of core.faults.openStreams()) stream.end();
        const grace = sleep(options.closeGraceMs ?? 200).then(() => 'timeout' as const);
        if ((await Promise.race([server.shutdown(), grace])) === 'timeout') server.forceShutdown();
      })();
      return closing;
    },
  };
}
