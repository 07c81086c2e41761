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

  /** The reason code of the last change. */
  get reason(): string {
    return this.currentReason;
  }

  halt(reason: string): void {
    this.change('halted', reason);
  }

  reduce(reason: string): void {
    this.change('reducing', reason);
  }

  resume(reason: string): void {
    this.change('active', reason);
  }

  onChange(listener: (change: TradingStateChange) => void): void {
    this.listeners.push(listener);
  }

  private change(to: TradingStateName, reason: string): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.currentReason = reason;
    const change: TradingStateChange = { from, to, reason, time: this.clock.now() };
    if (to === 'halted') this.metrics.count(this.metrics.tradingHalts, reason);
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
