/**
 * Moscow time arithmetic. MOEX runs on Europe/Moscow, UTC+3 all year (no DST since
 * 26 Oct 2014), so a fixed offset is exact and far cheaper than `Intl` or `Date`
 * objects: these functions run once per bar.
 * @module
 */

/** The Moscow offset from UTC in milliseconds (+3 h). */
export const MOSCOW_OFFSET_MS = 3 * 3_600_000;
/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;
/** Milliseconds in a minute. */
export const MINUTE_MS = 60_000;

/** A moment broken down into Moscow wall-clock fields. */
export interface MoscowParts {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** 1–31. */
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** 0 = Sunday … 6 = Saturday, as `Date#getUTCDay`. */
  readonly weekday: number;
}

/**
 * The Moscow day index of a moment: whole days since 1970-01-01 in Moscow time.
 * Two moments share a trading day (and a daily loss limit) when their indexes are equal.
 * @example
 * moscowDay(Date.UTC(2026, 8, 1, 20, 59, 59)); // 20697 (still 1 September in Moscow)
 * moscowDay(Date.UTC(2026, 8, 1, 21, 0, 0)); // 20698 (00:00 on 2 September in Moscow)
 */
export function moscowDay(timeMs: number): number {
  return Math.floor((timeMs + MOSCOW_OFFSET_MS) / DAY_MS);
}

/** UTC milliseconds of 00:00 Moscow time on the given Moscow day index. */
export function moscowDayStart(day: number): number {
  return day * DAY_MS - MOSCOW_OFFSET_MS;
}

/**
 * UTC milliseconds of the next 00:00 Moscow time strictly after `timeMs`
 * (a moment exactly at midnight gets the following midnight).
 * @example
 * nextMoscowMidnight(Date.UTC(2026, 8, 1, 12)); // Date.UTC(2026, 8, 1, 21)
 */
export function nextMoscowMidnight(timeMs: number): number {
  return moscowDayStart(moscowDay(timeMs) + 1);
}

/** Minutes since 00:00 Moscow time (0–1439) of a moment. */
export function moscowMinuteOfDay(timeMs: number): number {
  const local = timeMs + MOSCOW_OFFSET_MS;
  return Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / MINUTE_MS);
}

/** Weekday of a Moscow day index: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
 * Months outside 1–12 and days outside the month roll over, as in `Date.UTC`.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const monthIndex = month - 1;
  const y = year + Math.floor(monthIndex / 12);
  const m = monthIndex - Math.floor(monthIndex / 12) * 12 + 1;
  // Count years from March so that the leap day is the last day of the "year".
  const ya = m <= 2 ? y - 1 : y;
  const era = Math.floor(ya / 400);
  const yoe = ya - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The calendar date of a day index (H. Hinnant's `civil_from_days`). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * Moscow wall-clock fields of a moment.
 * @example
 * moscowParts(Date.UTC(2026, 8, 1, 7, 0)); // { year: 2026, month: 9, day: 1, hour: 10, minute: 0, weekday: 2 }
 */
export function moscowParts(timeMs: number): MoscowParts {
  const day = moscowDay(timeMs);
  const minuteOfDay = Math.floor((timeMs + MOSCOW_OFFSET_MS - day * DAY_MS) / MINUTE_MS);
  const date = civilFromDays(day);
  return {
    year: date.year,
    month: date.month,
    day: date.day,
    hour: Math.floor(minuteOfDay / 60),
    minute: minuteOfDay % 60,
    weekday: weekdayOfDay(day),
  };
}

/**
 * UTC milliseconds of a Moscow wall-clock time (month 1–12; out-of-range fields roll
 * over as in `Date.UTC`).
 * @example
 * fromMoscow(2026, 9, 1, 10, 0); // Date.UTC(2026, 8, 1, 7, 0): the main session opens
 */
export function fromMoscow(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return (
    daysFromCivil(year, month, day) * DAY_MS +
    hour * 3_600_000 +
    minute * MINUTE_MS -
    MOSCOW_OFFSET_MS
  );
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The Moscow day index of a `YYYY-MM-DD` date, or `undefined` when the text is not a
 * real calendar date (2026-02-30 is rejected, not rolled over).
 * @example
 * parseMoscowDate('2026-09-01'); // 20697
 */
export function parseMoscowDate(text: string): number | undefined {
  const match = DATE_TEXT.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const dayOfMonth = Number(match[3]);
  if (month < 1 || month > 12 || dayOfMonth < 1) return undefined;
  const day = daysFromCivil(year, month, dayOfMonth);
  return civilFromDays(day).day === dayOfMonth ? day : undefined;
}

/**
 * The `YYYY-MM-DD` text of a Moscow day index.
 * @example
 * formatMoscowDate(moscowDay(Date.UTC(2026, 8, 1, 21))); // '2026-09-02'
 */
export function formatMoscowDate(day: number): string {
  const { year, month, day: dayOfMonth } = civilFromDays(day);
  const mm = month < 10 ? `0${month}` : `${month}`;
  const dd = dayOfMonth < 10 ? `0${dayOfMonth}` : `${dayOfMonth}`;
  return `${String(year).padStart(4, '0')}-${mm}-${dd}`;
}
