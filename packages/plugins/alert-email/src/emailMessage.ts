/**
 * The subject and body of an alert mail, from the framework's plain-text rendering, so
 * that a mail reads like the same alert in any other channel.
 * @module
 */
import { type Alert, clipText, formatAlert } from '@moex-bot/framework';

/** The first line of the message is cut to this many characters in the subject. */
export const HEADLINE_LIMIT = 100;

/** What the mail says. */
export interface EmailMessage {
  /** `[moex-bot] [CRITICAL] risk.halted: Trading halted: drawdown 5.2%` */
  readonly subject: string;
  /** The message, its `key: value` context lines and the Moscow time. */
  readonly text: string;
}

/**
 * The mail for one alert: the prefix, the alert's subject and the first line of its
 * message (shortened to {@link HEADLINE_LIMIT} characters) as the subject, and the
 * whole rendering as the body.
 * @example
 * emailMessage({ severity: 'critical', type: 'risk.halted', message: 'Halted', time: 0 }, '[bot]');
 * // { subject: '[bot] [CRITICAL] risk.halted: Halted', text: 'Halted\n1970-01-01 03:00 MSK' }
 */
export function emailMessage(alert: Alert, subjectPrefix: string): EmailMessage {
  const { subject, text } = formatAlert(alert);
  const headline = clipText(alert.message.split('\n', 1)[0]?.trim() ?? '', HEADLINE_LIMIT);
  const lead = subjectPrefix.trim() === '' ? subject : `${subjectPrefix.trim()} ${subject}`;
  return { subject: headline === '' ? lead : `${lead}: ${headline}`, text };
}
