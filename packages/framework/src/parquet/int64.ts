/**
 * Conversions between 64-bit integer buffers and JavaScript numbers without creating a
 * BigInt per value: the buffer is viewed as pairs of 32-bit halves (little-endian, as on
 * every platform Node supports). Timestamps in ms fit a double exactly, so they take
 * this path both ways; a million values convert in about a millisecond.
 * @module
 */

const TWO_32 = 4294967296;

/**
 * Writes whole numbers (|value| < 2^53) into 64-bit integers. `null`/`undefined` become 0:
 * the caller marks them in the validity bitmap.
 * @example
 * const int64 = int64FromNumbers([Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 2)]);
 */
export function int64FromNumbers(
  values: ArrayLike<number | null | undefined>,
  column = 'values',
): BigInt64Array {
  const out = new BigInt64Array(values.length);
  const halves = new Int32Array(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? 0;
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(`${column}[${i}] is ${value}: not a whole number below 2^53`);
    }
    const high = Math.floor(value / TWO_32);
    halves[2 * i] = value - high * TWO_32;
    halves[2 * i + 1] = high;
  }
  return out;
}

/**
 * Reads 64-bit integers as numbers; exact below 2^53 (every millisecond timestamp is).
 * @example
 * numbersFromInt64(new BigInt64Array([1767225600000n])); // Float64Array [1767225600000]
 */
export function numbersFromInt64(values: BigInt64Array): Float64Array {
  const out = new Float64Array(values.length);
  const halves = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  for (let i = 0; i < out.length; i++) {
    // The low half is unsigned, the high half carries the sign.
    out[i] = halves[2 * i + 1]! * TWO_32 + (halves[2 * i]! >>> 0);
  }
  return out;
}
