/**
 * One plain-text rendering of an alert for every channel: a subject line with severity,
 * type and Moscow time, and the message with its context as `key: value` lines.
 * @module
 */
import type { Alert } from '../contracts/alert.js';
import { moscowText } from '../quality/moscowText.js';

const MARK: Record<Alert['severity'], string> = {
  info: 'INFO',
  warning: 'WARNING',
  critical: 'CRITICAL',
};

/** `2026-11-24 10:01:05 MSK`: to the second (seconds only when not zero). */
export function moscowStamp(time: number): string {
  return moscowText(Math.floor(time / 1000) * 1000);
}

/**
 * Shortens `text` to at most `limit` characters (code points, so that no emoji or other
 * surrogate pair is cut in half), ending in `mark`. Channels have hard message limits,
 * and a message over one is refused for good.
 * @example
 * clipText('Order rejected: not enough money', 16); // 'Order rejected:…'
 */
export function clipText(text: string, limit: number, mark = '…'): string {
  const chars = Array.from(text);
  if (chars.length <= limit) return text;
  const room = Math.max(0, limit - Array.from(mark).length);
  return `${chars.slice(0, room).join('').trimEnd()}${mark}`;
}

const money = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** `1,234.50 RUB` */
export function rubText(value: number): string {
  return `${money.format(value)} RUB`;
}

/** `+1,234.50 RUB`, `-12.00 RUB`: P&L carries its sign. */
export function pnlText(value: number): string {
  return `${value > 0 ? '+' : ''}${rubText(value)}`;
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
