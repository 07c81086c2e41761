/**
 * Builds the `tinvest` broker of a run: the client, the gateway with its circuit breaker
 * (whose opening halts trading), the instrument catalogue, market data, the venue and
 * the order routing — or, for a paper run without a token, all of it on the built-in
 * fake exchange.
 * @module
 */
import path from 'node:path';
import type { BrokerContext } from '@moex-bot/framework';
import { tinvestEndpoint, type VenueMode } from './client/endpoint.js';
import { InvestApi } from './client/InvestApi.js';
import { TinvestGateway } from './client/TinvestGateway.js';
import { metricHooks, type TinvestHooks } from './hooks.js';
import { InstrumentCatalog } from './instruments/InstrumentCatalog.js';
import { TinvestMarketData } from './market/TinvestMarketData.js';
import { CommissionEstimate } from './orders/executions.js';
import { TinvestBroker } from './orders/TinvestBroker.js';
import { TradingApi } from './orders/TradingApi.js';
import type { TinvestParams } from './params.js';
import { CircuitBreaker } from './resilience/CircuitBreaker.js';
import { outageHold } from './resilience/outageHold.js';
import { RateLimiter, type RateLimits } from './resilience/rateLimits.js';
import type { RetryPolicy } from './resilience/retry.js';
import { EmbeddedExchange } from './venue/EmbeddedExchange.js';
import { TinvestVenue } from './venue/TinvestVenue.js';

/** What the host (or a test) may set beyond the operator's parameters. */
export interface TinvestHostOptions {
  /** Latency, rate-limit waits, retries and stream reconnects, for metrics. */
  readonly hooks?: TinvestHooks;
  /** Retries of transient failures; default 4 with backoff from 200 ms to 5 s. */
  readonly retry?: RetryPolicy;
  /** Transient failures in a row that open the breaker (default 5), and its cooldown (30 s). */
  readonly breaker?: { readonly failureThreshold: number; readonly cooldownMs: number };
  /** A unary call without a reply after this many ms has failed; default 15 000. */
  readonly deadlineMs?: number;
  /** Largest pause between stream reconnects, ms; default 5 000. */
  readonly maxReconnectDelayMs?: number;
  /** How long an order whose reply was lost may stay unseen before it is rejected; default 30 000. */
  readonly notReceivedGraceMs?: number;
  /**
   * Client-side limits; default the published T-Invest ones. Only a venue with other limits
   * (a local fake exchange in a benchmark) should change them.
   */
  readonly rateLimits?: RateLimits;
}

/** The file the instrument cache lives in. */
export const INSTRUMENT_CACHE_FILE = 'tinvest-instruments.json';

/** The run's mode, which must reach T-Invest (or the fake standing in for it). */
function venueMode(context: BrokerContext): VenueMode {
  if (context.mode === 'backtest') {
    throw new Error(
      'the tinvest broker serves paper, sandbox and real runs; backtests use the `simulated` broker',
    );
  }
  return context.mode;
}

/**
 * @example
 * const broker = await createTinvestBroker(TinvestParamsSchema.parse({ token }), context, {
 *   hooks: { onCall: (method, ms) => latency.observe({ method }, ms / 1000) },
 * });
 * const account = await broker.venue.open();
 */
export async function createTinvestBroker(
  params: TinvestParams,
  context: BrokerContext,
  options: TinvestHostOptions = {},
): Promise<TinvestBroker> {
  const mode = venueMode(context);
  if (params.token === undefined && mode !== 'paper') {
    throw new Error(
      `mode ${mode} needs a T-Invest token: set broker.params.token to \${TINVEST_TOKEN}; ` +
        'only paper runs go without one, on the built-in fake exchange',
    );
  }
  const embedded =
    params.token === undefined ? await EmbeddedExchange.start(params.replay) : undefined;
  const token = params.token ?? embedded!.token;
  const endpoint = embedded?.endpoint ?? tinvestEndpoint(mode, params.endpoint);
  let api: InvestApi;
  try {
    api = new InvestApi({ token, endpoint, appName: params.appName });
  } catch (error) {
    await embedded?.close();
    throw error;
  }
  const hooks = metricHooks(context.metrics, options.hooks);
  const breaker = new CircuitBreaker({
    failureThreshold: options.breaker?.failureThreshold ?? 5,
    cooldownMs: options.breaker?.cooldownMs ?? 30_000,
    ...outageHold(context),
  });
  const gateway = new TinvestGateway({
    breaker,
    ...(options.rateLimits ? { limiter: new RateLimiter(options.rateLimits) } : {}),
    hooks,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}),
  });
  // The fake's SYNTHETIC instruments must never land in the cache real runs read.
  const cacheFile =
    embedded === undefined && context.dataDir !== undefined
      ? path.join(context.dataDir, INSTRUMENT_CACHE_FILE)
      : undefined;
  const instruments = new InstrumentCatalog(api, gateway, cacheFile, {
    ttlMs: params.instrumentCacheHours * 3_600_000,
    logger: context.logger,
  });
  const marketData = new TinvestMarketData(api, gateway, {
    hooks: { onReconnect: (n, error) => hooks.onStreamReconnect?.('MarketDataStream', n, error) },
    ...(options.maxReconnectDelayMs ? { maxReconnectDelayMs: options.maxReconnectDelayMs } : {}),
  });
  const venue = new TinvestVenue({
    api,
    marketData,
    instruments,
    embedded,
    lookup: { api, gateway, endpoint, token },
    account: { mode, accountId: params.accountId, sandbox: params.sandbox },
  });
  return new TinvestBroker({
    mode,
    venue,
    api,
    trading: new TradingApi(api, gateway, mode === 'sandbox'),
    commission: new CommissionEstimate(params.commissionPercent),
    pollIntervalMs: params.pollIntervalMs,
    logger: context.logger,
    breaker,
    retry: options.retry,
    hooks,
    maxReconnectDelayMs: options.maxReconnectDelayMs,
    notReceivedGraceMs: options.notReceivedGraceMs,
  });
}
