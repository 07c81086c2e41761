/**
 * Trading sessions: when the exchange accepts orders. Times are UTC `HH:MM`; MOEX runs on
 * Moscow time (UTC+3 all year), so every session of a trading day falls inside one UTC
 * date and a holiday is named by that date.
 * @module
 */

/** One continuous trading period of a day, in UTC. */
export interface TradingSession {
  /** Opening time, `HH:MM` UTC. */
  readonly start: string;
  /** Closing time (exclusive), `HH:MM` UTC; `24:00` for the end of the day. */
  readonly end: string;
  /** Shown as the interval type in `TradingSchedules` (`regular` when omitted). */
  readonly name?: string;
}

/** When an instrument trades. */
export interface TradingScheduleSpec {
  /** Sessions on weekdays. */
  readonly sessions: readonly TradingSession[];
  /** Sessions on Saturdays and Sundays, for instruments with `weekendFlag` (none if omitted). */
  readonly weekendSessions?: readonly TradingSession[];
  /** Closed days, `YYYY-MM-DD` (UTC date). */
  readonly holidays?: readonly string[];
}

/**
 * The MOEX stock market (TQBR) in UTC: morning 07:00–09:50, main 10:00–18:40 and evening
 * 19:05–23:50 Moscow time, continuous trading only (auctions are left out); weekend
 * sessions 10:00–19:00 Moscow time for papers with `weekendFlag`.
 */
export const MOEX_SCHEDULE: TradingScheduleSpec = {
  sessions: [
    { start: '04:00', end: '06:50', name: 'morning' },
    { start: '07:00', end: '15:40', name: 'main' },
    { start: '16:05', end: '20:50', name: 'evening' },
  ],
  weekendSessions: [{ start: '07:00', end: '16:00', name: 'weekend' }],
};

/** Open around the clock every day: for tests that do not care about sessions. */
export const ALWAYS_OPEN: TradingScheduleSpec = {
  sessions: [{ start: '00:00', end: '24:00' }],
  weekendSessions: [{ start: '00:00', end: '24:00' }],
};

const DAY = 86_400_000;

function minutes(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new RangeError(`"${hhmm}" is not an HH:MM time`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Why an order cannot trade at some instant, if it cannot. */
export type SessionVerdict = 'open' | 'weekend' | 'closed';

/** A session as absolute UTC instants. */
export interface SessionSpan {
  readonly start: number;
  readonly end: number;
  readonly name: string;
}

/** The sessions of the UTC day holding `time`; empty on holidays and non-trading days. */
export function sessionsOn(
  schedule: TradingScheduleSpec,
  time: number,
  weekendFlag: boolean,
): SessionSpan[] {
  const midnight = Math.floor(time / DAY) * DAY;
  const date = new Date(midnight).toISOString().slice(0, 10);
  if (schedule.holidays?.includes(date)) return [];
  const weekday = new Date(midnight).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const sessions = weekend
    ? weekendFlag
      ? (schedule.weekendSessions ?? [])
      : []
    : schedule.sessions;
  return sessions.map((session) => ({
    start: midnight + minutes(session.start) * 60_000,
    end: midnight + minutes(session.end) * 60_000,
    name: session.name ?? 'regular',
  }));
}

/** Whether an instrument can trade at `time`: open, closed for the weekend, or closed. */
export function sessionVerdict(
  schedule: TradingScheduleSpec,
  time: number,
  weekendFlag: boolean,
): SessionVerdict {
  const weekday = new Date(time).getUTCDay();
  if ((weekday === 0 || weekday === 6) && !weekendFlag) return 'weekend';
  const open = sessionsOn(schedule, time, weekendFlag).some((s) => time >= s.start && time < s.end);
  return open ? 'open' : 'closed';
}
