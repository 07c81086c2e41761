/**
 * The Slack message for an alert: the framework's plain-text rendering laid out as
 * mrkdwn blocks, escaped so that an alert can neither ping a channel nor break the layout.
 * @module
 */
import { type Alert, clipText, formatAlert } from '@moex-bot/framework';

/**
 * Slack refuses a section whose text is longer than this (`invalid_blocks`, a permanent
 * 400), so a long message is clipped rather than lost.
 */
export const SECTION_LIMIT = 3000;

/** A block of Slack's Block Kit, as far as this plugin uses it. */
export type SlackBlock =
  | { readonly type: 'section'; readonly text: { readonly type: 'mrkdwn'; readonly text: string } }
  | {
      readonly type: 'context';
      readonly elements: readonly { readonly type: 'mrkdwn'; readonly text: string }[];
    };

/** The JSON body of an incoming-webhook request. */
export interface SlackMessage {
  /** The whole alert as mrkdwn; Slack shows it in notifications and where blocks cannot be. */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
  readonly username?: string;
  readonly icon_emoji?: string;
}

/** Who the message is posted as; legacy webhooks only. */
export interface SlackPoster {
  readonly username?: string | undefined;
  readonly iconEmoji?: string | undefined;
}

/**
 * Builds the webhook body: the subject in bold, the message, its context lines and the
 * Moscow time, as one `text` and as blocks.
 * @example
 * slackMessage({ severity: 'critical', type: 'risk.halted', message: 'Drawdown 5%', time: 0 });
 * // { text: '*[CRITICAL] risk.halted*\nDrawdown 5%\n1970-01-01 03:00 MSK', blocks: [...] }
 */
export function slackMessage(alert: Alert, poster: SlackPoster = {}): SlackMessage {
  const { subject, text, details, when } = formatAlert(alert);
  const headline = `*${escapeMrkdwn(subject)}*`;
  const blocks: SlackBlock[] = [
    section(`${headline}\n`, alert.message),
    ...(details.length === 0 ? [] : [section('', details.join('\n'))]),
    { type: 'context', elements: [{ type: 'mrkdwn', text: when }] },
  ];
  return {
    text: `${headline}\n${escapeMrkdwn(text)}`,
    blocks,
    ...(poster.username === undefined ? {} : { username: poster.username }),
    ...(poster.iconEmoji === undefined ? {} : { icon_emoji: poster.iconEmoji }),
  };
}

/**
 * Escapes the three characters Slack reads as control sequences: an alert quoting a broker
 * reply with `<!channel>` in it must not notify everyone.
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** A section of mrkdwn `lead` (already escaped, short) and `raw` text, within Slack's limit. */
function section(lead: string, raw: string): SlackBlock {
  const text = `${lead}${escapedWithin(raw, SECTION_LIMIT - lead.length)}`;
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** The most UTF-16 units one code point becomes when escaped (`&` → `&amp;`). */
const WIDEST_ESCAPE = '&amp;'.length;

/**
 * `raw` escaped, at most `limit` UTF-16 units long, ending in `…` when shortened. The raw
 * text is what gets clipped (by code points), so no entity (`&amp;`) and no surrogate pair
 * is ever cut; while escaping makes it too long, it is clipped again, shorter by as many
 * code points as the excess needs at the least (never more, so the section stays full).
 */
function escapedWithin(raw: string, limit: number): string {
  for (let room = limit; room >= 1; ) {
    const text = escapeMrkdwn(clipText(raw, room));
    if (text.length <= limit) return text;
    room -= Math.ceil((text.length - limit) / WIDEST_ESCAPE);
  }
  return '';
}
