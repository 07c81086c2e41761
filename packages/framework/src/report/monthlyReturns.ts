/**
 * Returns by calendar month (Moscow time) from an equity curve: each month's last
 * equity over the previous month's last (the first month over the starting cash).
 * @module
 */
import { moscowParts } from '../market/moscowTime.js';

/** One month's return. */
export interface MonthReturn {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** Fraction: 0.05 is +5 %. */
  readonly value: number;
}

/**
 * @example
 * monthlyReturns([Date.UTC(2024, 0, 31), Date.UTC(2024, 1, 29)], [110, 99], 100);
 * // [{ year: 2024, month: 1, value: 0.1 }, { year: 2024, month: 2, value: -0.1 }]
 */
export function monthlyReturns(
  times: ArrayLike<number>,
  equity: ArrayLike<number>,
  initialCash: number,
): MonthReturn[] {
  const months: MonthReturn[] = [];
  let previous = initialCash;
  let key = -1;
  let last = initialCash;
  const close = () => {
    if (key < 0) return;
    months.push({ year: Math.floor(key / 12), month: (key % 12) + 1, value: last / previous - 1 });
    previous = last;
  };
  for (let i = 0; i < times.length; i++) {
    const moscow = moscowParts(times[i]!);
    const month = moscow.year * 12 + moscow.month - 1;
    if (month !== key) {
      close();
      key = month;
    }
    last = equity[i]!;
  }
  close();
  return months;
}
