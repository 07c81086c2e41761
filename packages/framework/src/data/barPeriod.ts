/**
 * Partition periods of the store: UTC calendar months, `YYYY-MM`. A month of minute bars
 * is tens of thousands of rows, one or two row groups: small enough to rewrite when a
 * few bars change, large enough that a year is a dozen files.
 * @module
 */

/** The period (`2026-09`) of a UTC time in ms. */
export function periodOf(time: number): string {
  const date = new Date(time);
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The first millisecond after the month holding `time`. */
export function periodEnd(time: number): number {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/**
 * Splits bars sorted by time into runs of one period each: `[period, start, end)` index
 * ranges, in time order.
 * @example
 * splitByPeriod(times); // [['2026-08', 0, 4410], ['2026-09', 4410, 9030]]
 */
export function splitByPeriod(times: ArrayLike<number>): [string, number, number][] {
  const runs: [string, number, number][] = [];
  let start = 0;
  while (start < times.length) {
    const end = periodEnd(times[start]!);
    let stop = start + 1;
    while (stop < times.length && times[stop]! < end) stop++;
    runs.push([periodOf(times[start]!), start, stop]);
    start = stop;
  }
  return runs;
}
