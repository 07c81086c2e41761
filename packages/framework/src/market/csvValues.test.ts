/**
 * The hand-written CSV value parsers must agree exactly with `Number`, `Date.parse` and
 * `toISOString`; properties check that over random inputs.
 * @module
 */
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeBadTime, formatIsoTime, parseIsoTime, parseNumberField } from './csvValues.js';

const num = (text: string): number => parseNumberField(text, 0, text.length);
const iso = (text: string): number => parseIsoTime(text, 0, text.length);
const times = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) });

describe('parseNumberField', () => {
  it('parses plain decimals exactly as Number does', () => {
    for (const text of [
      '0',
      '300.12',
      '-0.5',
      '+7',
      '.5',
      '5.',
      '7000.50',
      '0.000000001',
      '1e3',
      '2.5E-2',
    ]) {
      expect(num(text), text).toBe(Number(text));
    }
    expect(Object.is(num('-0'), -0)).toBe(true);
  });

  it('falls back for digits beyond 2^53 and still matches Number', () => {
    for (const text of ['12345678901234567890.5', '0.1234567890123456789012345']) {
      expect(num(text), text).toBe(Number(text));
    }
  });

  it('rejects what Number would wrongly accept', () => {
    for (const text of [
      '',
      ' ',
      '-',
      '.',
      '0x10',
      'Infinity',
      'NaN',
      '1,5',
      '12abc',
      '1.2.3',
      '--1',
      '1e999',
    ]) {
      expect(num(text), JSON.stringify(text)).toBeNaN();
    }
  });

  it('tolerates spaces around a value', () => {
    expect(num(' 300.5 ')).toBe(300.5);
  });

  fcTest.prop([fc.double({ noNaN: true, noDefaultInfinity: true })])(
    'reads back String(n) for any finite double',
    (value) => {
      // `===` because String(-0) is "0": the sign of zero does not survive text.
      expect(num(String(value)) === value).toBe(true);
    },
  );

  fcTest.prop([fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 9 })])(
    'matches Number for prices of up to 9 decimals',
    (units, decimals) => {
      const text =
        decimals === 0
          ? String(units)
          : `${Math.floor(units / 10 ** decimals)}.${String(units % 10 ** decimals).padStart(decimals, '0')}`;
      expect(num(text)).toBe(Number(text));
    },
  );
});

describe('parseIsoTime', () => {
  it('accepts Z, offsets in three forms, a space separator, seconds and fractions', () => {
    const expected = Date.UTC(2026, 8, 1, 7, 0);
    for (const text of [
      '2026-09-01T07:00Z',
      '2026-09-01T07:00:00Z',
      '2026-09-01T07:00:00.000Z',
      '2026-09-01 07:00:00z',
      '2026-09-01T10:00:00+03:00',
      '2026-09-01T10:00:00+0300',
      '2026-09-01T10:00+03',
      '2026-09-01T04:30:00-02:30',
    ]) {
      expect(iso(text), text).toBe(expected);
    }
    expect(iso('2026-09-01T07:00:00.123456Z')).toBe(expected + 123);
    expect(iso('2026-09-01T07:00:00.5Z')).toBe(expected + 500);
  });

  it('rejects local times, impossible dates and junk', () => {
    for (const text of [
      '2026-09-01T07:00:00',
      '2026-09-01',
      '2026-02-29T07:00Z',
      '2026-13-01T07:00Z',
      '2026-09-01T24:00Z',
      '2026-09-01T07:60Z',
      '2026-09-01T07:00:60Z',
      '2026-09-01T07:00:00.Z',
      '2026-09-01T07:00+25:00',
      '2026-09-01T07:00Zjunk',
      '2026-09-01X07:00Z',
      '20x6-09-01T07:00Z',
      '2026-09-01T07:00:00+03:0',
      '2026-09-01T07:00:00+030000',
    ]) {
      expect(iso(text), text).toBeNaN();
    }
    expect(iso('2028-02-29T07:00Z')).toBe(Date.UTC(2028, 1, 29, 7));
  });

  fcTest.prop([times, fc.integer({ min: -14 * 60, max: 14 * 60 })])(
    'agrees with Date.parse for any time written with any offset',
    (time, offsetMinutes) => {
      const local = new Date(time + offsetMinutes * 60_000).toISOString().slice(0, 23);
      const sign = offsetMinutes < 0 ? '-' : '+';
      const abs = Math.abs(offsetMinutes);
      const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      expect(iso(local + offset)).toBe(Date.parse(local + offset));
      expect(iso(local + offset)).toBe(time);
    },
  );
});

describe('formatIsoTime', () => {
  fcTest.prop([times])('equals toISOString', (time) => {
    expect(formatIsoTime(time)).toBe(new Date(time).toISOString());
  });

  it('throws for an invalid time, like toISOString', () => {
    expect(() => formatIsoTime(Number.NaN)).toThrow(RangeError);
  });
});

describe('describeBadTime', () => {
  it('says what is wrong in words a person can act on', () => {
    expect(describeBadTime('2026-09-01T10:00:00')).toMatch(/no UTC offset/);
    expect(describeBadTime('')).toBe('is empty');
    expect(describeBadTime(' 2026-09-01T10:00Z')).toMatch(/spaces/);
    expect(describeBadTime('yesterday')).toMatch(/ISO-8601/);
  });
});
