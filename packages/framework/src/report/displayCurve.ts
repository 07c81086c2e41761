/**
 * The equity and drawdown curves as a report draws them: at most `points` points
 * whatever the run's length. Drawdown is computed on every point first, so the
 * deepest fall survives the thinning.
 * @module
 */
import { drawdownSeries } from '../backtest/statistics.js';

export interface DisplayCurve {
  /** UTC seconds, increasing (lightweight-charts' time unit). */
  readonly time: number[];
  readonly equity: number[];
  /** Fall from the running peak as a negative fraction (−0.1 is 10 % below the peak). */
  readonly drawdown: number[];
}

/**
 * @example
 * const curve = displayCurve(result.equity.times, result.equity.equity, 1_000_000, 4_000);
 */
export function displayCurve(
  times: ArrayLike<number>,
  equity: ArrayLike<number>,
  initialCash: number,
  points = 4_000,
): DisplayCurve {
  const out: DisplayCurve = { time: [], equity: [], drawdown: [] };
  const n = times.length;
  if (n === 0) return out;
  const below = drawdownSeries(equity, initialCash);
  const span = Math.max(1, times[n - 1]! - times[0]!);
  // Buckets of whole seconds: chart times must be distinct and increasing.
  const bucketMs = Math.max(1_000, Math.ceil(span / points / 1_000) * 1_000);
  let bucket = Number.NaN;
  for (let i = 0; i < n; i++) {
    const value = equity[i]!;
    // Drawn below zero: the chart shows how far under the peak equity is.
    const drawdown = -below[i]!;
    const start = Math.floor(times[i]! / bucketMs) * bucketMs;
    if (start !== bucket) {
      bucket = start;
      out.time.push(start / 1_000);
      out.equity.push(value);
      out.drawdown.push(drawdown);
    } else {
      const last = out.equity.length - 1;
      out.equity[last] = value;
      if (drawdown < out.drawdown[last]!) out.drawdown[last] = drawdown;
    }
  }
  return out;
}
