/**
 * An exact amount of nanos that changes by many small steps: the portfolio's cash.
 * @module
 */
import { isSafeNanos, NANOS_PER_UNIT, nanosToNumber } from './decimal.js';

/** Steps up to this magnitude take the number path of `add` (see there why it is exact). */
const STEP_LIMIT = 2 ** 52;

/**
 * An exact amount in nanos, held as two safe integers: `units = floor(amount / 1e9)` and
 * `frac = amount − units × 1e9` in [0, 1e9). Adding a fill's cash change then allocates
 * no bigint, and the number view needs no bigint division, while the amount itself may
 * be far beyond 2^53 nanos (an account of a billion roubles is 1e18 nanos). Amounts whose
 * units are not a safe integer (beyond 9 × 10^15 roubles) are held as a bigint instead.
 */
export class NanoAmount {
  private units = 0;
  private frac = 0;
  /** The amount when `units` would not be a safe integer; else undefined. */
  private big: bigint | undefined;

  constructor(nanos: bigint) {
    this.set(nanos);
  }

  /** The exact amount. */
  get nanos(): bigint {
    if (this.big !== undefined) return this.big;
    return BigInt(this.units) * NANOS_PER_UNIT + BigInt(this.frac);
  }

  /** Replaces the amount. */
  set(nanos: bigint): void {
    let units = nanos / NANOS_PER_UNIT;
    // Bigint division truncates toward zero; the representation wants the floor.
    if (nanos % NANOS_PER_UNIT < 0n) units -= 1n;
    const whole = Number(units);
    if (isSafeNanos(whole)) {
      this.units = whole;
      this.frac = Number(nanos - units * NANOS_PER_UNIT);
      this.big = undefined;
    } else this.big = nanos;
  }

  /**
   * Adds `delta` nanos. Exact in numbers for a safe integer |delta| ≤ 2^52: `frac + delta`
   * is then below 2^52 + 1e9 in magnitude, so exact; its float quotient by 1e9 (below
   * 4.6 × 10^6) is within 10^-9 of the true one, so `floor` is off by at most one and the
   * remainder, computed exactly (|carry × 1e9| < 2^53), corrects it. Other deltas, and a
   * sum whose units leave the safe range, go through bigints.
   */
  add(delta: number): void {
    if (this.big === undefined && Number.isSafeInteger(delta) && Math.abs(delta) <= STEP_LIMIT) {
      const sum = this.frac + delta;
      let carry = Math.floor(sum / 1e9);
      let rest = sum - carry * 1e9;
      if (rest < 0) {
        carry -= 1;
        rest += 1e9;
      } else if (rest >= 1e9) {
        carry += 1;
        rest -= 1e9;
      }
      const units = this.units + carry;
      if (isSafeNanos(units)) {
        this.units = units;
        this.frac = rest;
        return;
      }
    }
    this.addBig(BigInt(delta));
  }

  /** Adds `delta` nanos given as a bigint. */
  addBig(delta: bigint): void {
    this.set(this.nanos + delta);
  }

  /**
   * `nanosToNumber(this.nanos)`, computed from the parts. That function divides the
   * integer by 1e9 when |amount| ≤ 2^53 − 1, and otherwise adds the truncated quotient
   * and the remainder over 1e9; for a positive amount these are `units` and `frac`.
   */
  toNumber(): number {
    if (this.big !== undefined) return nanosToNumber(this.big);
    const whole = this.units * 1e9;
    if (isSafeNanos(whole)) {
      const total = whole + this.frac;
      // Exact when safe (see MAX_SAFE_NANOS); unsafe means an amount above 2^53 − 1.
      if (isSafeNanos(total)) return total / 1e9;
      return this.units + this.frac / 1e9;
    }
    if (this.units > 0) return this.units + this.frac / 1e9;
    // A debt beyond about 9 million roubles: rare enough for the bigint path.
    return nanosToNumber(this.nanos);
  }
}
