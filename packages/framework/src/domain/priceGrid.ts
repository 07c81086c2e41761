/**
 * Price-step arithmetic. Every MOEX instrument trades on a grid of
 * `minPriceIncrement`; off-grid prices are rejected by the exchange (T-Invest 30078).
 * @module
 */
import { MoexBotError } from '../errors.js';
import { nanosToNumber, parseDecimal, toNanos } from './decimal.js';

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

/** The number form of `roundToStep`, for prices held as numbers. */
export function roundPrice(price: number, step: bigint, mode: StepRounding): number {
  return nanosToNumber(roundToStep(toNanos(price), step, mode));
}
