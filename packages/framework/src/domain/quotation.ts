/**
 * Exact conversion between T-Invest `Quotation` / `MoneyValue` (`units` + `nano`)
 * and nanos or decimal text. `nano` always carries the sign of `units`.
 * @module
 */
import { MoexBotError } from '../errors.js';
import { formatNanos, NANOS_PER_UNIT, parseDecimal } from './decimal.js';

/** A T-Invest price or amount: value = units + nano / 1e9. */
export interface Quotation {
  readonly units: number;
  readonly nano: number;
}

/** A T-Invest amount of money in a currency. */
export interface MoneyValue extends Quotation {
  readonly currency: string;
}

/**
 * Validates and converts a Quotation to nanos. Throws
 * `MOEXBOT_ERR_DOMAIN_QUOTATION_INVALID` when nano is out of range or of the other sign.
 */
export function quotationToNanos(q: Quotation): bigint {
  const { units, nano } = q;
  if (!Number.isSafeInteger(units) || !Number.isInteger(nano) || Math.abs(nano) >= 1e9) {
    throw new MoexBotError(
      'DOMAIN_QUOTATION_INVALID',
      `Quotation {units: ${units}, nano: ${nano}} is out of range`,
    );
  }
  if ((units > 0 && nano < 0) || (units < 0 && nano > 0)) {
    throw new MoexBotError(
      'DOMAIN_QUOTATION_INVALID',
      `Quotation {units: ${units}, nano: ${nano}}: nano must have the sign of units`,
    );
  }
  return BigInt(units) * NANOS_PER_UNIT + BigInt(nano);
}

/** Nanos to a Quotation; both parts truncate toward zero so their signs agree. */
export function nanosToQuotation(nanos: bigint): Quotation {
  // Normalise -0 so that `{units: 0, nano: 0}` compares equal to what the API sends.
  const units = Number(nanos / NANOS_PER_UNIT) || 0;
  const nano = Number(nanos % NANOS_PER_UNIT) || 0;
  return { units, nano };
}

/** Decimal text to a Quotation, exactly. */
export function quotationFromDecimal(text: string): Quotation {
  return nanosToQuotation(parseDecimal(text));
}

/** A Quotation to decimal text, exactly. */
export function quotationToDecimal(q: Quotation): string {
  return formatNanos(quotationToNanos(q));
}

/** A MoneyValue from decimal text and a currency. */
export function moneyFromDecimal(text: string, currency: string): MoneyValue {
  return { ...quotationFromDecimal(text), currency };
}
