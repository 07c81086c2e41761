/**
 * Why a bar fails the schema check, in words. The checker's hot path only asks "valid or
 * not"; this slower explanation runs for the few failing bars.
 * @module
 */

/**
 * Bar times outside these bounds are corrupt: MOEX data starts in the 1990s, and a bound
 * keeps a garbage timestamp (say 1e300) from sending the missing-bars count across
 * billions of empty days.
 */
export const MIN_BAR_TIME = Date.UTC(1990, 0, 1);
/** Exclusive upper bound of a plausible bar time; see {@link MIN_BAR_TIME}. */
export const MAX_BAR_TIME = Date.UTC(2100, 0, 1);

const FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/** A schema problem of a bar. */
export interface SchemaProblem {
  readonly kind: string;
  readonly detail: string;
  /** The bar's time when it is a usable instant (so the finding can show it). */
  readonly time?: number;
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * The first schema problem of a bar, or `undefined` for a valid one: every field present
 * and a finite number, the time a whole number of ms in 1990–2100 that is a multiple of
 * `alignMs` (the interval; an hour for daily bars, whose open time differs by source).
 * @example
 * schemaProblem({ ...bar, close: Number.NaN }, 60_000); // { kind: 'not-finite', detail: 'close is NaN', time }
 */
export function schemaProblem(bar: unknown, alignMs: number): SchemaProblem | undefined {
  if (typeof bar !== 'object' || bar === null) {
    return { kind: 'not-a-bar', detail: `not a bar but ${bar === null ? 'null' : typeof bar}` };
  }
  const record = bar as Record<string, unknown>;
  const rawTime = record['time'];
  const time =
    typeof rawTime === 'number' &&
    Number.isInteger(rawTime) &&
    rawTime >= MIN_BAR_TIME &&
    rawTime < MAX_BAR_TIME
      ? rawTime
      : undefined;
  const at = time === undefined ? {} : { time };
  for (const field of FIELDS) {
    const value = record[field];
    if (value === undefined || value === null) {
      return { kind: 'missing-field', detail: `${field} is missing`, ...at };
    }
    if (typeof value !== 'number') {
      return {
        kind: 'not-a-number',
        detail: `${field} is a ${typeof value} (${show(value)}), not a number`,
        ...at,
      };
    }
    if (!Number.isFinite(value))
      return { kind: 'not-finite', detail: `${field} is ${value}`, ...at };
  }
  const value = rawTime as number;
  if (!Number.isInteger(value)) {
    return { kind: 'time-not-integer', detail: `time ${value} is not a whole number of ms` };
  }
  if (time === undefined) {
    return { kind: 'time-out-of-range', detail: `time ${value} is outside 1990–2100` };
  }
  const offset = time % alignMs;
  if (offset !== 0) {
    return {
      kind: 'time-misaligned',
      detail: `time is ${offset / 1000} s past the start of a ${alignMs / 60_000}-minute slot`,
      time,
    };
  }
  return undefined;
}
