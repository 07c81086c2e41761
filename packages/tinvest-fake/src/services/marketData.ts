/**
 * `MarketDataService`: candles (never past the exchange clock, the forming one marked
 * incomplete), last prices, trading statuses and a bookless order book with the limits.
 * @module
 */
import { SecurityTradingStatus } from 'tinkoff-invest-api/cjs/generated/common.js';
import {
  GetCandlesResponse,
  GetLastPricesResponse,
  GetOrderBookResponse,
  GetTradingStatusesResponse,
  GetTradingStatusResponse,
  MarketDataServiceDefinition,
} from 'tinkoff-invest-api/cjs/generated/marketdata.js';
import { ExchangeApiError } from '../apiErrors.js';
import { toQuotation } from '../decimal.js';
import type { ExchangeCore } from '../ExchangeCore.js';
import { type Instrument, priceLimits } from '../instruments/Instrument.js';
import { candleAt } from '../market/candles.js';
import { findInterval } from '../market/intervals.js';
import { withUnimplemented } from '../server/unimplemented.js';
import { toHistoricCandle, toLastPrice } from './marketMessages.js';

/** `GetTradingStatus` of one instrument. */
function tradingStatus(core: ExchangeCore, instrument: Instrument): GetTradingStatusResponse {
  const status = core.effectiveStatus(instrument);
  const tradable =
    status === SecurityTradingStatus.SECURITY_TRADING_STATUS_NORMAL_TRADING &&
    instrument.apiTradeAvailableFlag;
  return GetTradingStatusResponse.fromJSON({
    figi: instrument.figi,
    tradingStatus: status,
    limitOrderAvailableFlag: tradable,
    marketOrderAvailableFlag: tradable,
    apiTradeAvailableFlag: instrument.apiTradeAvailableFlag,
    instrumentUid: instrument.uid,
    bestpriceOrderAvailableFlag: tradable,
    onlyBestPrice: false,
  });
}

/** The `MarketDataService` implementation. */
export function marketDataService(core: ExchangeCore) {
  return withUnimplemented(MarketDataServiceDefinition, {
    async getCandles(request) {
      const instrument = core.instruments.require(request.instrumentId || request.figi || '');
      const interval = findInterval(request.interval);
      if (!interval) throw new ExchangeApiError(30011);
      if (!request.from) throw new ExchangeApiError(30001);
      const from = request.from.getTime();
      const to = request.to?.getTime() ?? core.now;
      if (to < from) throw new ExchangeApiError(30012);
      if (to - from > interval.maxRangeMs) throw new ExchangeApiError(30014);
      const series = core.market.series(instrument.uid, interval.ms);
      const visible = (series?.between(from, to) ?? [])
        .map((candle) => candleAt(candle, core.now))
        .filter((view) => view !== undefined)
        .map((view) => toHistoricCandle(view.candle, view.complete));
      const limit = request.limit && request.limit > 0 ? request.limit : visible.length;
      return GetCandlesResponse.fromJSON({ candles: visible.slice(0, limit) });
    },
    async getLastPrices(request) {
      const ids = [...request.instrumentId, ...request.figi];
      const instruments =
        ids.length > 0 ? ids.map((id) => core.instruments.require(id)) : core.instruments.all();
      const lastPrices = instruments.flatMap((instrument) => {
        const last = core.market.lastTrade(instrument.uid, core.now);
        return last ? [toLastPrice(instrument, last.price, last.time)] : [];
      });
      return GetLastPricesResponse.fromJSON({ lastPrices });
    },
    async getTradingStatus(request) {
      return tradingStatus(
        core,
        core.instruments.require(request.instrumentId || request.figi || ''),
      );
    },
    async getTradingStatuses(request) {
      const statuses = request.instrumentId.map((id) =>
        tradingStatus(core, core.instruments.require(id)),
      );
      return GetTradingStatusesResponse.fromJSON({ tradingStatuses: statuses });
    },
    async getOrderBook(request) {
      // The fake has no depth of market: an empty book, with the last price and the band.
      const instrument = core.instruments.require(request.instrumentId || request.figi || '');
      const last = core.market.lastTrade(instrument.uid, core.now);
      const limits = last && priceLimits(instrument, last.price);
      return GetOrderBookResponse.fromJSON({
        figi: instrument.figi,
        depth: request.depth,
        bids: [],
        asks: [],
        lastPrice: last && toQuotation(last.price),
        closePrice: last && toQuotation(last.price),
        limitUp: limits && toQuotation(limits.limitUp),
        limitDown: limits && toQuotation(limits.limitDown),
        lastPriceTs: last && new Date(last.time),
        closePriceTs: last && new Date(last.time),
        orderbookTs: new Date(core.now),
        instrumentUid: instrument.uid,
      });
    },
  });
}
