/**
 * The live market-data contract: history for warm-up and gap filling, and a
 * subscription that delivers completed bars only. A broker plugin provides it; paper
 * trading pairs it with the simulated broker, live trading with the plugin's own orders.
 * @module
 */
import type { Bar } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';

/** Bar lengths a live feed can deliver. */
export type BarInterval = '1m' | '5m' | '15m' | '1h' | '1d';

/** Length of each interval, ms. */
export const BAR_INTERVAL_MS: Readonly<Record<BarInterval, number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
};

/** What a subscription reports to the host. */
export interface LiveBarHandler {
  /**
   * A completed bar. Each (instrument, time) arrives once, in time order per
   * instrument; bars missed while the stream was down arrive (from history) before
   * any later bar of the same instrument.
   */
  onBar(bar: Bar): void;
  /** The stream went down (reconnecting) or came back. */
  onStreamState?(state: 'up' | 'down', detail: string): void;
}

/** A running subscription. */
export interface BarSubscription {
  close(): Promise<void>;
}

/** Whether orders in an instrument are possible now, and if not, why. */
export interface TradingAvailability {
  readonly tradable: boolean;
  /** Why not, for logs and denials (e.g. "session closed", "trading status BREAK_IN_TRADING"). */
  readonly reason?: string;
}

/** Live market data of a venue. */
export interface MarketDataSource {
  /** Completed bars with open time in [from, to), oldest first. */
  history(instrument: Instrument, interval: BarInterval, from: number, to: number): Promise<Bar[]>;
  /** Streams completed bars of `instruments` until closed. */
  subscribe(
    instruments: readonly Instrument[],
    interval: BarInterval,
    handler: LiveBarHandler,
  ): Promise<BarSubscription>;
  /** The instrument's trading status and session, as the venue reports them now. */
  tradingAvailability(instrument: Instrument): Promise<TradingAvailability>;
}

/** How an operator names an instrument: ticker and board, FIGI, or instrument uid. */
export type InstrumentRef =
  | { readonly ticker: string; readonly classCode: string }
  | { readonly figi: string }
  | { readonly uid: string };

/** One hit of an instrument search. */
export interface InstrumentMatch {
  readonly uid: string;
  readonly figi: string;
  readonly ticker: string;
  readonly classCode: string;
  readonly name: string;
  readonly instrumentType: string;
  readonly apiTradeAvailable: boolean;
}

/** A venue's instrument catalogue. */
export interface InstrumentDirectory {
  /** The full instrument (lot, price step, …); throws a clear error when unknown. */
  resolve(ref: InstrumentRef): Promise<Instrument>;
  /** Instruments whose ticker, name, FIGI or uid match `query`. */
  find(query: string): Promise<InstrumentMatch[]>;
}
