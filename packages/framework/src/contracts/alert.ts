/**
 * Alerts: what the host tells operators. Delivery never blocks the order path.
 * @module
 */

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface Alert {
  readonly severity: AlertSeverity;
  /** Event type, dotted: `strategy.failed`, `risk.halted`, `order.rejected`. */
  readonly type: string;
  readonly message: string;
  readonly time: number;
  readonly context?: Readonly<Record<string, string | number | boolean>>;
}

/** Something that can raise an alert. */
export interface AlertSink {
  raise(alert: Omit<Alert, 'time'> & { time?: number }): void;
}
