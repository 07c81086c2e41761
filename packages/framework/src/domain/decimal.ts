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

const SAFE_NANOS = BigInt(Number.MAX_SAFE_INTEGER);

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
