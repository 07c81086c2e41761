import { type Alert, formatAlert } from '@moex-bot/framework';
import { describe, expect, test } from 'vitest';
import { emailMessage, HEADLINE_LIMIT } from './emailMessage.js';

const REJECTED: Alert = {
  severity: 'warning',
  type: 'order.rejected',
  message: '  Order for SBER rejected  \nreason: not enough money',
  time: Date.UTC(2026, 0, 5, 12, 0, 0),
  context: { ticker: 'SBER' },
};

describe('emailMessage', () => {
  test('the subject is the prefix, the alert subject and the first line of the message', () => {
    expect(emailMessage(REJECTED, '[moex-bot]')).toEqual({
      subject: '[moex-bot] [WARNING] order.rejected: Order for SBER rejected',
      text: formatAlert(REJECTED).text,
    });
  });

  test('an empty prefix or message leaves no stray separators', () => {
    expect(emailMessage(REJECTED, '').subject).toBe(
      '[WARNING] order.rejected: Order for SBER rejected',
    );
    expect(emailMessage({ ...REJECTED, message: '' }, '[bot]').subject).toBe(
      '[bot] [WARNING] order.rejected',
    );
  });

  test('a long first line is cut to the limit, never inside an emoji', () => {
    const subject = emailMessage({ ...REJECTED, message: '📉'.repeat(300) }, '[bot]').subject;
    const headline = subject.slice('[bot] [WARNING] order.rejected: '.length);
    expect(Array.from(headline)).toHaveLength(HEADLINE_LIMIT);
    expect(headline).toBe(`${'📉'.repeat(HEADLINE_LIMIT - 1)}…`);
  });
});
