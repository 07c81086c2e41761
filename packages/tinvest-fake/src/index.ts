/**
 * `@moex-bot/tinvest-fake`: a fake T-Invest exchange. A gRPC server on loopback, built on
 * the service definitions inside `tinkoff-invest-api`, that the real `TinkoffInvestApi`
 * client talks to — with its own clock, candles, accounts, order matching, the API's error
 * codes and limits, and fault injection. For plugin tests and token-less paper trading.
 * @module
 */
export { SecurityTradingStatus } from 'tinkoff-invest-api/cjs/generated/common.js';
export { API_ERRORS, type ApiErrorCode, type ApiErrorInfo, isApiErrorCode } from './apiErrors.js';
export type {
  CallFault,
  Fault,
  FaultInjector,
  OrderFault,
  ResponseLostFault,
  StreamDropKind,
  TrackedStream,
} from './control/FaultInjector.js';
export {
  DEFAULT_RATE_LIMITS,
  type RateLimiter,
  type RateLimitOptions,
  type RateLimitState,
} from './control/RateLimiter.js';
export type { RequestLogEntry } from './control/RequestLog.js';
export type { ReplayHandle, ReplayOptions } from './control/replay.js';
export type { DecimalInput } from './decimal.js';
export {
  type CandleSet,
  FakeExchange,
  type FakeExchangeOptions,
  type MarketSnapshot,
} from './FakeExchange.js';
export type { InstrumentSpec, PriceBand } from './instruments/Instrument.js';
export type { CandleInput } from './market/candles.js';
export type { IntervalName } from './market/intervals.js';
export {
  type SampleMarket,
  type SampleMarketOptions,
  sampleMarket,
} from './market/sampleMarket.js';
export {
  ALWAYS_OPEN,
  MOEX_SCHEDULE,
  type TradingScheduleSpec,
  type TradingSession,
} from './market/schedule.js';
export {
  type FakeExchangeServer,
  type FakeServerOptions,
  startFakeExchange,
} from './server/startFakeExchange.js';
export type { AccountSpec, HoldingSpec } from './trading/Account.js';
export type { AccessLevelName, TokenSpec, UserInfo } from './trading/AccountRegistry.js';
export type { OrderStatus } from './trading/Order.js';
export type { ExecutionSnapshot, OrderSnapshot } from './trading/orderSnapshot.js';
