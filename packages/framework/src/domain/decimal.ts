/**
 * Exact decimal arithmetic in nanos (1e-9 of a unit), the precision of T-Invest
 * `Quotation`. The ledger keeps money as bigint nanos so that cash and P&L never
 * drift, however many fills are applied; numbers are only used for derived views.
 * @module
 */
import { MoexBotError } from '../errors.js';

/** Nanos in one unit. */
export const NANOS_PER_UNIT = 1_000_000_000n;

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$|^([+-])?\.(\d+)(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a decimal text ("250.37", "-0.000000001", "1e-9") into nanos, exactly.
 * Throws `MOEXBOT_ERR_DOMAIN_DECIMAL_INVALID` for malformed text or more than
 * 9 fractional digits.
 * @example
 * parseDecimal('250.37'); // 250370000000n
 */
export function parseDecimal(text: string): bigint {
  const match = DECIMAL.exec(text.trim());
  if (!match) {
    throw new MoexBotError('DOMAIN_DECIMAL_INVALID', `"${text}" is not a decimal number`);
  }
  const sign = match[1] ?? match[5];
  const intPart = match[2] ?? '0';
  const fracPart = match[3] ?? match[6] ?? '';
  const exponent = Number(match[4] ?? match[7] ?? '0');
  // Shift the decimal point by the exponent, then keep exactly 9 fractional digits.
  let digits = intPart + fracPart;
  let pointAt = intPart.length + exponent;
  if (pointAt < 0) {
    digits = '0'.repeat(-pointAt) + digits;
    pointAt = 0;
  }
  if (pointAt > digits.length) digits += '0'.repeat(pointAt - digits.length);
  const whole = digits.slice(0, pointAt) || '0';
  const fraction = digits.slice(pointAt).replace(/0+$/, '');
  if (fraction.length > 9) {
    throw new MoexBotError('DOMAIN_DECIMAL_INVALID', `"${text}" has more than 9 decimal places`);
  }
  const nanos = BigInt(whole) * NANOS_PER_UNIT + BigInt(fraction.padEnd(9, '0'));
  return sign === '-' ? -nanos : nanos;
}

/**
 * Converts a number to nanos exactly as it prints (its shortest round-trip
 * decimal form), so `toNanos(250.37)` is `250370000000n`, not the binary
 * approximation. Values with more than 9 decimals are rounded half away from zero.
 */
export function toNanos(value: number): bigint {
  if (!Number.isFinite(value)) {
    throw new MoexBotError('DOMAIN_DECIMAL_INVALID', `${value} is not a finite number`);
  }
  // Fast path, exact: below 2^22 doubles are less than 1e-9 apart, so at most one
  // 9-decimal number maps to `value`; if scaling and unscaling gives `value` back,
  // that number is the one its shortest decimal form names.
  if (value < FAST_LIMIT && value > -FAST_LIMIT) {
    const scaled = Math.round(value * 1e9);
    if (scaled / 1e9 === value) return BigInt(scaled);
  }
  if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) {
    return BigInt(value) * NANOS_PER_UNIT;
  }
  try {
    return parseDecimal(String(value));
  } catch {
    // More than 9 decimals: round at the 9th, half away from zero.
    const scaled = Math.abs(value) * 1e9;
    const rounded = BigInt(Math.round(scaled));
    return value < 0 ? -rounded : rounded;
  }
}

/** Magnitude below which `toNanos` can use float arithmetic exactly (2^22). */
const FAST_LIMIT = 4_194_304;

/**
 * Integers up to this magnitude are exact in a number. Fast paths of the ledger keep
 * nanos in numbers while every operand and result stays within it, and fall back to
 * bigints otherwise. Why a single check on the computed result is enough: for integer
 * operands the exact sum, difference or product is an integer; if its magnitude is at
 * most 2^53 it is representable and IEEE arithmetic returns it exactly, and because
 * rounding is monotone an exact result beyond `MAX_SAFE_NANOS` (so at least 2^53) can
 * only round to a number of magnitude at least 2^53. Hence `|computed| <= MAX_SAFE_NANOS`
 * holds exactly when the exact result is a safe integer, and then computed = exact.
 */
export const MAX_SAFE_NANOS = Number.MAX_SAFE_INTEGER;

/** True when `value` (an integer result of integer operands, see above) is exact. */
export function isSafeNanos(value: number): boolean {
  return value <= MAX_SAFE_NANOS && value >= -MAX_SAFE_NANOS;
}

/**
 * `Number(toNanos(value))` without a bigint, or NaN when it cannot be had exactly that
 * way. It is the fast path of `toNanos` itself: below 2^22 at most one 9-decimal number
 * maps to `value`, and when scaling and unscaling gives `value` back, `scaled` is that
 * number's nanos, an integer below 2^22 × 1e9 < 2^53, so exact. `+ 0` turns -0 into 0.
 * @example
 * nanosOf(250.37); // 250370000000
 * nanosOf(1e-10); // NaN: not a whole number of nanos
 */
export function nanosOf(value: number): number {
  if (value < FAST_LIMIT && value > -FAST_LIMIT) {
    const scaled = Math.round(value * 1e9);
    if (scaled / 1e9 === value) return scaled + 0;
  }
  return Number.NaN;
}

const SAFE_NANOS = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * `Number(toNanos(value))` when that is a safe integer, else NaN; throws like `toNanos`
 * for values that are not finite. The bigint is only made for the rare values beyond
 * the fast path of `nanosOf` (magnitudes of 2^22 and more, or more than 9 decimals).
 */
export function safeNanos(value: number): number {
  const fast = nanosOf(value);
  if (!Number.isNaN(fast)) return fast;
  const nanos = toNanos(value);
  return nanos <= SAFE_NANOS && nanos >= -SAFE_NANOS ? Number(nanos) : Number.NaN;
}

/**
 * Nanos to a number. Below 2^53 nanos (about 9 million units) it is the double
 * nearest to the decimal, the number that prints as the same text (`250.37`, not
 * `250.37000000000003`): the integer is exact and one IEEE division rounds correctly.
 * Larger amounts (account cash) add whole units and the fraction, within one ulp:
 * they are derived views, the ledger itself stays in bigint nanos.
 * @example
 * nanosToNumber(250_370_000_000n); // 250.37
 */
export function nanosToNumber(nanos: bigint): number {
  if (nanos <= SAFE_NANOS && nanos >= -SAFE_NANOS) return Number(nanos) / 1e9;
  return Number(nanos / NANOS_PER_UNIT) + Number(nanos % NANOS_PER_UNIT) / 1e9;
}

/**
 * Nanos to a plain decimal text without exponent and without trailing zeros.
 * @example
 * formatNanos(-1n); // "-0.000000001"
 */
export function formatNanos(nanos: bigint): string {
  const negative = nanos < 0n;
  const abs = negative ? -nanos : nanos;
  const whole = abs / NANOS_PER_UNIT;
  const fraction = (abs % NANOS_PER_UNIT).toString().padStart(9, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * Rounds nanos to a multiple of `unit` nanos, half away from zero.
 * `roundNanos(x, 10_000_000n)` rounds to the kopeck.
 */
export function roundNanos(nanos: bigint, unit: bigint): bigint {
  const remainder = nanos % unit;
  if (remainder === 0n) return nanos;
  const base = nanos - remainder;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  if (twice < unit) return base;
  return nanos < 0n ? base - unit : base + unit;
}

/** One kopeck (0.01 RUB) in nanos: the unit commissions are rounded to. */
export const KOPECK_NANOS = 10_000_000n;
