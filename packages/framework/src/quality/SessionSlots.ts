/**
 * The interval slots in which a session calendar expects a bar, counted a day at a time:
 * the missing-bars check asks "how many expected slots lie between these two bars?" and
 * gets the answer without walking the night minute by minute.
 * @module
 */
import { DAY_MS, MOSCOW_OFFSET_MS, moscowDayStart } from '../market/moscowTime.js';
import type { DayKind, SessionCalendar } from '../market/sessions.js';

/** The expected slots of one kind of day, with lookups precomputed. */
interface SlotTable {
  /** Expected slots in the day. */
  readonly total: number;
  /** `prefix[i]`: expected slots among the first `i` slots of the day. */
  readonly prefix: Int32Array;
  /** `next[i]`: first expected slot at or after `i`, or the slots-per-day count for none. */
  readonly next: Int32Array;
  /** `previous[i]`: last expected slot before `i`, or -1 for none. */
  readonly previous: Int32Array;
}

/**
 * Slots are numbered globally, `floor((time + Moscow offset) / interval)`, so a slot never
 * straddles Moscow midnight (every interval up to a day divides the day) and slot `n`
 * of a day is `day × slotsPerDay + n`. A slot is expected when any of its minutes is in a
 * counted session: an hourly bar 18:00 is expected for a main session ending at 18:40, a
 * daily bar on every trading day.
 * @example
 * const slots = new SessionSlots(createSessionCalendar(), 60_000);
 * slots.countBetween(slots.slotOf(fridayClose), slots.slotOf(mondayOpen)); // 0: night and weekend
 */
export class SessionSlots {
  readonly slotsPerDay: number;
  // Every day of a kind has the same minutes (the calendar keys its table by kind), so
  // three tables serve any history; built on first sight of the kind.
  private readonly tables: Partial<Record<DayKind, SlotTable>> = {};

  constructor(
    private readonly calendar: SessionCalendar,
    readonly intervalMs: number,
  ) {
    this.slotsPerDay = DAY_MS / intervalMs;
    if (!Number.isInteger(this.slotsPerDay)) {
      throw new RangeError(`interval ${intervalMs} ms does not divide a day`);
    }
  }

  /** The slot of a bar opening at `timeMs`. */
  slotOf(timeMs: number): number {
    return Math.floor((timeMs + MOSCOW_OFFSET_MS) / this.intervalMs);
  }

  /** The UTC ms at which a slot opens. */
  timeOf(slot: number): number {
    return slot * this.intervalMs - MOSCOW_OFFSET_MS;
  }

  /** Expected slots strictly between slots `a` and `b`. */
  countBetween(a: number, b: number): number {
    const lo = a + 1;
    if (lo >= b) return 0;
    const perDay = this.slotsPerDay;
    const firstDay = Math.floor(lo / perDay);
    const lastDay = Math.floor(b / perDay);
    const first = this.table(firstDay);
    if (firstDay === lastDay)
      return first.prefix[b - lastDay * perDay]! - first.prefix[lo - firstDay * perDay]!;
    let count = first.total - first.prefix[lo - firstDay * perDay]!;
    for (let day = firstDay + 1; day < lastDay; day++) count += this.table(day).total;
    return count + this.table(lastDay).prefix[b - lastDay * perDay]!;
  }

  /** The first expected slot after `a`; call only when {@link countBetween} found one. */
  firstAfter(a: number): number {
    const perDay = this.slotsPerDay;
    let day = Math.floor((a + 1) / perDay);
    let index = a + 1 - day * perDay;
    for (;;) {
      const found = this.table(day).next[index]!;
      if (found < perDay) return day * perDay + found;
      day++;
      index = 0;
    }
  }

  /** The last expected slot before `b`; call only when {@link countBetween} found one. */
  lastBefore(b: number): number {
    const perDay = this.slotsPerDay;
    let day = Math.floor(b / perDay);
    let index = b - day * perDay;
    for (;;) {
      const found = this.table(day).previous[index]!;
      if (found >= 0) return day * perDay + found;
      day--;
      index = perDay;
    }
  }

  private table(day: number): SlotTable {
    const kind = this.calendar.dayKind(day);
    let table = this.tables[kind];
    if (table === undefined) {
      table = this.build(day);
      this.tables[kind] = table;
    }
    return table;
  }

  private build(day: number): SlotTable {
    const perDay = this.slotsPerDay;
    const expected = new Uint8Array(perDay);
    const start = moscowDayStart(day);
    for (const minute of this.calendar.sessionMinutes(day)) {
      expected[Math.floor((minute - start) / this.intervalMs)] = 1;
    }
    const prefix = new Int32Array(perDay + 1);
    const next = new Int32Array(perDay + 1);
    const previous = new Int32Array(perDay + 1);
    for (let i = 0; i < perDay; i++) prefix[i + 1] = prefix[i]! + expected[i]!;
    next[perDay] = perDay;
    for (let i = perDay - 1; i >= 0; i--) next[i] = expected[i] ? i : next[i + 1]!;
    previous[0] = -1;
    for (let i = 1; i <= perDay; i++) previous[i] = expected[i - 1] ? i - 1 : previous[i - 1]!;
    return { total: prefix[perDay]!, prefix, next, previous };
  }
}
