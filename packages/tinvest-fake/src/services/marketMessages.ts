/**
 * Market data as API messages: streamed and historic candles, last prices.
 * @module
 */
import {
  Candle as CandleMessage,
  CandleSource,
  HistoricCandle,
  LastPrice,
  LastPriceType,
} from 'tinkoff-invest-api/cjs/generated/marketdata.js';
import { toQuotation } from '../decimal.js';
import type { Instrument } from '../instruments/Instrument.js';
import type { Candle } from '../market/candles.js';

function prices(candle: Candle) {
  return {
    open: toQuotation(candle.open),
    high: toQuotation(candle.high),
    low: toQuotation(candle.low),
    close: toQuotation(candle.close),
    volume: candle.volume,
    time: new Date(candle.time),
    candleSourceType: CandleSource.CANDLE_SOURCE_EXCHANGE,
  };
}

/** A `GetCandles` candle. */
export function toHistoricCandle(candle: Candle, complete: boolean): HistoricCandle {
  return HistoricCandle.fromJSON({ ...prices(candle), isComplete: complete });
}

/** A streamed candle: `figi` and `interval` are echoed, the client matches on them. */
export function toCandleMessage(
  instrument: Instrument,
  interval: number,
  candle: Candle,
): CandleMessage {
  return CandleMessage.fromJSON({
    ...prices(candle),
    figi: instrument.figi,
    interval,
    lastTradeTs: new Date(candle.openAt),
    instrumentUid: instrument.uid,
  });
}

/** A last price. */
export function toLastPrice(instrument: Instrument, price: bigint, time: number): LastPrice {
  return LastPrice.fromJSON({
    figi: instrument.figi,
    price: toQuotation(price),
    time: new Date(time),
    instrumentUid: instrument.uid,
    lastPriceType: LastPriceType.LAST_PRICE_EXCHANGE,
  });
}
