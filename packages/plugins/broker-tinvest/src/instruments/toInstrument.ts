/**
 * T-Invest instrument messages to the framework's `Instrument`, exactly: the price
 * step goes through decimal text, never through a float sum of units and nano.
 * @module
 */
import { defineInstrument, type Instrument, quotationToDecimal } from '@moex-bot/framework';
import type { Instrument as ApiInstrument } from 'tinkoff-invest-api/cjs/generated/instruments.js';

/** Why an instrument cannot be traded by the bot, or undefined when it can. */
export function untradableReason(api: ApiInstrument): string | undefined {
  if (!api.apiTradeAvailableFlag)
    return 'not tradable through the T-Invest API (apiTradeAvailableFlag is false)';
  if (api.minPriceIncrement === undefined) return 'the venue reports no price step';
  if (!(api.lot >= 1)) return `the venue reports lot ${api.lot}`;
  return undefined;
}

/**
 * @example
 * const sber = toInstrument(response.instrument!); // { uid, figi, ticker: 'SBER', lot: 10, minPriceIncrement: 0.01, … }
 */
export function toInstrument(api: ApiInstrument): Instrument {
  if (api.minPriceIncrement === undefined) {
    throw new Error(`${api.ticker}/${api.classCode}: the venue reports no price step`);
  }
  return defineInstrument({
    uid: api.uid,
    figi: api.figi,
    ticker: api.ticker,
    classCode: api.classCode,
    lot: api.lot,
    minPriceIncrement: quotationToDecimal(api.minPriceIncrement),
    currency: api.currency.toUpperCase(),
    name: api.name,
  });
}
