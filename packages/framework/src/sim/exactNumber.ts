/**
 * Nanos to the number that prints as the same decimal. The simulator reports prices
 * and commissions as numbers; they must round-trip through `toNanos` unchanged and
 * print without binary noise (`250.37`, not `250.37000000000003`).
 * @module
 */
import { formatNanos } from '../domain/decimal.js';

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The double nearest to `nanos / 1e9`. Below 2^53 nanos (about 9 million units) the
 * integer is exact and one IEEE division rounds correctly, which is the same double a
 * parser gives for the decimal text; larger amounts go through the text itself.
 * `nanosToNumber` adds the whole and fractional parts separately, which can be one
 * ulp off (250 + 0.37 is not the double nearest to 250.37).
 * @example
 * exactNumber(250_370_000_000n); // 250.37
 */
export function exactNumber(nanos: bigint): number {
  if (nanos <= SAFE && nanos >= -SAFE) return Number(nanos) / 1e9;
  return Number(formatNanos(nanos));
}
