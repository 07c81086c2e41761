/**
 * The reference: the same SMA-cross rule over the same bars as a minimal
 * hand-written loop (running sums, one position, float cash), with no engine,
 * no risk checks and no accounting guarantees. It bounds what any engine could do.
 * @module
 */
import type { Bar } from '@moex-bot/framework';

export interface HandLoopResult {
  readonly crosses: number;
  readonly cash: number;
}

export function handLoop(
  bars: readonly Bar[],
  fast: number,
  slow: number,
  lots: number,
  lot: number,
): HandLoopResult {
  const window = new Float64Array(slow);
  let fastSum = 0;
  let slowSum = 0;
  let count = 0;
  let regime = 0;
  let position = 0;
  let cash = 1_000_000;
  let crosses = 0;
  for (let i = 0; i < bars.length; i++) {
    const close = bars[i]!.close;
    const slot = count % slow;
    slowSum += close - window[slot]!;
    fastSum += close - (count >= fast ? window[(count - fast) % slow]! : 0);
    window[slot] = close;
    count++;
    if (count < slow) continue;
    const next = fastSum / fast > slowSum / slow ? 1 : -1;
    if (next === regime) continue;
    regime = next;
    crosses++;
    const target = next > 0 ? lots * lot : 0;
    cash -= (target - position) * close;
    position = target;
  }
  return { crosses, cash };
}
