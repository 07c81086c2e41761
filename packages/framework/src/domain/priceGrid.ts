/**
 * Price-step arithmetic. Every MOEX instrument trades on a grid of
 * `minPriceIncrement`; off-grid prices are rejected by the exchange (T-Invest 30078).
 * @module
 */
import { MoexBotError } from '../errors.js';
import { isSafeNanos, nanosToNumber, parseDecimal, toNanos } from './decimal.js';

/** How to bring a price onto the grid. */
export type StepRounding = 'down' | 'up' | 'nearest';

/** Price step in nanos, checked: 1 nano (1e-9) up to any positive decimal. */
export function stepNanos(minPriceIncrement: number | string): bigint {
  let nanos: bigint;
  try {
    nanos =
      typeof minPriceIncrement === 'string'
        ? parseDecimal(minPriceIncrement)
        : toNanos(minPriceIncrement);
  } catch {
    nanos = 0n;
  }
  if (nanos <= 0n) {
    throw new MoexBotError(
      'DOMAIN_PRICE_STEP_INVALID',
      `price step ${minPriceIncrement} is not a positive decimal with at most 9 decimals`,
    );
  }
  return nanos;
}

/** True when `priceNanos` is a whole number of steps. */
export function isOnGrid(priceNanos: bigint, step: bigint): boolean {
  return priceNanos % step === 0n;
}

/** Moves a price onto the grid; `nearest` rounds half up. */
export function roundToStep(priceNanos: bigint, step: bigint, mode: StepRounding): bigint {
  const remainder = ((priceNanos % step) + step) % step;
  if (remainder === 0n) return priceNanos;
  const down = priceNanos - remainder;
  if (mode === 'down') return down;
  if (mode === 'up') return down + step;
  return remainder * 2n >= step ? down + step : down;
}

/**
 * `roundToStep` on nanos held in numbers: the same integer, or NaN when an operand or
 * the result is not a safe integer. `%` of integers held in doubles is exact (it is
 * computed without rounding), and the sums are checked as `MAX_SAFE_NANOS` explains.
 * @example
 * roundToStepNumber(100_004_000_000, 10_000_000, 'up'); // 100_010_000_000
 */
export function roundToStepNumber(priceNanos: number, step: number, mode: StepRounding): number {
  // A step of at most 2^52 keeps `remainder + step` below 2^53, so exact.
  if (!(Number.isSafeInteger(priceNanos) && Number.isSafeInteger(step))) return Number.NaN;
  if (!(step > 0 && step <= 2 ** 52)) return Number.NaN;
  // The remainder in [0, step), as `roundToStep` takes it. `%` keeps the sign of the price,
  // so only a negative price needs `+ step`; a second `%` (a slow float modulo) is not needed.
  let remainder = priceNanos % step;
  if (remainder < 0) remainder += step;
  if (remainder === 0) return priceNanos;
  const down = priceNanos - remainder;
  const rounded =
    mode === 'down' || (mode === 'nearest' && remainder * 2 < step) ? down : down + step;
  return isSafeNanos(down) && isSafeNanos(rounded) ? rounded : Number.NaN;
}

/** The number form of `roundToStep`, for prices held as numbers. */
export function roundPrice(price: number, step: bigint, mode: StepRounding): number {
  return nanosToNumber(roundToStep(toNanos(price), step, mode));
}
