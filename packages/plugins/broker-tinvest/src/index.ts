/**
 * `@moex-bot/broker-tinvest`: moex-bot's connection to the T-Invest gRPC API, on
 * the real `tinkoff-invest-api` client, and the `tinvest` broker plugin (the default
 * export). It keeps T-Invest's numeric error codes, stays under the published rate
 * limits, retries only what is retryable, opens a circuit breaker (and halts trading)
 * when the venue keeps failing, resolves instruments (with a disk cache), streams
 * completed candles that survive stream drops, and sends orders at most once by their
 * idempotency key, reporting each execution once from the trades stream or a poll.
 * @module
 */
import { tinvestBroker } from './plugin.js';

export { tinvestEndpoint, type VenueMode } from './client/endpoint.js';
export { InvestApi, TINVEST_ENDPOINTS, toTinvestError } from './client/InvestApi.js';
export {
  asTinvestError,
  CircuitOpenError,
  type GatewayHooks,
  type GatewayOptions,
  TinvestGateway,
} from './client/TinvestGateway.js';
export {
  createTinvestBroker,
  INSTRUMENT_CACHE_FILE,
  type TinvestHostOptions,
} from './createTinvestBroker.js';
export type { TinvestHooks, TinvestStream } from './hooks.js';
export {
  type CatalogOptions,
  describeRef,
  InstrumentCatalog,
} from './instruments/InstrumentCatalog.js';
export { toInstrument, untradableReason } from './instruments/toInstrument.js';
export { CandleAssembler } from './market/CandleAssembler.js';
export { INTERVALS, requestWindows, toBar } from './market/candles.js';
export {
  type MarketDataHooks,
  type MarketDataOptions,
  TinvestMarketData,
} from './market/TinvestMarketData.js';
export { CommissionEstimate } from './orders/executions.js';
export { type Placement, placeOrder, postOrderRequest } from './orders/placeOrder.js';
export { TinvestBroker, type TinvestBrokerOptions } from './orders/TinvestBroker.js';
export { isOrderNotFound, TradingApi } from './orders/TradingApi.js';
export { type TinvestParams, TinvestParamsSchema } from './params.js';
export { tinvestBroker } from './plugin.js';
export {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
} from './resilience/CircuitBreaker.js';
export { OUTAGE_HOLD, outageHold } from './resilience/outageHold.js';
export {
  RateLimiter,
  type RateLimits,
  realTime,
  TINVEST_RATE_LIMITS,
  type Waiter,
} from './resilience/rateLimits.js';
export {
  DEFAULT_RETRY,
  type RetryListener,
  type RetryPolicy,
  retryDelay,
  withRetry,
} from './resilience/retry.js';
export { API_CODES, GrpcStatus, TinvestError } from './resilience/TinvestError.js';
export { TokenBucket } from './resilience/TokenBucket.js';
export { EmbeddedExchange, type ReplaySettings } from './venue/EmbeddedExchange.js';
export { FakeExchangeClock } from './venue/FakeExchangeClock.js';
export { type AccountChoice, type AccountLookup, findAccount } from './venue/findAccount.js';
export { TinvestVenue, type TinvestVenueOptions } from './venue/TinvestVenue.js';

export default tinvestBroker;
