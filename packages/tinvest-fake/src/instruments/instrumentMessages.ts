/**
 * Instruments as API messages. Everything goes through the generated `fromJSON`, which
 * fills every field the fake does not model with its proto3 default, so the server never
 * fails with `INTERNAL: Error serializing response`.
 * @module
 */
import type { SecurityTradingStatus } from 'tinkoff-invest-api/cjs/generated/common.js';
import { InstrumentType } from 'tinkoff-invest-api/cjs/generated/common.js';
import {
  Instrument as InstrumentMessage,
  InstrumentShort,
  Share,
  ShareType,
} from 'tinkoff-invest-api/cjs/generated/instruments.js';
import { toQuotation } from '../decimal.js';
import type { Instrument } from './Instrument.js';

/** Fields shared by `Share` and `Instrument`. */
function common(instrument: Instrument, status: SecurityTradingStatus) {
  return {
    figi: instrument.figi,
    ticker: instrument.ticker,
    classCode: instrument.classCode,
    isin: instrument.isin,
    lot: instrument.lot,
    currency: instrument.currency,
    shortEnabledFlag: instrument.shortEnabledFlag,
    name: instrument.name,
    exchange: 'MOEX',
    countryOfRisk: 'RU',
    countryOfRiskName: 'Российская Федерация',
    tradingStatus: status,
    buyAvailableFlag: instrument.buyAvailableFlag,
    sellAvailableFlag: instrument.sellAvailableFlag,
    minPriceIncrement: toQuotation(instrument.step),
    apiTradeAvailableFlag: instrument.apiTradeAvailableFlag,
    uid: instrument.uid,
    positionUid: instrument.positionUid,
    assetUid: instrument.assetUid,
    weekendFlag: instrument.weekendFlag,
  };
}

/** A `Share` message (`Shares`, `ShareBy`). */
export function toShareMessage(instrument: Instrument, status: SecurityTradingStatus): Share {
  return Share.fromJSON({
    ...common(instrument, status),
    shareType: ShareType.SHARE_TYPE_COMMON,
    liquidityFlag: true,
  });
}

/** An `Instrument` message (`GetInstrumentBy`). */
export function toInstrumentMessage(
  instrument: Instrument,
  status: SecurityTradingStatus,
): InstrumentMessage {
  return InstrumentMessage.fromJSON({
    ...common(instrument, status),
    instrumentType: 'share',
    instrumentKind: InstrumentType.INSTRUMENT_TYPE_SHARE,
  });
}

/** An `InstrumentShort` message (`FindInstrument`). */
export function toInstrumentShort(instrument: Instrument): InstrumentShort {
  return InstrumentShort.fromJSON({
    isin: instrument.isin,
    figi: instrument.figi,
    ticker: instrument.ticker,
    classCode: instrument.classCode,
    instrumentType: 'share',
    name: instrument.name,
    uid: instrument.uid,
    positionUid: instrument.positionUid,
    instrumentKind: InstrumentType.INSTRUMENT_TYPE_SHARE,
    apiTradeAvailableFlag: instrument.apiTradeAvailableFlag,
    weekendFlag: instrument.weekendFlag,
    lot: instrument.lot,
  });
}
