/**
 * The host's first risk rule in live runs: orders only for instruments whose trading
 * status and session allow them, as the venue last reported. The venue is asked on a
 * timer rather than per order, so the order path never waits for the network; an
 * order the venue would refuse anyway (closed session) is denied before it is sent.
 * @module
 */

import type { RiskRule } from '../contracts/define.js';
import type { MarketDataSource, TradingAvailability } from '../contracts/marketData.js';
import { decisions, type RiskDecision } from '../contracts/risk.js';
import type { Logger } from '../contracts/services.js';
import type { Instrument } from '../domain/instrument.js';
import type { OrderIntent } from '../domain/order.js';

/** Denial codes of the gate. */
export const SESSION_DENY = {
  notTradable: 'INSTRUMENT_NOT_TRADABLE',
  unknown: 'TRADING_STATUS_UNKNOWN',
} as const;

export class SessionGate implements RiskRule {
  private readonly availability = new Map<string, TradingAvailability>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: MarketDataSource,
    private readonly instruments: readonly Instrument[],
    private readonly logger: Logger,
  ) {}

  /** Asks the venue about every instrument; a failed answer keeps the last one known. */
  async refresh(): Promise<void> {
    await Promise.all(
      this.instruments.map(async (instrument) => {
        try {
          const now = await this.source.tradingAvailability(instrument);
          const before = this.availability.get(instrument.uid);
          this.availability.set(instrument.uid, now);
          if (before?.tradable !== now.tradable) {
            this.logger.info(
              { event: 'TradingAvailabilityChanged', instrument: instrument.ticker, ...now },
              `${instrument.ticker}: ${now.tradable ? 'tradable' : `not tradable (${now.reason})`}`,
            );
          }
        } catch (error) {
          this.logger.warn(
            { event: 'TradingAvailabilityUnknown', instrument: instrument.ticker },
            `trading status of ${instrument.ticker} unknown: ${(error as Error).message}`,
          );
        }
      }),
    );
  }

  /** Refreshes every `everyMs` until `stop`. */
  start(everyMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.refresh(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** What the venue last said about an instrument. */
  status(uid: string): TradingAvailability | undefined {
    return this.availability.get(uid);
  }

  check(intent: OrderIntent): RiskDecision {
    const known = this.availability.get(intent.instrument);
    if (known === undefined) return decisions.deny(SESSION_DENY.unknown);
    if (!known.tradable) {
      return decisions.deny(SESSION_DENY.notTradable, { reason: known.reason ?? 'closed' });
    }
    return decisions.approve();
  }
}
