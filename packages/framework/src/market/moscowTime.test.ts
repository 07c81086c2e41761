/**
 * Moscow time arithmetic against hand-picked boundaries and, as a property, against a
 * naive computation through `Date` shifted by three hours.
 * @module
 */
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  DAY_MS,
  daysFromCivil,
  formatMoscowDate,
  fromMoscow,
  moscowDay,
  moscowDayStart,
  moscowMinuteOfDay,
  moscowParts,
  nextMoscowMidnight,
  parseMoscowDate,
  weekdayOfDay,
} from './moscowTime.js';

/** Years 1900–2200 in ms: wide enough to cross century rules, negative epoch included. */
const anyTime = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) });

describe('moscowDay', () => {
  it('rolls over at 21:00 UTC, which is 00:00 in Moscow', () => {
    const sep1 = parseMoscowDate('2026-09-01')!;
    expect(moscowDay(Date.UTC(2026, 8, 1, 20, 59, 59, 999))).toBe(sep1);
    expect(moscowDay(Date.UTC(2026, 8, 1, 21, 0, 0))).toBe(sep1 + 1);
    expect(moscowDay(Date.UTC(2026, 8, 1, 0, 0))).toBe(sep1);
    expect(moscowDay(Date.UTC(2026, 7, 31, 21, 0))).toBe(sep1);
  });

  it('counts days before 1970 downwards', () => {
    expect(moscowDay(-1)).toBe(0); // 1970-01-01 02:59:59.999 Moscow
    expect(moscowDay(-3 * 3_600_000 - 1)).toBe(-1);
  });
});

describe('nextMoscowMidnight', () => {
  it('gives the next 00:00 Moscow, strictly after the moment', () => {
    expect(nextMoscowMidnight(Date.UTC(2026, 8, 1, 12))).toBe(Date.UTC(2026, 8, 1, 21));
    expect(nextMoscowMidnight(Date.UTC(2026, 8, 1, 20, 59, 59))).toBe(Date.UTC(2026, 8, 1, 21));
    expect(nextMoscowMidnight(Date.UTC(2026, 8, 1, 21))).toBe(Date.UTC(2026, 8, 2, 21));
  });

  fcTest.prop([anyTime])('is after the moment, within a day, at 00:00 Moscow', (time) => {
    const next = nextMoscowMidnight(time);
    expect(next).toBeGreaterThan(time);
    expect(next - time).toBeLessThanOrEqual(DAY_MS);
    expect(moscowMinuteOfDay(next)).toBe(0);
    expect(moscowDay(next)).toBe(moscowDay(time) + 1);
  });
});

describe('moscowParts and fromMoscow', () => {
  it('read the main-session open of 1 September 2026, a Tuesday', () => {
    expect(moscowParts(Date.UTC(2026, 8, 1, 7, 0))).toEqual({
      year: 2026,
      month: 9,
      day: 1,
      hour: 10,
      minute: 0,
      weekday: 2,
    });
    expect(fromMoscow(2026, 9, 1, 10, 0)).toBe(Date.UTC(2026, 8, 1, 7, 0));
  });

  it('put 23:59 Moscow on 31 December into the old year, 00:00 into the new', () => {
    expect(moscowParts(Date.UTC(2026, 11, 31, 20, 59))).toMatchObject({
      year: 2026,
      month: 12,
      day: 31,
      hour: 23,
      minute: 59,
    });
    expect(moscowParts(Date.UTC(2026, 11, 31, 21, 0))).toMatchObject({
      year: 2027,
      month: 1,
      day: 1,
      hour: 0,
    });
  });

  it('handle 29 February and roll over out-of-range fields as Date.UTC does', () => {
    expect(fromMoscow(2028, 2, 29, 3, 0)).toBe(Date.UTC(2028, 1, 29, 0, 0));
    expect(fromMoscow(2026, 13, 1)).toBe(fromMoscow(2027, 1, 1));
    expect(fromMoscow(2026, 0, 1)).toBe(fromMoscow(2025, 12, 1));
    expect(fromMoscow(2026, 1, 32, 25, 61)).toBe(Date.UTC(2026, 1, 1, 25 - 3, 61));
  });

  fcTest.prop([anyTime])('agree with Date shifted by three hours', (time) => {
    const shifted = new Date(time + 3 * 3_600_000);
    expect(moscowParts(time)).toEqual({
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      hour: shifted.getUTCHours(),
      minute: shifted.getUTCMinutes(),
      weekday: shifted.getUTCDay(),
    });
    expect(moscowDay(time)).toBe(
      Math.floor(
        Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()) / DAY_MS,
      ),
    );
  });

  fcTest.prop([anyTime])('round-trip to the minute', (time) => {
    const parts = moscowParts(time);
    const back = fromMoscow(parts.year, parts.month, parts.day, parts.hour, parts.minute);
    expect(back).toBe(time - (((time % 60_000) + 60_000) % 60_000));
    expect(back).toBe(moscowDayStart(moscowDay(time)) + moscowMinuteOfDay(time) * 60_000);
  });
});

describe('civil calendar', () => {
  fcTest.prop([fc.integer({ min: -800_000, max: 800_000 })])(
    'days and dates convert both ways',
    (days) => {
      const { year, month, day } = civilFromDays(days);
      expect(daysFromCivil(year, month, day)).toBe(days);
      expect(weekdayOfDay(days)).toBe(new Date(days * DAY_MS).getUTCDay());
    },
  );

  it('parses and formats YYYY-MM-DD, rejecting dates that do not exist', () => {
    expect(parseMoscowDate('2026-09-01')).toBe(Date.UTC(2026, 8, 1) / DAY_MS);
    expect(formatMoscowDate(parseMoscowDate('2028-02-29')!)).toBe('2028-02-29');
    expect(formatMoscowDate(parseMoscowDate('2026-12-31')!)).toBe('2026-12-31');
    expect(formatMoscowDate(parseMoscowDate('2026-09-01')!)).toBe('2026-09-01');
    expect(formatMoscowDate(-1)).toBe('1969-12-31');
    for (const bad of [
      '2026-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-9-1',
      '',
      '2026-09-01T00:00',
    ]) {
      expect(parseMoscowDate(bad), bad).toBeUndefined();
    }
  });
});
