/**
 * `InstrumentsService`: shares, lookups by id, search and the trading calendar.
 * @module
 */
import { InstrumentStatus, InstrumentType } from 'tinkoff-invest-api/cjs/generated/common.js';
import {
  FindInstrumentResponse,
  InstrumentResponse,
  InstrumentsServiceDefinition,
  ShareResponse,
  SharesResponse,
  TradingSchedulesResponse,
} from 'tinkoff-invest-api/cjs/generated/instruments.js';
import { ExchangeApiError } from '../apiErrors.js';
import type { ExchangeCore } from '../ExchangeCore.js';
import {
  toInstrumentMessage,
  toInstrumentShort,
  toShareMessage,
} from '../instruments/instrumentMessages.js';
import { sessionsOn } from '../market/schedule.js';
import { withUnimplemented } from '../server/unimplemented.js';

const DAY = 86_400_000;

/** The `InstrumentsService` implementation. */
export function instrumentsService(core: ExchangeCore) {
  const status = core.effectiveStatus.bind(core);
  return withUnimplemented(InstrumentsServiceDefinition, {
    async shares(request) {
      // BASE (the default) lists what can be traded through the API; ALL lists everything.
      const all = request.instrumentStatus === InstrumentStatus.INSTRUMENT_STATUS_ALL;
      const shares = core.instruments.all().filter((i) => all || i.apiTradeAvailableFlag);
      return SharesResponse.fromJSON({
        instruments: shares.map((i) => toShareMessage(i, status(i))),
      });
    },
    async shareBy(request) {
      const instrument = core.instruments.byRequest(request);
      return ShareResponse.fromJSON({ instrument: toShareMessage(instrument, status(instrument)) });
    },
    async getInstrumentBy(request) {
      const instrument = core.instruments.byRequest(request);
      return InstrumentResponse.fromJSON({
        instrument: toInstrumentMessage(instrument, status(instrument)),
      });
    },
    async findInstrument(request) {
      const query = request.query.trim().toLowerCase();
      if (!query) throw new ExchangeApiError(30087);
      const kind = request.instrumentKind;
      const sharesWanted =
        kind === undefined ||
        kind === InstrumentType.INSTRUMENT_TYPE_UNSPECIFIED ||
        kind === InstrumentType.INSTRUMENT_TYPE_SHARE;
      const found = core.instruments.all().filter((i) => {
        if (!sharesWanted) return false;
        if (request.apiTradeAvailableFlag && !i.apiTradeAvailableFlag) return false;
        const texts = [i.ticker, i.name, i.isin].map((text) => text.toLowerCase());
        return (
          texts.some((text) => text.includes(query)) ||
          [i.figi, i.uid].includes(request.query.trim())
        );
      });
      return FindInstrumentResponse.fromJSON({ instruments: found.map(toInstrumentShort) });
    },
    async tradingSchedules(request) {
      if (request.exchange && request.exchange.toUpperCase() !== 'MOEX')
        throw new ExchangeApiError(50001);
      const from = Math.floor((request.from?.getTime() ?? core.now) / DAY) * DAY;
      const to = request.to?.getTime() ?? from + 6 * DAY;
      if (to < from) throw new ExchangeApiError(30012);
      const days = [];
      for (let day = from; day <= to; day += DAY) {
        const sessions = sessionsOn(core.settings.schedule, day, false);
        const first = sessions[0];
        const last = sessions.at(-1);
        days.push({
          date: new Date(day),
          isTradingDay: sessions.length > 0,
          startTime: first && new Date(first.start),
          endTime: last && new Date(last.end),
          intervals: sessions.map((s) => ({
            type: s.name,
            interval: { startTs: new Date(s.start), endTs: new Date(s.end) },
          })),
        });
      }
      return TradingSchedulesResponse.fromJSON({ exchanges: [{ exchange: 'MOEX', days }] });
    },
  });
}
