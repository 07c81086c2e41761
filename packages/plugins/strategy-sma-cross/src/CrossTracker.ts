/**
 * The per-instrument state of `sma-cross`: running sums of the last `fast` and `slow`
 * closes over one ring buffer, updated in O(1) per bar without allocating.
 * @module
 */

/** The side the averages are on: +1 fast above slow, −1 below, 0 not known yet. */
export type Regime = -1 | 0 | 1;

/** What {@link CrossTracker.state} returns and {@link CrossTracker.load} accepts. */
export interface CrossTrackerState {
  /** The last closes in ticks, oldest first (at most `slow` of them). */
  readonly closes: readonly number[];
  /** Closes seen in total. */
  readonly count: number;
  readonly regime: Regime;
}

/**
 * Tracks the regime of a fast and a slow simple moving average. Prices are whole ticks
 * (price ÷ step): integer sums are exact, so the averages depend only on the closes in
 * the window, never on rounding accumulated since the run began. A live session and its
 * replay through the backtester therefore see the same crossings whenever they started.
 * @example
 * const tracker = new CrossTracker(2, 4);
 * [10, 11, 12, 13, 12].map((ticks) => tracker.push(ticks)); // [0, 0, 0, 0, 0]; regime 1 from the 4th
 * tracker.push(10); // -1: the fast average fell below the slow one
 */
export class CrossTracker {
  private readonly ring: Float64Array;
  private head = 0;
  private count = 0;
  private sumFast = 0;
  private sumSlow = 0;
  private current: Regime = 0;

  constructor(
    readonly fast: number,
    readonly slow: number,
  ) {
    if (!(Number.isInteger(fast) && Number.isInteger(slow) && fast >= 1 && slow > fast)) {
      throw new RangeError(
        `CrossTracker needs whole 1 ≤ fast < slow, got fast=${fast} slow=${slow}`,
      );
    }
    this.ring = new Float64Array(slow);
  }

  /** The regime at the last close (0 until the averages first differ). */
  get regime(): Regime {
    return this.current;
  }

  /**
   * Adds a close in ticks. Returns the new regime when the averages crossed on this close,
   * else 0. The first full window only sets the regime: a cross needs a previous side.
   * Equal averages keep the previous regime, so touching without crossing is no signal.
   */
  push(ticks: number): Regime {
    const { ring, slow, fast } = this;
    const head = this.head;
    // `head` holds the close `slow` bars back, leaving the slow window; the close leaving
    // the fast window is `fast` slots behind it, not yet overwritten because fast < slow.
    if (this.count >= slow) this.sumSlow -= ring[head]!;
    if (this.count >= fast) this.sumFast -= ring[head >= fast ? head - fast : head - fast + slow]!;
    ring[head] = ticks;
    this.sumSlow += ticks;
    this.sumFast += ticks;
    this.head = head + 1 === slow ? 0 : head + 1;
    const count = ++this.count;
    if (count < slow) return 0;
    // fast average − slow average, times fast × slow: no division, exact for integer sums.
    const difference = this.sumFast * slow - this.sumSlow * fast;
    const side: Regime = difference > 0 ? 1 : difference < 0 ? -1 : 0;
    if (side === 0 || side === this.current) return 0;
    this.current = side;
    return count === slow ? 0 : side;
  }

  /** The state to persist: JSON-serialisable. */
  state(): CrossTrackerState {
    const held = Math.min(this.count, this.slow);
    const closes = new Array<number>(held);
    for (let i = 0; i < held; i++) {
      const slot = (this.head - held + i + this.slow) % this.slow;
      closes[i] = this.ring[slot]!;
    }
    return { closes, count: this.count, regime: this.current };
  }

  /** Restores a state from {@link CrossTracker.state} of a tracker with the same `fast` and `slow`. */
  load(state: CrossTrackerState): void {
    const held = Math.min(state.count, this.slow);
    if (state.closes.length !== held) {
      throw new RangeError(
        `a state of ${state.count} closes must hold ${held}, not ${state.closes.length}`,
      );
    }
    this.head = 0;
    this.count = 0;
    this.sumFast = 0;
    this.sumSlow = 0;
    for (const ticks of state.closes) this.push(ticks);
    this.count = state.count;
    this.current = state.regime;
  }
}
