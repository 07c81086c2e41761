/**
 * One plain-text rendering of an alert for every channel: a subject line with severity,
 * type and Moscow time, and the message with its context as `key: value` lines.
 * @module
 */
import type { Alert } from '../contracts/alert.js';
import { MOSCOW_OFFSET_MS } from '../market/moscowTime.js';

const MARK: Record<Alert['severity'], string> = {
  info: 'INFO',
  warning: 'WARNING',
  critical: 'CRITICAL',
};

/** `2026-11-24 10:01:05 MSK` */
export function moscowStamp(time: number): string {
  return `${new Date(time + MOSCOW_OFFSET_MS).toISOString().replace('T', ' ').slice(0, 19)} MSK`;
}

/** The parts a channel lays out in its own way. */
export interface FormattedAlert {
  /** `[CRITICAL] risk.halted` */
  readonly subject: string;
  /** The message, then one `key: value` line per context entry, then the time. */
  readonly text: string;
  /** The context lines alone. */
  readonly details: readonly string[];
  readonly when: string;
}

export function formatAlert(alert: Alert): FormattedAlert {
  const subject = `[${MARK[alert.severity]}] ${alert.type}`;
  const details = Object.entries(alert.context ?? {}).map(([key, value]) => `${key}: ${value}`);
  const when = moscowStamp(alert.time);
  const text = [alert.message, ...details, when].join('\n');
  return { subject, text, details, when };
}
