/**
 * Slippage models of the simulator: how much worse than the reference price (the
 * bar's open) a market order fills. Always against the trader and always onto the
 * instrument's price grid, computed exactly in bigint nanos.
 * @module
 */
import { isSafeNanos, nanosToNumber, toNanos } from '../domain/decimal.js';
import type { Side } from '../domain/order.js';
import { roundToStep, roundToStepNumber } from '../domain/priceGrid.js';

/**
 * `{ ticks: n }`: n price steps against the trader. `{ bps: n }`: n basis points
 * (1/100 of a percent) against the trader, then onto the grid away from the trader.
 * `'none'`: the reference price itself (still brought onto the grid).
 */
export type SlippageModel = { readonly ticks: number } | { readonly bps: number } | 'none';

/** No slippage. */
export const NO_SLIPPAGE: SlippageModel = 'none';

// bps are held in nanos, so the factor is (BPS_DENOMINATOR ± bpsNanos) / BPS_DENOMINATOR.
const BPS_DENOMINATOR = 10_000n * 1_000_000_000n;

/** Floor division for bigints of any sign (the operator truncates toward zero). */
function floorDiv(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  return numerator % denominator !== 0n && numerator < 0n !== denominator < 0n
    ? quotient - 1n
    : quotient;
}

/** Ceiling division for a positive denominator. */
function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  return -floorDiv(-numerator, denominator);
}

/** Checks a model once, when a broker is built, instead of on every fill. */
export function checkSlippage(model: SlippageModel): SlippageModel {
  if (model === 'none') return model;
  if ('ticks' in model) {
    if (!Number.isSafeInteger(model.ticks) || model.ticks < 0) {
      throw new Error(`slippage ticks must be a whole number >= 0, got ${model.ticks}`);
    }
    return model;
  }
  if (!Number.isFinite(model.bps) || model.bps < 0) {
    throw new Error(`slippage bps must be finite and >= 0, got ${model.bps}`);
  }
  return model;
}

/**
 * The fill price in nanos for a `side` order whose reference price is `priceNanos`.
 * Buys move up and sells down; an off-grid reference is first rounded against the
 * trader too. The result is a multiple of `step` and never below one step, because
 * the exchange accepts no price of zero or less.
 * @example
 * const step = stepNanos(0.01);
 * slipNanos(toNanos(100), 'buy', { ticks: 2 }, step); // 100.02 in nanos
 * slipNanos(toNanos(100), 'sell', { bps: 5 }, step); // 99.95 in nanos
 */
export function slipNanos(
  priceNanos: bigint,
  side: Side,
  model: SlippageModel,
  step: bigint,
): bigint {
  const buy = side === 'buy';
  let result: bigint;
  if (model === 'none' || ('ticks' in model && model.ticks === 0)) {
    result = roundToStep(priceNanos, step, buy ? 'up' : 'down');
  } else if ('ticks' in model) {
    const onGrid = roundToStep(priceNanos, step, buy ? 'up' : 'down');
    const shift = BigInt(model.ticks) * step;
    result = buy ? onGrid + shift : onGrid - shift;
  } else {
    // The exact price × (1 ± bps/10 000) as a fraction, then the nearest step beyond it.
    const bps = toNanos(model.bps);
    const denominator = BPS_DENOMINATOR * step;
    result = buy
      ? ceilDiv(priceNanos * (BPS_DENOMINATOR + bps), denominator) * step
      : floorDiv(priceNanos * (BPS_DENOMINATOR - bps), denominator) * step;
  }
  return result < step ? step : result;
}

/**
 * `slipNanos` on nanos held in numbers: the same integer for `'none'` and `{ ticks }`,
 * computed without bigints; NaN for `{ bps }` (whose fraction is left to the bigint
 * path) and whenever a value is not a safe integer (see `MAX_SAFE_NANOS`).
 * @example
 * slipNanosNumber(100_000_000_000, 'buy', { ticks: 2 }, 10_000_000); // 100_020_000_000
 */
export function slipNanosNumber(
  priceNanos: number,
  side: Side,
  model: SlippageModel,
  step: number,
): number {
  const onGrid = roundToStepNumber(priceNanos, step, side === 'buy' ? 'up' : 'down');
  let result: number;
  if (model === 'none') result = onGrid;
  else if ('ticks' in model) {
    const shift = model.ticks * step;
    result = side === 'buy' ? onGrid + shift : onGrid - shift;
    if (!isSafeNanos(shift)) return Number.NaN;
  } else return Number.NaN;
  // NaN (an unsafe onGrid) stays NaN: it fails both comparisons.
  if (!isSafeNanos(result)) return Number.NaN;
  return result < step ? step : result;
}

/**
 * The number form of `slipNanos`, for prices held as numbers.
 * @example
 * slippedPrice(250.37, 'buy', { ticks: 1 }, stepNanos(0.01)); // 250.38
 */
export function slippedPrice(
  price: number,
  side: Side,
  model: SlippageModel,
  step: bigint,
): number {
  return nanosToNumber(slipNanos(toNanos(price), side, model, step));
}
