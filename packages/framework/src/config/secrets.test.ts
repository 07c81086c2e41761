import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findSecrets, isSecretKey, isSecretSchema, secret } from './secret.js';
import { knownSecrets, REDACTED, redactSecrets, registerSecret } from './secrets.js';

describe('redaction registry', () => {
  it('replaces every registered secret, longest first', () => {
    registerSecret('t.short');
    registerSecret('t.short-and-longer');
    expect(redactSecrets('a t.short-and-longer b t.short c')).toBe(`a ${REDACTED} b ${REDACTED} c`);
    expect(knownSecrets()).toEqual(expect.arrayContaining(['t.short', 't.short-and-longer']));
  });

  it('catches the JSON-escaped and URL-encoded forms', () => {
    registerSecret('pa"ss/wo rd');
    expect(redactSecrets(JSON.stringify({ password: 'pa"ss/wo rd' }))).toBe(
      `{"password":"${REDACTED}"}`,
    );
    expect(redactSecrets(`https://x/?p=${encodeURIComponent('pa"ss/wo rd')}`)).toBe(
      `https://x/?p=${REDACTED}`,
    );
  });

  it('ignores empty, very short and non-string values', () => {
    const before = knownSecrets().length;
    registerSecret('');
    registerSecret('   ');
    registerSecret('abc');
    registerSecret(' ab ');
    registerSecret(undefined);
    registerSecret(42);
    expect(knownSecrets()).toHaveLength(before);
    expect(redactSecrets('  nothing abc  ')).toBe('  nothing abc  ');
  });
});

describe('isSecretKey', () => {
  it.each([
    'token',
    'Token',
    'botToken',
    'bot_token',
    'TINVEST_TOKEN',
    'password',
    'smtpPassword',
    'SMTP-PASSWORD',
    'passwd',
    'secret',
    'clientSecret',
    'apiKey',
    'api_key',
    'api-key',
    'APIKEY',
    'TINVEST_API_KEY',
    'privateKey',
    'private_key',
  ])('%s is a secret key', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(['maxTokens', 'tokenizer', 'secretary', 'passwordHint', 'keys', 'monkey', 'ticker'])(
    '%s is not',
    (key) => {
      expect(isSecretKey(key)).toBe(false);
    },
  );
});

describe('secret()', () => {
  it('is a non-empty string marked in the JSON Schema', () => {
    const schema = secret('Bot token');
    expect(schema.safeParse('').success).toBe(false);
    expect(schema.parse('x')).toBe('x');
    expect(z.toJSONSchema(schema)).toMatchObject({
      type: 'string',
      secret: true,
      description: 'Bot token',
    });
  });

  it('is recognised under wrappers and refinements', () => {
    expect(isSecretSchema(secret().optional())).toBe(true);
    expect(isSecretSchema(secret().min(8).default('xxxxxxxx'))).toBe(true);
    expect(isSecretSchema(z.string())).toBe(false);
  });

  it('finds secret values in nested params', () => {
    const params = z.object({
      channel: z.object({ routingKey: secret() }),
      backups: z.array(z.object({ key: secret().optional() })),
      headers: z.record(z.string(), secret()),
      plain: z.string(),
    });
    const value = {
      channel: { routingKey: 'r1' },
      backups: [{ key: 'b0' }, {}],
      headers: { auth: 'h1' },
      plain: 'p',
    };
    expect(findSecrets(params, value, ['alerts', 0, 'params'])).toEqual([
      { path: ['alerts', 0, 'params', 'channel', 'routingKey'], value: 'r1' },
      { path: ['alerts', 0, 'params', 'backups', 0, 'key'], value: 'b0' },
      { path: ['alerts', 0, 'params', 'headers', 'auth'], value: 'h1' },
    ]);
  });
});
