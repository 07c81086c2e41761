/**
 * The trading-state gate: `active`, `reducing` (only orders that shrink exposure)
 * or `halted` (nothing but exits). Every order passes it first.
 * @module
 */

import type { AlertSink } from '../contracts/alert.js';
import type { Clock, Logger, TradingControl, TradingStateName } from '../contracts/services.js';
import { Tokens } from '../di/tokens.js';
import { inject, injectable } from '../di/tsyringe.js';
import type { EngineMetrics } from '../observability/metrics.js';

/** A change of trading state, as recorded in the state history. */
export interface TradingStateChange {
  readonly from: TradingStateName;
  readonly to: TradingStateName;
  /** A code such as `DAILY_LOSS_LIMIT_REACHED` or `OPERATOR`. */
  readonly reason: string;
  readonly time: number;
}

/** Holds the trading state and announces its changes. */
@injectable()
export class TradingState implements TradingControl {
  private current: TradingStateName = 'active';
  private currentReason = 'START';
  /** Every reason holding trading back and what it asks for. */
  private readonly holds = new Map<string, TradingStateName>();
  private readonly listeners: Array<(change: TradingStateChange) => void> = [];

  constructor(
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(Tokens.Logger) private readonly logger: Logger,
    @inject(Tokens.Metrics) private readonly metrics: EngineMetrics,
    @inject(Tokens.Alerts) private readonly alerts: AlertSink,
  ) {}

  get state(): TradingStateName {
    return this.current;
  }

  /** The reason code of the hold in force (or of the last change back to active). */
  get reason(): string {
    return this.currentReason;
  }

  halt(reason: string): void {
    this.holds.set(reason, 'halted');
    this.apply(reason);
  }

  reduce(reason: string): void {
    if (this.holds.get(reason) !== 'halted') this.holds.set(reason, 'reducing');
    this.apply(reason);
  }

  /** The operator's resume: lifts every hold, whoever placed it. */
  resume(reason: string): void {
    this.holds.clear();
    this.apply(reason);
  }

  /**
   * Lifts one hold only (a rule lifting its own halt): trading stays halted or
   * reducing while any other hold remains. `because` is reported when the state changes.
   */
  release(hold: string, because = hold): void {
    if (!this.holds.delete(hold)) return;
    this.apply(because);
  }

  /** The reasons currently holding trading back, oldest first. */
  get activeHolds(): ReadonlyMap<string, TradingStateName> {
    return this.holds;
  }

  onChange(listener: (change: TradingStateChange) => void): void {
    this.listeners.push(listener);
  }

  /** Moves to the state the holds demand: halted beats reducing beats active. */
  private apply(reason: string): void {
    let to: TradingStateName = 'active';
    let why = reason;
    for (const [hold, state] of this.holds) {
      if (state === 'halted' || to === 'active') {
        to = state;
        why = hold;
      }
    }
    // The latest hold of the winning kind names the state; a release that ends all holds
    // is named by its own reason.
    if (to !== 'active' && this.holds.get(reason) === to) why = reason;
    this.change(to, to === 'active' ? reason : why);
  }

  private change(to: TradingStateName, reason: string): void {
    const from = this.current;
    if (from === to) {
      // No change to announce, but the reason now names the hold in force.
      this.currentReason = reason;
      return;
    }
    this.current = to;
    this.currentReason = reason;
    const change: TradingStateChange = { from, to, reason, time: this.clock.now() };
    if (to === 'halted') this.metrics.count(this.metrics.tradingHalts, reasonCode(reason));
    this.logger.warn(
      { event: 'TradingStateChanged', ...change },
      `trading ${from} → ${to}: ${reason}`,
    );
    this.alerts.raise({
      severity: to === 'active' ? 'info' : 'critical',
      type: to === 'halted' ? 'risk.halted' : to === 'reducing' ? 'risk.reducing' : 'risk.resumed',
      message: `Trading ${to} (${reason})`,
      context: { from, to, reason },
    });
    for (const listener of this.listeners) listener(change);
  }
}

/**
 * The code of a reason, for a metric label: the text before the first colon
 * (`telegram:42: news at 14:00` → `telegram`). Reasons may carry free text, and every
 * distinct label value would be a new Prometheus series kept for good.
 */
export function reasonCode(reason: string): string {
  const colon = reason.indexOf(':');
  return (colon === -1 ? reason : reason.slice(0, colon)).trim() || 'UNSPECIFIED';
}
