import { describe, expect, test } from 'vitest';
import {
  DEFAULT_MAX_AGE_MS,
  SIGNATURE_HEADER,
  signatureHeaders,
  signBody,
  TIMESTAMP_HEADER,
  verifySignature,
} from './signature.js';

const KEY = 'whsec_0123456789abcdef';
const BODY = '{"type":"risk.halted"}';
const STAMP = '1764054065000';
const NOW = Number(STAMP) + 1_000;

describe('signBody', () => {
  test('is HMAC-SHA256 of `<timestamp>.<body>` in lower-case hex', () => {
    // printf '%s' '1764054065000.{"type":"risk.halted"}' | openssl dgst -sha256 -hmac 'whsec_0123456789abcdef'
    expect(signBody(BODY, STAMP, KEY)).toBe(
      'sha256=22b1671575b475828f8606accb41e17afddb3bd3134526d5e7bd4ca391adcda3',
    );
  });

  test('signatureHeaders stamps the time given and signs with it', () => {
    expect(signatureHeaders(BODY, KEY, Number(STAMP))).toEqual({
      [TIMESTAMP_HEADER]: STAMP,
      [SIGNATURE_HEADER]: signBody(BODY, STAMP, KEY),
    });
  });
});

describe('verifySignature', () => {
  const good = signBody(BODY, STAMP, KEY);

  test('accepts the signature of the exact body, as text or as bytes', () => {
    expect(verifySignature(BODY, STAMP, good, KEY, { now: NOW })).toBe(true);
    expect(verifySignature(Buffer.from(BODY), STAMP, good, KEY, { now: NOW })).toBe(true);
  });

  test('refuses a tampered body, a changed timestamp or another key', () => {
    const tampered = BODY.replace('halted', 'resumed');
    expect(verifySignature(tampered, STAMP, good, KEY, { now: NOW })).toBe(false);
    expect(verifySignature(BODY, String(Number(STAMP) + 1), good, KEY, { now: NOW })).toBe(false);
    expect(verifySignature(BODY, STAMP, good, `${KEY}x`, { now: NOW })).toBe(false);
  });

  test('refuses a timestamp too far from now, either way', () => {
    const at = (offset: number) => ({ now: Number(STAMP) + offset });
    expect(verifySignature(BODY, STAMP, good, KEY, at(DEFAULT_MAX_AGE_MS))).toBe(true);
    expect(verifySignature(BODY, STAMP, good, KEY, at(DEFAULT_MAX_AGE_MS + 1))).toBe(false);
    expect(verifySignature(BODY, STAMP, good, KEY, at(-DEFAULT_MAX_AGE_MS - 1))).toBe(false);
    expect(verifySignature(BODY, STAMP, good, KEY, { ...at(60_000), maxAgeMs: 30_000 })).toBe(
      false,
    );
  });

  test('is false, without throwing, for missing, repeated or malformed headers', () => {
    const opts = { now: NOW };
    expect(verifySignature(BODY, undefined, good, KEY, opts)).toBe(false);
    expect(verifySignature(BODY, STAMP, undefined, KEY, opts)).toBe(false);
    expect(verifySignature(BODY, [STAMP, STAMP], good, KEY, opts)).toBe(false);
    expect(verifySignature(BODY, STAMP, 'sha256=abc', KEY, opts)).toBe(false);
    expect(verifySignature(BODY, STAMP, good.toUpperCase(), KEY, opts)).toBe(false);
    expect(verifySignature(BODY, '1.5e12', good, KEY, opts)).toBe(false);
    expect(verifySignature(BODY, '', good, KEY, opts)).toBe(false);
  });
});
