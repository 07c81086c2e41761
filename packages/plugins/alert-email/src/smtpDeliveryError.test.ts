import { AlertDeliveryError } from '@moex-bot/framework';
import { describe, expect, test } from 'vitest';
import { smtpDeliveryError } from './smtpDeliveryError.js';

interface SmtpFields {
  readonly code?: string;
  readonly responseCode?: number;
}

/** An error shaped like nodemailer's. */
function smtpError(message: string, fields: SmtpFields) {
  return Object.assign(new Error(message), fields);
}

describe('smtpDeliveryError', () => {
  test.each<[string, SmtpFields, boolean]>([
    ['421 service closing', { code: 'ECONNECTION', responseCode: 421 }, true],
    ['451 try later', { code: 'EENVELOPE', responseCode: 451 }, true],
    ['454 temporary auth failure', { code: 'EAUTH', responseCode: 454 }, true],
    ['503 bad sequence', { code: 'EPROTOCOL', responseCode: 503 }, true],
    ['535 bad credentials', { code: 'EAUTH', responseCode: 535 }, false],
    ['550 no such user', { code: 'EENVELOPE', responseCode: 550 }, false],
    ['552 message too big', { code: 'EMESSAGE', responseCode: 552 }, false],
    ['connection refused', { code: 'ESOCKET' }, true],
    ['connection closed', { code: 'ECONNECTION' }, true],
    ['greeting never received', { code: 'ETIMEDOUT' }, true],
    ['no such host', { code: 'EDNS' }, true],
    ['missing credentials', { code: 'EAUTH' }, false],
    ['no recipients defined', { code: 'EENVELOPE' }, false],
    ['something new', { code: 'ESOMETHINGNEW' }, true],
    ['no code at all', {}, true],
  ])('%s: retryable %s', (message, fields, retryable) => {
    const error = smtpDeliveryError(smtpError(message, fields), 'email h:25', []);
    expect(error).toBeInstanceOf(AlertDeliveryError);
    expect(error.retryable).toBe(retryable);
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.message).toBe(
      `email h:25: ${message}${fields.code === undefined ? '' : ` (${fields.code})`}`,
    );
  });

  test('a thrown non-error is retryable and still described', () => {
    expect(smtpDeliveryError('boom', 'email h:25', [])).toMatchObject({
      retryable: true,
      message: 'email h:25: boom',
    });
  });

  test('removes secrets a server echoes, and then shortens a long reply', () => {
    // The secret straddles the 300-character cut: shortening first would keep `hunter2`.
    const echoed = smtpError(`535 rejected ${'x'.repeat(280)}hunter2-secret`, {
      code: 'EAUTH',
      responseCode: 535,
    });
    const error = smtpDeliveryError(echoed, 'email h:25', ['hunter2-secret']);
    expect(error.message).not.toContain('hunter2');
    expect(error.message.length).toBeLessThan(340);
  });
});
