/**
 * The MOEX session calendar: which minutes of which Moscow days trade. The schedule is
 * a table of windows, so another board (or a changed schedule) is a new table, not new code.
 * @module
 */
import { MoexBotError } from '../errors.js';
import {
  DAY_MS,
  MINUTE_MS,
  MOSCOW_OFFSET_MS,
  moscowDay,
  moscowDayStart,
  parseMoscowDate,
  weekdayOfDay,
} from './moscowTime.js';

/** A session of the table; the stock-market presets plus any name a custom table uses. */
export type SessionName = 'morning' | 'main' | 'evening' | 'weekend' | (string & {});

/** Auctions collect orders and match once; continuous trading prints every minute. */
export type SessionPhase = 'auction' | 'continuous';

/** How a Moscow day trades: on the weekday schedule, the weekend schedule, or not at all. */
export type DayKind = 'weekday' | 'weekend' | 'closed';

/** One row of a session table: a phase of a session on one kind of day, in Moscow time. */
export interface SessionWindow {
  readonly session: SessionName;
  readonly phase: SessionPhase;
  readonly days: 'weekday' | 'weekend';
  /** Start, `HH:MM` Moscow time, inclusive. */
  readonly from: string;
  /** End, `HH:MM` Moscow time (up to `24:00`), exclusive. */
  readonly to: string;
}

/** MOEX stock market (TQBR) schedule, Moscow time, as in `docs/MOEX.md`. */
export const MOEX_STOCK_SESSIONS: readonly SessionWindow[] = Object.freeze([
  { session: 'morning', phase: 'auction', days: 'weekday', from: '06:50', to: '07:00' },
  { session: 'morning', phase: 'continuous', days: 'weekday', from: '07:00', to: '09:50' },
  { session: 'main', phase: 'auction', days: 'weekday', from: '09:50', to: '10:00' },
  { session: 'main', phase: 'continuous', days: 'weekday', from: '10:00', to: '18:40' },
  { session: 'main', phase: 'auction', days: 'weekday', from: '18:40', to: '18:50' },
  { session: 'evening', phase: 'auction', days: 'weekday', from: '19:00', to: '19:05' },
  { session: 'evening', phase: 'continuous', days: 'weekday', from: '19:05', to: '23:50' },
  { session: 'weekend', phase: 'auction', days: 'weekend', from: '09:50', to: '10:00' },
  { session: 'weekend', phase: 'continuous', days: 'weekend', from: '10:00', to: '19:00' },
] as const);

/** Which part of the table counts as "in session". */
export interface SessionOptions {
  /** Sessions that count; default `['main']`. Liquid papers add `evening` and `weekend`. */
  readonly sessions?: readonly SessionName[];
  /** Count auction phases too; default `false` (continuous trading only). */
  readonly auctions?: boolean;
  /** Extra closed days (exchange holidays), `YYYY-MM-DD`. */
  readonly closedDays?: readonly string[];
  /**
   * Days that trade on another schedule than their weekday says, `YYYY-MM-DD` → kind:
   * a holiday with weekend-style trading (`'weekend'`) or a working Saturday (`'weekday'`).
   */
  readonly dayOverrides?: Readonly<Record<string, 'weekday' | 'weekend'>>;
  /** The schedule; default {@link MOEX_STOCK_SESSIONS}. */
  readonly table?: readonly SessionWindow[];
}

/** A window of one concrete day, in UTC milliseconds. */
export interface DayWindow {
  readonly session: SessionName;
  readonly phase: SessionPhase;
  /** UTC ms, inclusive. */
  readonly start: number;
  /** UTC ms, exclusive. */
  readonly end: number;
}

/** A compiled calendar: answers per-bar questions without re-reading the options. */
export interface SessionCalendar {
  /** How the Moscow day (index or `YYYY-MM-DD`) trades. */
  dayKind(day: number | string): DayKind;
  /** True when the day has at least one minute in session. */
  isTradingDay(day: number | string): boolean;
  /** True when a bar opening at `timeMs` lies inside a counted window. */
  isInSession(timeMs: number): boolean;
  /** Open times (UTC ms, ascending) of every minute bar of the day inside counted windows. */
  sessionMinutes(day: number | string): number[];
  /** The counted windows of the day, in time order. */
  windows(day: number | string): DayWindow[];
}

const HH_MM = /^(\d{2}):(\d{2})$/;

function invalid(message: string): MoexBotError {
  return new MoexBotError('DATA_CALENDAR_INVALID', message);
}

function minuteOf(text: string, where: string): number {
  const match = HH_MM.exec(text);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!match || Number(match[2]) > 59 || !(minutes <= 1440)) {
    throw invalid(`${where}: "${text}" is not a time HH:MM between 00:00 and 24:00`);
  }
  return minutes;
}

function dayIndex(text: string, where: string): number {
  const day = parseMoscowDate(text);
  if (day === undefined) throw invalid(`${where}: "${text}" is not a date YYYY-MM-DD`);
  return day;
}

function onMinutes(bitmap: Uint8Array): number[] {
  const list: number[] = [];
  for (let minute = 0; minute < bitmap.length; minute++)
    if (bitmap[minute] === 1) list.push(minute);
  return list;
}

/**
 * Compiles session options into a calendar. Lookups are a bitmap read per minute, so
 * `isInSession` costs a few arithmetic operations per bar.
 * @example
 * const calendar = createSessionCalendar({ sessions: ['main', 'evening'], closedDays: ['2026-11-04'] });
 * calendar.isInSession(fromMoscow(2026, 9, 1, 19, 30)); // true
 * calendar.sessionMinutes('2026-09-01').length; // 520 + 285
 */
export function createSessionCalendar(options: SessionOptions = {}): SessionCalendar {
  const table = options.table ?? MOEX_STOCK_SESSIONS;
  const wanted = new Set(options.sessions ?? ['main']);
  const known = new Set(table.map((window) => window.session));
  for (const name of wanted) {
    if (!known.has(name)) {
      throw invalid(`unknown session "${name}"; the table has ${[...known].join(', ')}`);
    }
  }
  const bitmaps = { weekday: new Uint8Array(1440), weekend: new Uint8Array(1440) };
  const counted: { window: SessionWindow; from: number; to: number }[] = [];
  table.forEach((window, index) => {
    const from = minuteOf(window.from, `session table row ${index} from`);
    const to = minuteOf(window.to, `session table row ${index} to`);
    if (from >= to)
      throw invalid(`session table row ${index}: ${window.from} is not before ${window.to}`);
    if (!wanted.has(window.session) || (window.phase === 'auction' && !options.auctions)) return;
    bitmaps[window.days].fill(1, from, to);
    counted.push({ window, from, to });
  });
  counted.sort((a, b) => a.from - b.from);
  const minutes = { weekday: onMinutes(bitmaps.weekday), weekend: onMinutes(bitmaps.weekend) };

  const kinds = new Map<number, DayKind>();
  for (const [text, kind] of Object.entries(options.dayOverrides ?? {})) {
    if (kind !== 'weekday' && kind !== 'weekend') {
      throw invalid(`dayOverrides["${text}"]: "${String(kind)}" is not weekday or weekend`);
    }
    kinds.set(dayIndex(text, 'dayOverrides'), kind);
  }
  // Closed wins over an override: a holiday list is the last word on a date.
  for (const text of options.closedDays ?? []) kinds.set(dayIndex(text, 'closedDays'), 'closed');

  const toDay = (day: number | string): number =>
    typeof day === 'number' ? day : dayIndex(day, 'day');
  const kindOf = (day: number): DayKind => {
    const override = kinds.get(day);
    if (override !== undefined) return override;
    const weekday = weekdayOfDay(day);
    return weekday === 0 || weekday === 6 ? 'weekend' : 'weekday';
  };

  return {
    dayKind: (day) => kindOf(toDay(day)),
    isTradingDay(day) {
      const kind = kindOf(toDay(day));
      return kind !== 'closed' && minutes[kind].length > 0;
    },
    isInSession(timeMs) {
      const day = moscowDay(timeMs);
      const kind = kinds.size === 0 ? undefined : kinds.get(day);
      const minute = Math.floor((timeMs + MOSCOW_OFFSET_MS - day * DAY_MS) / MINUTE_MS);
      if (kind !== undefined) return kind !== 'closed' && bitmaps[kind][minute] === 1;
      const weekday = weekdayOfDay(day);
      return (weekday === 0 || weekday === 6 ? bitmaps.weekend : bitmaps.weekday)[minute] === 1;
    },
    sessionMinutes(day) {
      const index = toDay(day);
      const kind = kindOf(index);
      if (kind === 'closed') return [];
      const start = moscowDayStart(index);
      return minutes[kind].map((m) => start + m * MINUTE_MS);
    },
    windows(day) {
      const index = toDay(day);
      const kind = kindOf(index);
      const start = moscowDayStart(index);
      return counted
        .filter(({ window }) => window.days === kind)
        .map(({ window, from, to }) => ({
          session: window.session,
          phase: window.phase,
          start: start + from * MINUTE_MS,
          end: start + to * MINUTE_MS,
        }));
    },
  };
}

// Calendars compiled for option objects seen before, so the free functions stay cheap
// when called per bar with the same options.
const compiled = new WeakMap<SessionOptions, SessionCalendar>();
const defaultCalendar = createSessionCalendar();

function calendarFor(options: SessionOptions | undefined): SessionCalendar {
  if (options === undefined) return defaultCalendar;
  let calendar = compiled.get(options);
  if (calendar === undefined) {
    calendar = createSessionCalendar(options);
    compiled.set(options, calendar);
  }
  return calendar;
}

/**
 * True when a bar opening at `timeMs` (UTC ms) is inside a counted MOEX session.
 * Pass the same options object on every call: it is compiled once.
 * @example
 * isInSession(fromMoscow(2026, 9, 1, 10, 0)); // true: main session
 * isInSession(fromMoscow(2026, 9, 1, 19, 30)); // false unless sessions include 'evening'
 */
export function isInSession(timeMs: number, options?: SessionOptions): boolean {
  return calendarFor(options).isInSession(timeMs);
}

/**
 * Open times (UTC ms) of every minute bar a day should have, in order; empty on closed days.
 * @example
 * sessionMinutes('2026-09-01').length; // 520: 10:00 to 18:39 Moscow
 * sessionMinutes('2026-09-05', { sessions: ['weekend'] }).length; // 540 on a Saturday
 */
export function sessionMinutes(day: number | string, options?: SessionOptions): number[] {
  return calendarFor(options).sessionMinutes(day);
}
