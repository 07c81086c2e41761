import type { Alert } from '@moex-bot/framework';
import { describe, expect, test } from 'vitest';
import { SECTION_LIMIT, slackMessage } from './slackMessage.js';

const REJECTED: Alert = {
  severity: 'warning',
  type: 'order.rejected',
  message: 'Broker said: <!channel> insufficient funds & margin',
  time: Date.UTC(2026, 0, 5, 12, 0, 0),
};

describe('slackMessage', () => {
  test('escapes &, < and > so that an alert cannot ping the channel', () => {
    const message = slackMessage(REJECTED);
    expect(message.text).toBe(
      '*[WARNING] order.rejected*\nBroker said: &lt;!channel&gt; insufficient funds &amp; margin\n2026-01-05 15:00 MSK',
    );
    expect(JSON.stringify(message)).not.toContain('<!channel>');
  });

  test('leaves out the details block when the alert has no context', () => {
    expect(slackMessage(REJECTED).blocks.map((block) => block.type)).toEqual([
      'section',
      'context',
    ]);
  });

  test('clips a long message to what Slack accepts in a section, never inside an entity', () => {
    for (const filler of ['x', '&', '😀', 'a&😀<', '&x']) {
      const long = { ...REJECTED, message: filler.repeat(SECTION_LIMIT) };
      const [first] = slackMessage(long).blocks;
      const text = first?.type === 'section' ? first.text.text : '';
      expect(text.length, filler).toBeLessThanOrEqual(SECTION_LIMIT);
      // Nearly full: clipping shortens by the excess, not by half.
      expect(text.length, filler).toBeGreaterThan(SECTION_LIMIT - 8);
      expect(text.endsWith('…')).toBe(true);
      expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
      expect(text).not.toMatch(
        /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
      );
      expect(text.startsWith('*[WARNING] order.rejected*\n')).toBe(true);
    }
  });

  test('clips the context lines the same way, and leaves text that fits alone', () => {
    const details = slackMessage({ ...REJECTED, context: { note: '&'.repeat(SECTION_LIMIT) } })
      .blocks[1];
    const text = details?.type === 'section' ? details.text.text : '';
    expect(text.length).toBeLessThanOrEqual(SECTION_LIMIT);
    expect(text).toMatch(/^note: (&amp;)+…$/);
    const fits = { ...REJECTED, message: '&'.repeat(500) };
    const first = slackMessage(fits).blocks[0];
    expect(first?.type === 'section' && first.text.text.endsWith('&amp;'.repeat(500))).toBe(true);
  });
});
