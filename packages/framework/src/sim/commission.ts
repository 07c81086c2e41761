/**
 * Commission models of the simulator: a percent of the notional with a minimum per
 * trade, rounded to the kopeck, the way T-Invest charges (per execution, not per order).
 * Computed exactly in bigint nanos so that a million fills never drift by a kopeck.
 * @module
 */
import { KOPECK_NANOS, NANOS_PER_UNIT, nanosToNumber, toNanos } from '../domain/decimal.js';

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
  const notionalNanos = BigInt(lots) * BigInt(lot) * priceNanos;
  // One division from the exact product, so no intermediate rounding can bias the kopeck.
  const kopecks = divideRounded(
    notionalNanos * toNanos(model.percent),
    PERCENT_DENOMINATOR * KOPECK_NANOS,
  );
  const minimum = divideRounded(toNanos(model.minimum), KOPECK_NANOS);
  const absolute = kopecks < 0n ? -kopecks : kopecks;
  return absolute > minimum ? absolute : minimum;
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
