/**
 * Instruments as tests describe them (`InstrumentSpec`, friendly defaults) and as the
 * exchange keeps them (`Instrument`, exact step and band, mutable trading status).
 * @module
 */
import { SecurityTradingStatus } from 'tinkoff-invest-api/cjs/generated/common.js';
import { type DecimalInput, NANO, toNanos } from '../decimal.js';
import type { TradingScheduleSpec } from '../market/schedule.js';

/**
 * The allowed price range of limit orders: a percentage around the last price, or fixed
 * limits. Error 30099 outside it.
 */
export type PriceBand =
  | { readonly percent: DecimalInput }
  | { readonly limitDown: DecimalInput; readonly limitUp: DecimalInput };

/** A share as a test loads it; everything but `ticker` has a default. */
export interface InstrumentSpec {
  readonly ticker: string;
  /** Default `TQBR`. */
  readonly classCode?: string;
  /** Default: a UUID derived from ticker and class code. */
  readonly uid?: string;
  /** Default: `FAKE` + ticker, padded to 12 characters. */
  readonly figi?: string;
  readonly isin?: string;
  readonly name?: string;
  /** Pieces in one lot; default 1. */
  readonly lot?: number;
  /** Price step as a decimal; default `0.01`. */
  readonly minPriceIncrement?: DecimalInput;
  /** Settlement currency, lower case as the API spells it; default `rub`. */
  readonly currency?: string;
  /** Default `SECURITY_TRADING_STATUS_NORMAL_TRADING`. */
  readonly tradingStatus?: SecurityTradingStatus;
  /** Default true; false makes orders fail with 30052. */
  readonly apiTradeAvailableFlag?: boolean;
  readonly buyAvailableFlag?: boolean;
  readonly sellAvailableFlag?: boolean;
  /** Whether selling more than held (a short) is allowed; default false (30042 instead). */
  readonly shortEnabledFlag?: boolean;
  /** Whether it trades in weekend sessions; default false (30092 on weekends). */
  readonly weekendFlag?: boolean;
  /** Default ±20% of the last price. */
  readonly priceBand?: PriceBand;
  /** Default: the exchange's schedule. */
  readonly schedule?: TradingScheduleSpec;
}

/** A loaded instrument. */
export interface Instrument {
  readonly ticker: string;
  readonly classCode: string;
  readonly uid: string;
  readonly figi: string;
  readonly positionUid: string;
  readonly assetUid: string;
  readonly isin: string;
  readonly name: string;
  readonly lot: number;
  /** `minPriceIncrement` in nanos. */
  readonly step: bigint;
  readonly currency: string;
  tradingStatus: SecurityTradingStatus;
  readonly apiTradeAvailableFlag: boolean;
  readonly buyAvailableFlag: boolean;
  readonly sellAvailableFlag: boolean;
  readonly shortEnabledFlag: boolean;
  readonly weekendFlag: boolean;
  priceBand: PriceBand;
  readonly schedule: TradingScheduleSpec | undefined;
}

/** A stable UUID-shaped id from a text (FNV-1a), so default ids survive restarts. */
export function derivedUuid(seed: string): string {
  let hex = '';
  for (let round = 0; hex.length < 32; round++) {
    let hash = 0x811c9dc5 ^ round;
    for (const char of `${round}:${seed}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
    hex += (hash >>> 0).toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Applies the defaults of an {@link InstrumentSpec}. */
export function toInstrument(spec: InstrumentSpec): Instrument {
  const classCode = spec.classCode ?? 'TQBR';
  const lot = spec.lot ?? 1;
  if (!Number.isSafeInteger(lot) || lot < 1) throw new RangeError(`${spec.ticker}: bad lot ${lot}`);
  const step = toNanos(spec.minPriceIncrement ?? '0.01');
  if (step <= 0n) throw new RangeError(`${spec.ticker}: minPriceIncrement must be positive`);
  const uid = spec.uid ?? derivedUuid(`instrument:${spec.ticker}_${classCode}`);
  return {
    ticker: spec.ticker,
    classCode,
    uid,
    figi: spec.figi ?? `FAKE${spec.ticker}`.padEnd(12, '0').slice(0, 12),
    positionUid: derivedUuid(`position:${uid}`),
    assetUid: derivedUuid(`asset:${uid}`),
    isin: spec.isin ?? '',
    name: spec.name ?? spec.ticker,
    lot,
    step,
    currency: (spec.currency ?? 'rub').toLowerCase(),
    tradingStatus:
      spec.tradingStatus ?? SecurityTradingStatus.SECURITY_TRADING_STATUS_NORMAL_TRADING,
    apiTradeAvailableFlag: spec.apiTradeAvailableFlag ?? true,
    buyAvailableFlag: spec.buyAvailableFlag ?? true,
    sellAvailableFlag: spec.sellAvailableFlag ?? true,
    shortEnabledFlag: spec.shortEnabledFlag ?? false,
    weekendFlag: spec.weekendFlag ?? false,
    priceBand: spec.priceBand ?? { percent: 20 },
    schedule: spec.schedule,
  };
}

/** The band `limitDown..limitUp` in nanos around `lastPrice`, on the price grid. */
export function priceLimits(
  instrument: Instrument,
  lastPrice: bigint,
): { limitDown: bigint; limitUp: bigint } {
  const band = instrument.priceBand;
  if ('limitDown' in band)
    return { limitDown: toNanos(band.limitDown), limitUp: toNanos(band.limitUp) };
  const hundred = 100n * NANO;
  const percent = toNanos(band.percent);
  // Exact: last × (100 ∓ p) / 100, then inward onto the grid in one integer division.
  const unit = hundred * instrument.step;
  const downNumerator = lastPrice * (hundred - percent);
  const down = ((downNumerator + unit - 1n) / unit) * instrument.step;
  return {
    limitDown: down > 0n ? down : instrument.step,
    limitUp: ((lastPrice * (hundred + percent)) / unit) * instrument.step,
  };
}
