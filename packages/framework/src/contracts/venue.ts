/**
 * The venue contract: what a live broker plugin offers the host besides orders. Paper
 * trading takes a venue's market data and instruments and sends orders to the simulated
 * broker; sandbox and real trading send orders to the venue too.
 * @module
 */
import type { LiveBroker } from './broker.js';
import type { InstrumentDirectory, MarketDataSource } from './marketData.js';
import type { Clock } from './services.js';

/** Who the venue says the operator is, checked before anything is traded. */
export interface VenueAccount {
  /** The account orders go to. */
  readonly accountId: string;
  /** False for a read-only token or account: the host then refuses to trade. */
  readonly canTrade: boolean;
  /** Why trading is impossible, in the venue's words, when it is. */
  readonly reason?: string;
  /** e.g. "sandbox", "broker account", "built-in fake exchange (sample data)". */
  readonly description: string;
}

/** Market data, instruments and, for sandbox and real runs, the account behind orders. */
export interface Venue {
  readonly marketData: MarketDataSource;
  readonly instruments: InstrumentDirectory;
  /**
   * The venue's own time when it is not the wall clock: the built-in fake exchange
   * replaying sample data runs faster than real time, and the host's clock follows it.
   */
  readonly clock?: Clock;
  /**
   * Opens the session with the venue: checks the token, finds (or, in the sandbox,
   * opens and funds) the account. Throws a clear error when the token is refused.
   */
  open(): Promise<VenueAccount>;
}

/** A live broker plugin instance that is also a venue. */
export interface VenueBroker extends LiveBroker {
  readonly venue: Venue;
}

/** True for broker instances that bring market data and instruments of their own. */
export function isVenueBroker(broker: object): broker is VenueBroker {
  const venue = (broker as Partial<VenueBroker>).venue;
  return (
    typeof venue === 'object' &&
    venue !== null &&
    typeof venue.open === 'function' &&
    typeof venue.marketData === 'object' &&
    typeof venue.instruments === 'object'
  );
}

/**
 * Where a venue plugin reports its calls, for the host's metrics. Every method is
 * optional to call; the host turns them into Prometheus series.
 */
export interface VenueMetrics {
  /** A request finished (after retries), with the latency of its last attempt. */
  request(method: string, seconds: number, outcome: 'ok' | 'error'): void;
  /** The client-side rate limiter held a request back. */
  rateLimitWait(method: string, seconds: number): void;
  /** A stream (market data, trades) was re-established after a drop. */
  streamReconnect(stream: string): void;
}
