/**
 * Slot counting against a brute-force walk over every minute of the calendar.
 * @module
 */
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BAR_INTERVAL_MS, type BarInterval } from '../contracts/marketData.js';
import { formatMoscowDate, fromMoscow, MINUTE_MS, parseMoscowDate } from '../market/moscowTime.js';
import { createSessionCalendar } from '../market/sessions.js';
import { SessionSlots } from './SessionSlots.js';

const START = parseMoscowDate('2026-01-01')!;
const SESSION_SETS = [
  ['main'],
  ['main', 'evening'],
  ['morning', 'main', 'evening', 'weekend'],
  ['weekend'],
];

describe('SessionSlots', () => {
  it('counts nothing over a night and a weekend, everything over a day', () => {
    const slots = new SessionSlots(createSessionCalendar(), MINUTE_MS);
    const friday = slots.slotOf(fromMoscow(2026, 9, 4, 18, 39));
    const monday = slots.slotOf(fromMoscow(2026, 9, 7, 10, 0));
    expect(slots.countBetween(friday, monday)).toBe(0);
    const tuesday = slots.slotOf(fromMoscow(2026, 9, 8, 10, 0));
    expect(slots.countBetween(monday - 1, tuesday)).toBe(520);
    expect(slots.timeOf(slots.firstAfter(friday))).toBe(fromMoscow(2026, 9, 7, 10, 0));
    expect(slots.timeOf(slots.lastBefore(tuesday))).toBe(fromMoscow(2026, 9, 7, 18, 39));
  });

  it('rejects an interval that does not divide a day', () => {
    expect(() => new SessionSlots(createSessionCalendar(), 7 * MINUTE_MS)).toThrow(RangeError);
  });

  fcTest.prop(
    [
      fc.constantFrom(...SESSION_SETS),
      fc.constantFrom<BarInterval>('1m', '5m', '15m', '1h', '1d'),
      fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }),
      fc.integer({ min: 0, max: 10 * 1440 - 1 }),
      fc.integer({ min: 0, max: 10 * 1440 - 1 }),
    ],
    { numRuns: 80 },
  )('agrees with a walk over every minute', (sessions, interval, closed, x, y) => {
    const calendar = createSessionCalendar({
      sessions,
      closedDays: closed.map((offset) => formatMoscowDate(START + offset)),
    });
    const intervalMs = BAR_INTERVAL_MS[interval];
    const slots = new SessionSlots(calendar, intervalMs);
    const origin = fromMoscow(2026, 1, 1);
    const a = slots.slotOf(origin + Math.min(x, y) * MINUTE_MS);
    const b = slots.slotOf(origin + Math.max(x, y) * MINUTE_MS);
    const expected: number[] = [];
    for (let slot = a + 1; slot < b; slot++) {
      const start = slots.timeOf(slot);
      for (let time = start; time < start + intervalMs; time += MINUTE_MS) {
        if (calendar.isInSession(time)) {
          expected.push(slot);
          break;
        }
      }
    }
    expect(slots.countBetween(a, b)).toBe(expected.length);
    if (expected.length > 0) {
      expect(slots.firstAfter(a)).toBe(expected[0]);
      expect(slots.lastBefore(b)).toBe(expected[expected.length - 1]);
    }
  });
});
