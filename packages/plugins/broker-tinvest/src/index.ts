/**
 * `@moex-bot/broker-tinvest`: moex-bot's connection to the T-Invest gRPC API, on
 * the real `tinkoff-invest-api` client. It keeps T-Invest's numeric error codes,
 * stays under the published rate limits, retries only what is retryable, opens a
 * circuit breaker when the venue keeps failing, resolves instruments (with a disk
 * cache), and streams completed candles that survive stream drops.
 * @module
 */
export { InvestApi, TINVEST_ENDPOINTS, toTinvestError } from './client/InvestApi.js';
export {
  asTinvestError,
  CircuitOpenError,
  type GatewayHooks,
  type GatewayOptions,
  TinvestGateway,
} from './client/TinvestGateway.js';
export { describeRef, InstrumentCatalog } from './instruments/InstrumentCatalog.js';
export { toInstrument, untradableReason } from './instruments/toInstrument.js';
export { CandleAssembler } from './market/CandleAssembler.js';
export { INTERVALS, requestWindows, toBar } from './market/candles.js';
export {
  type MarketDataHooks,
  type MarketDataOptions,
  TinvestMarketData,
} from './market/TinvestMarketData.js';
export {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
} from './resilience/CircuitBreaker.js';
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
