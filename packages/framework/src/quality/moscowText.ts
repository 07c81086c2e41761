/**
 * Times of findings as people read them: Moscow wall-clock text next to the ISO UTC time.
 * Only built for the few findings a report keeps, so clarity wins over speed here.
 * @module
 */
import { DAY_MS, formatMoscowDate, MOSCOW_OFFSET_MS, moscowDay } from '../market/moscowTime.js';

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

function clock(timeMs: number): string {
  const ms = timeMs + MOSCOW_OFFSET_MS - moscowDay(timeMs) * DAY_MS;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor(ms / 60_000) % 60;
  const seconds = Math.floor(ms / 1000) % 60;
  const millis = ms % 1000;
  // Bars open on whole minutes; seconds show only for a misaligned time, where they matter.
  const tail =
    millis !== 0 ? `:${pad(seconds)}.${pad(millis, 3)}` : seconds ? `:${pad(seconds)}` : '';
  return `${pad(hours)}:${pad(minutes)}${tail}`;
}

/** ISO 8601 UTC text of a time. */
export function isoTime(timeMs: number): string {
  return new Date(timeMs).toISOString();
}

/**
 * Moscow wall-clock text of a time; `dateOnly` for daily bars.
 * @example
 * moscowText(Date.UTC(2026, 8, 1, 7, 5)); // '2026-09-01 10:05 MSK'
 * moscowText(Date.UTC(2026, 8, 1, 7, 5), true); // '2026-09-01 MSK'
 */
export function moscowText(timeMs: number, dateOnly = false): string {
  const date = formatMoscowDate(moscowDay(timeMs));
  return dateOnly ? `${date} MSK` : `${date} ${clock(timeMs)} MSK`;
}

/**
 * Moscow text of a span of bar open times; the date is written once when both ends share it.
 * @example
 * moscowSpanText(Date.UTC(2026, 8, 1, 7, 5), Date.UTC(2026, 8, 1, 7, 9)); // '2026-09-01 10:05 – 10:09 MSK'
 */
export function moscowSpanText(startMs: number, endMs: number, dateOnly = false): string {
  if (startMs === endMs) return moscowText(startMs, dateOnly);
  const startDate = formatMoscowDate(moscowDay(startMs));
  const endDate = formatMoscowDate(moscowDay(endMs));
  if (dateOnly) return `${startDate} – ${endDate} MSK`;
  const end = startDate === endDate ? clock(endMs) : `${endDate} ${clock(endMs)}`;
  return `${startDate} ${clock(startMs)} – ${end} MSK`;
}
