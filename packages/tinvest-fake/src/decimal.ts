/**
 * Exact decimals for the fake exchange: prices, cash and commissions are bigint nanos
 * (1e-9 of a unit, the precision of `Quotation`), so balances never drift however many
 * fills are booked. Numbers appear only at the edges (test input, proto messages).
 * @module
 */
import type { MoneyValue, Quotation } from 'tinkoff-invest-api/cjs/generated/common.js';

/** Nanos in one unit. */
export const NANO = 1_000_000_000n;
/** Nanos in one kopeck (0.01), the precision commissions are charged in. */
export const KOPECK = 10_000_000n;

/** A decimal amount as given by a test: a number or an exact decimal string. */
export type DecimalInput = number | string;

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/;

/**
 * Parses `'280.15'`, `280.15` or `'-0.5'` into nanos. Numbers go through `toFixed(9)`,
 * strings are exact; more than 9 fractional digits are an error, not a rounding.
 * @example
 * toNanos('280.15'); // 280150000000n
 */
export function toNanos(value: DecimalInput): bigint {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new RangeError(`"${String(value)}" is not a decimal number`);
  }
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > 9) throw new RangeError(`"${text}" has more than 9 fractional digits`);
  const nanos = BigInt(match[2] || '0') * NANO + BigInt(fraction.padEnd(9, '0'));
  return match[1] === '-' ? -nanos : nanos;
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
  return value.toFixed(9);
}

/** Nanos as a plain decimal string without trailing zeros: `280150000000n` → `'280.15'`. */
export function formatNanos(nanos: bigint): string {
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  const fraction = (abs % NANO).toString().padStart(9, '0').replace(/0+$/, '');
  return `${sign}${abs / NANO}${fraction ? `.${fraction}` : ''}`;
}

/** Nanos as a `Quotation`; `nano` has the sign of `units`, as the API requires. */
export function toQuotation(nanos: bigint): Quotation {
  // bigint division truncates toward zero, so both parts carry the sign of the value.
  return { units: Number(nanos / NANO), nano: Number(nanos % NANO) };
}

/** Nanos as a `MoneyValue` in `currency`. */
export function toMoney(nanos: bigint, currency: string): MoneyValue {
  return { currency, ...toQuotation(nanos) };
}

/** A `Quotation` or `MoneyValue` from a request, in nanos (`undefined` when absent). */
export function fromQuotation(value: Quotation | undefined): bigint | undefined {
  if (!value) return undefined;
  return BigInt(Math.trunc(value.units)) * NANO + BigInt(Math.trunc(value.nano));
}

/** True when a request's `Quotation` is well formed: |nano| < 1e9 and no sign mismatch. */
export function isWellFormedQuotation(value: Quotation): boolean {
  if (!Number.isInteger(value.units) || !Number.isInteger(value.nano)) return false;
  if (Math.abs(value.nano) >= 1e9) return false;
  return !(value.units > 0 && value.nano < 0) && !(value.units < 0 && value.nano > 0);
}

/** Rounds a non-negative rational `numerator / denominator` half up to an integer. */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/**
 * The commission on a trade of `amount` nanos at `percent` (in nanos of a percent),
 * rounded half up to the kopeck as the broker charges it.
 * @example
 * commission(toNanos('2801.5'), toNanos('0.05')); // 1.40 RUB in nanos
 */
export function commission(amount: bigint, percent: bigint): bigint {
  const abs = amount < 0n ? -amount : amount;
  return divRoundHalfUp(abs * percent, 100n * NANO * KOPECK) * KOPECK;
}
