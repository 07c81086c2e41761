/**
 * The MOEX session calendar: window edges, weekends, holidays, overrides, custom tables.
 * @module
 */
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMoexBotError } from '../errors.js';
import { fromMoscow, moscowParts, parseMoscowDate } from './moscowTime.js';
import { createSessionCalendar, isInSession, sessionMinutes } from './sessions.js';

// 2026-09-01 is a Tuesday; 2026-09-05 a Saturday.
const at = (hour: number, minute: number, day = 1): number =>
  fromMoscow(2026, 9, day, hour, minute);

describe('isInSession', () => {
  it('counts the main session 10:00–18:40 Moscow by default, end exclusive', () => {
    expect(isInSession(at(9, 59))).toBe(false);
    expect(isInSession(at(10, 0))).toBe(true);
    expect(isInSession(at(18, 39))).toBe(true);
    expect(isInSession(at(18, 40))).toBe(false);
    expect(isInSession(at(10, 0) + 59_999)).toBe(true);
  });

  it('adds auctions only when asked', () => {
    const withAuctions = { auctions: true };
    expect(isInSession(at(9, 50), withAuctions)).toBe(true);
    expect(isInSession(at(9, 49), withAuctions)).toBe(false);
    expect(isInSession(at(18, 49), withAuctions)).toBe(true);
    expect(isInSession(at(18, 50), withAuctions)).toBe(false);
  });

  it('has the evening session 19:05–23:50 and the morning session 07:00–09:50 as options', () => {
    const options = { sessions: ['morning', 'main', 'evening'] };
    expect(isInSession(at(19, 4), options)).toBe(false);
    expect(isInSession(at(19, 5), options)).toBe(true);
    expect(isInSession(at(23, 49), options)).toBe(true);
    expect(isInSession(at(23, 50), options)).toBe(false);
    expect(isInSession(at(6, 59), options)).toBe(false);
    expect(isInSession(at(7, 0), options)).toBe(true);
    expect(isInSession(at(19, 30))).toBe(false);
  });

  it('closes weekends unless the weekend session is counted (10:00–19:00)', () => {
    expect(isInSession(at(12, 0, 5))).toBe(false);
    const weekend = { sessions: ['main', 'weekend'] };
    expect(isInSession(at(10, 0, 5), weekend)).toBe(true);
    expect(isInSession(at(18, 59, 6), weekend)).toBe(true);
    expect(isInSession(at(19, 0, 6), weekend)).toBe(false);
    expect(isInSession(at(18, 50, 6), weekend)).toBe(true); // Sunday: weekend hours
    expect(isInSession(at(18, 50, 7), weekend)).toBe(false); // Monday: main ended at 18:40
  });

  it('closes extra closed days and honours day overrides', () => {
    const options = {
      sessions: ['main', 'weekend'],
      closedDays: ['2026-11-04'],
      dayOverrides: { '2026-11-05': 'weekend', '2026-11-07': 'weekday' } as const,
    };
    expect(isInSession(fromMoscow(2026, 11, 4, 12, 0), options)).toBe(false);
    expect(isInSession(fromMoscow(2026, 11, 5, 18, 45), options)).toBe(true); // weekend hours
    expect(isInSession(fromMoscow(2026, 11, 7, 18, 45), options)).toBe(false); // working Saturday
    expect(isInSession(fromMoscow(2026, 11, 7, 18, 0), options)).toBe(true);
  });

  fcTest.prop([fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })])(
    'agrees with a naive reading of Moscow wall-clock fields',
    (time) => {
      const { weekday, hour, minute } = moscowParts(time);
      const m = hour * 60 + minute;
      const weekdayMain = weekday >= 1 && weekday <= 5 && m >= 600 && m < 1120;
      const evening = weekday >= 1 && weekday <= 5 && m >= 1145 && m < 1430;
      const weekend = (weekday === 0 || weekday === 6) && m >= 600 && m < 1140;
      const options = { sessions: ['main', 'evening', 'weekend'] };
      expect(isInSession(time, options)).toBe(weekdayMain || evening || weekend);
    },
  );
});

describe('sessionMinutes', () => {
  it('lists every minute bar of a weekday in order', () => {
    const minutes = sessionMinutes('2026-09-01');
    expect(minutes).toHaveLength(520);
    expect(minutes[0]).toBe(at(10, 0));
    expect(minutes.at(-1)).toBe(at(18, 39));
    expect(minutes.every((time, i) => i === 0 || time - minutes[i - 1]! === 60_000)).toBe(true);
    expect(
      sessionMinutes(parseMoscowDate('2026-09-01')!, { sessions: ['main', 'evening'] }),
    ).toHaveLength(520 + 285);
    expect(sessionMinutes('2026-09-01', { sessions: ['main'], auctions: true })).toHaveLength(540);
  });

  it('is empty on weekends without weekend trading and on closed days', () => {
    expect(sessionMinutes('2026-09-05')).toEqual([]);
    expect(sessionMinutes('2026-09-05', { sessions: ['weekend'] })).toHaveLength(540);
    expect(sessionMinutes('2026-09-01', { closedDays: ['2026-09-01'] })).toEqual([]);
  });
});

const row = (from: string, to: string) =>
  ({ session: 'main', phase: 'continuous', days: 'weekday', from, to }) as const;

describe('createSessionCalendar', () => {
  it('describes days and windows', () => {
    const calendar = createSessionCalendar({
      sessions: ['main', 'evening'],
      auctions: true,
      closedDays: ['2026-11-04'],
    });
    expect(calendar.dayKind('2026-09-01')).toBe('weekday');
    expect(calendar.dayKind('2026-09-05')).toBe('weekend');
    expect(calendar.dayKind('2026-11-04')).toBe('closed');
    expect(calendar.isTradingDay('2026-09-05')).toBe(false);
    expect(calendar.isTradingDay('2026-09-01')).toBe(true);
    expect(
      calendar.windows('2026-09-01').map((w) => [w.session, w.phase, w.end - w.start]),
    ).toEqual([
      ['main', 'auction', 600_000],
      ['main', 'continuous', 520 * 60_000],
      ['main', 'auction', 600_000],
      ['evening', 'auction', 300_000],
      ['evening', 'continuous', 285 * 60_000],
    ]);
    expect(calendar.windows('2026-09-01')[1]!.start).toBe(at(10, 0));
  });

  it('takes a custom table, e.g. the single FORTS session 08:50–23:50', () => {
    const forts = createSessionCalendar({
      sessions: ['forts'],
      table: [
        { session: 'forts', phase: 'continuous', days: 'weekday', from: '08:50', to: '23:50' },
      ],
    });
    expect(forts.sessionMinutes('2026-09-01')).toHaveLength(15 * 60);
    expect(forts.isInSession(at(8, 50))).toBe(true);
  });

  it('rejects malformed settings with DATA_CALENDAR_INVALID', () => {
    const attempts = [
      () => createSessionCalendar({ sessions: ['evning'] }),
      () => createSessionCalendar({ closedDays: ['2026-02-30'] }),
      () => createSessionCalendar({ closedDays: ['04.11.2026'] }),
      () => createSessionCalendar({ dayOverrides: { '2026-11-05': 'holiday' as 'weekend' } }),
      () =>
        createSessionCalendar({
          table: [
            { session: 'main', phase: 'continuous', days: 'weekday', from: '10:00', to: '09:00' },
          ],
        }),
      () =>
        createSessionCalendar({
          table: [
            { session: 'main', phase: 'continuous', days: 'weekday', from: '10:60', to: '11:00' },
          ],
        }),
      () => createSessionCalendar().sessionMinutes('tomorrow'),
      () => createSessionCalendar({ table: [row('9:00', '11:00')] }),
      () => createSessionCalendar({ table: [row('10:00', '24:01')] }),
    ];
    for (const attempt of attempts) {
      let caught: unknown;
      try {
        attempt();
      } catch (error) {
        caught = error;
      }
      expect(isMoexBotError(caught) && caught.code).toBe('MOEXBOT_ERR_DATA_CALENDAR_INVALID');
    }
  });
});
