/**
 * Commission models of the simulator: a percent of the notional with a minimum per
 * trade, rounded to the kopeck, the way T-Invest charges (per execution, not per order).
 * Computed exactly in bigint nanos so that a million fills never drift by a kopeck.
 * @module
 */
import {
  isSafeNanos,
  KOPECK_NANOS,
  MAX_SAFE_NANOS,
  NANOS_PER_UNIT,
  nanosToNumber,
  toNanos,
} from '../domain/decimal.js';

/** A percent of notional per trade, never less than `minimum` roubles. */
export interface CommissionModel {
  /** Percent of the notional, e.g. `0.05` for 0.05%. */
  readonly percent: number;
  /** Smallest commission per trade in roubles (rounded to the kopeck); 0 for none. */
  readonly minimum: number;
}

/**
 * T-Invest tariffs: "Investor" 0.3%, "Trader" 0.05% (its monthly fee is not per
 * trade, so it is not modelled), the sandbox a flat 0.05%.
 */
export const COMMISSION_PRESETS = {
  investor: { percent: 0.3, minimum: 0 },
  trader: { percent: 0.05, minimum: 0 },
  sandbox: { percent: 0.05, minimum: 0 },
} as const satisfies Record<string, CommissionModel>;

/** The name of a tariff preset. */
export type CommissionPreset = keyof typeof COMMISSION_PRESETS;

/** A model, or the name of a preset. */
export type CommissionSpec = CommissionModel | CommissionPreset;

/**
 * Resolves a preset name to its model; checks that percent and minimum are finite and
 * not negative (a negative commission would be a rebate, which no tariff pays).
 * @example
 * commissionModel('investor'); // { percent: 0.3, minimum: 0 }
 */
export function commissionModel(spec: CommissionSpec): CommissionModel {
  const model = typeof spec === 'string' ? COMMISSION_PRESETS[spec] : spec;
  if (model === undefined) throw new Error(`unknown commission preset "${String(spec)}"`);
  const { percent, minimum } = model;
  if (!Number.isFinite(percent) || percent < 0 || !Number.isFinite(minimum) || minimum < 0) {
    throw new Error(
      `commission percent and minimum must be finite and >= 0, got ${percent}, ${minimum}`,
    );
  }
  return { percent, minimum };
}

// percent is held in nanos, so the rate is percentNanos / (100 × 1e9).
const PERCENT_DENOMINATOR = 100n * NANOS_PER_UNIT;
/** Kopecks = notional nanos × percent nanos / RATE_DENOMINATOR (a kopeck is 1e7 nanos). */
const RATE_DENOMINATOR = PERCENT_DENOMINATOR * KOPECK_NANOS;

/** Divides and rounds half away from zero (bigint division truncates toward zero). */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  if (twice < denominator) return quotient;
  return numerator < 0n ? quotient - 1n : quotient + 1n;
}

/**
 * Commission of one execution in kopecks, exactly: the percent of
 * `lots × lot × price` rounded half away from zero to the kopeck, or the minimum
 * (itself rounded to the kopeck) when that is larger.
 * @example
 * commissionKopecks(commissionModel('trader'), 3, 10, 250_370_000_000n); // 376n (3.76 RUB)
 */
export function commissionKopecks(
  model: CommissionModel,
  lots: number,
  lot: number,
  priceNanos: bigint,
): bigint {
  const minimum = divideRounded(toNanos(model.minimum), KOPECK_NANOS);
  return kopecksAt(toNanos(model.percent), minimum, lots, lot, priceNanos);
}

/** The exact commission from the percent in nanos and the minimum in kopecks. */
function kopecksAt(
  percentNanos: bigint,
  minimumKopecks: bigint,
  lots: number,
  lot: number,
  priceNanos: bigint,
): bigint {
  const notionalNanos = BigInt(lots) * BigInt(lot) * priceNanos;
  // One division from the exact product, so no intermediate rounding can bias the kopeck.
  const kopecks = divideRounded(notionalNanos * percentNanos, RATE_DENOMINATOR);
  const absolute = kopecks < 0n ? -kopecks : kopecks;
  return absolute > minimumKopecks ? absolute : minimumKopecks;
}

/**
 * A commission model prepared for many executions: its percent and minimum in exact
 * units, computed once rather than on every fill, and the rate as a reduced fraction
 * for {@link commissionKopecksFast}.
 */
export interface CommissionRates {
  readonly model: CommissionModel;
  /** The percent in nanos: the rate is `percentNanos / (100 × 1e9)`. */
  readonly percentNanos: bigint;
  /** The minimum rounded to the kopeck. */
  readonly minimumKopecks: bigint;
  /**
   * Kopecks per nano of notional as `numerator / denominator` in lowest terms, as safe
   * integers; both NaN when they are not (then only the bigint path is used).
   */
  readonly numerator: number;
  readonly denominator: number;
  /** `minimumKopecks` as a number (NaN when not a safe integer). */
  readonly minimum: number;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** The number form of a bigint when it is a safe integer, else NaN. */
function safeNumber(value: bigint): number {
  return value <= BigInt(MAX_SAFE_NANOS) && value >= -BigInt(MAX_SAFE_NANOS)
    ? Number(value)
    : Number.NaN;
}

/**
 * Prepares a (checked) model for repeated use.
 * @example
 * const rates = commissionRates(commissionModel('trader')); // numerator 1, denominator 2e10
 */
export function commissionRates(model: CommissionModel): CommissionRates {
  const percentNanos = toNanos(model.percent);
  const divisor = gcd(percentNanos, RATE_DENOMINATOR);
  const minimumKopecks = divideRounded(toNanos(model.minimum), KOPECK_NANOS);
  const numerator = safeNumber(percentNanos / divisor);
  const denominator = safeNumber(RATE_DENOMINATOR / divisor);
  // The fraction is usable only whole: both parts safe integers, or neither is used.
  const usable = !Number.isNaN(numerator) && !Number.isNaN(denominator);
  return {
    model,
    percentNanos,
    minimumKopecks,
    numerator: usable ? numerator : Number.NaN,
    denominator: usable ? denominator : Number.NaN,
    minimum: safeNumber(minimumKopecks),
  };
}

/** `commissionKopecks` with the model prepared once. */
export function ratesKopecks(
  rates: CommissionRates,
  lots: number,
  lot: number,
  priceNanos: bigint,
): bigint {
  return kopecksAt(rates.percentNanos, rates.minimumKopecks, lots, lot, priceNanos);
}

/**
 * `Number(ratesKopecks(rates, lots, lot, BigInt(priceNanos)))` in plain numbers, for the
 * common case where every quantity is a safe integer; NaN when that cannot be shown, and
 * the caller then takes the bigint path.
 *
 * Why it is exact: lots, lot and the price are positive safe integers, so their product
 * `notional` and `y = notional × numerator` are exact exactly when the checks pass (see
 * `MAX_SAFE_NANOS`). The commission is `round(y / denominator)`, half up (y ≥ 0, so half
 * away from zero, as in `divideRounded`), and `y / denominator` equals the bigint
 * `notional × percentNanos / RATE_DENOMINATOR` because numerator / denominator is that
 * fraction in lowest terms. The float quotient of y / d (both below 2^53) is within one
 * of the true one, so `q = floor(y / d)` is off by at most one, and the remainder
 * `y − q × d` is exact (|q × d| ≤ y + d ≤ 2^53, checked) and corrects it.
 * @example
 * commissionKopecksFast(commissionRates(commissionModel('trader')), 3, 10, 250_370_000_000); // 376
 */
export function commissionKopecksFast(
  rates: CommissionRates,
  lots: number,
  lot: number,
  priceNanos: number,
): number {
  const { numerator, denominator } = rates;
  if (!(lots > 0 && lot > 0 && priceNanos > 0)) return Number.NaN;
  if (!Number.isSafeInteger(lots) || !Number.isSafeInteger(lot)) return Number.NaN;
  if (!Number.isSafeInteger(priceNanos)) return Number.NaN;
  const pieces = lots * lot;
  const notional = pieces * priceNanos;
  const y = notional * numerator;
  // NaN rates fail here too.
  if (!(isSafeNanos(pieces) && isSafeNanos(notional) && y + denominator <= MAX_SAFE_NANOS)) {
    return Number.NaN;
  }
  let quotient = Math.floor(y / denominator);
  let remainder = y - quotient * denominator;
  if (remainder < 0) {
    quotient -= 1;
    remainder += denominator;
  } else if (remainder >= denominator) {
    quotient += 1;
    remainder -= denominator;
  }
  const kopecks = remainder * 2 >= denominator ? quotient + 1 : quotient;
  return kopecks > rates.minimum ? kopecks : rates.minimum;
}

/** The same as `commissionKopecks`, in nanos. */
export function commissionNanos(
  model: CommissionModel,
  lots: number,
  lot: number,
  priceNanos: bigint,
): bigint {
  return commissionKopecks(model, lots, lot, priceNanos) * KOPECK_NANOS;
}

/**
 * Commission of one execution in roubles: a number that is exactly a whole number of
 * kopecks (`toNanos(result) % KOPECK_NANOS === 0n`).
 * @example
 * commissionFor(COMMISSION_PRESETS.investor, 2, 10, 250.37); // 15.02
 * commissionFor({ percent: 0.05, minimum: 1 }, 1, 1, 100); // 1 (the minimum)
 */
export function commissionFor(
  model: CommissionModel,
  lots: number,
  lot: number,
  price: number,
): number {
  if (!Number.isSafeInteger(lots) || !Number.isSafeInteger(lot)) {
    throw new Error(`lots and lot must be integers, got ${lots} and ${lot}`);
  }
  return nanosToNumber(commissionNanos(model, lots, lot, toNanos(price)));
}
