/**
 * The highest (or lowest) value of the last `size` values, as a monotonic deque in a
 * fixed ring buffer: amortised O(1) per value and no allocation after construction.
 * @module
 */

/** What {@link WindowExtreme.state} returns: the deque's entries, oldest first. */
export interface WindowExtremeState {
  readonly indexes: readonly number[];
  readonly values: readonly number[];
}

/**
 * A sliding-window maximum or minimum. Values are pushed with increasing indexes (bar
 * numbers); the window after pushing index `i` is `[i − size + 1, i]`. The deque keeps only
 * values that can still become the extreme: a value is dropped once a newer one is at least
 * as extreme, so each value enters and leaves once.
 * @example
 * const highest = new WindowExtreme(3, 'max');
 * for (const [i, value] of [5, 9, 4, 3, 2].entries()) highest.push(i, value);
 * highest.value; // 4: the highest of the last three (4, 3, 2)
 */
export class WindowExtreme {
  private readonly indexes: Float64Array;
  /** Values times `sign`, so that one comparison serves both maximum and minimum. */
  private readonly values: Float64Array;
  private readonly sign: 1 | -1;
  private front = 0;
  private length = 0;

  constructor(
    readonly size: number,
    kind: 'max' | 'min',
  ) {
    if (!(Number.isInteger(size) && size >= 1))
      throw new RangeError(`window size must be a whole number ≥ 1, got ${size}`);
    // After eviction at most size − 1 entries remain, plus the one pushed.
    this.indexes = new Float64Array(size);
    this.values = new Float64Array(size);
    this.sign = kind === 'max' ? 1 : -1;
  }

  /** The extreme of the window, or NaN before the first value. */
  get value(): number {
    return this.length === 0 ? Number.NaN : this.sign * this.values[this.front]!;
  }

  /** Adds the value of bar `index` (greater than every index pushed before). */
  push(index: number, value: number): void {
    const capacity = this.size;
    // Leaving the window: entries older than the `size` newest indexes.
    while (this.length > 0 && this.indexes[this.front]! <= index - capacity) {
      this.front = this.front + 1 === capacity ? 0 : this.front + 1;
      this.length--;
    }
    // Dominated: older entries no more extreme than the new value can never be the extreme.
    const signed = this.sign * value;
    while (this.length > 0 && this.values[this.slot(this.length - 1)]! <= signed) this.length--;
    const at = this.slot(this.length);
    this.indexes[at] = index;
    this.values[at] = signed;
    this.length++;
  }

  /** The state to persist: JSON-serialisable. */
  state(): WindowExtremeState {
    const indexes: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < this.length; i++) {
      indexes.push(this.indexes[this.slot(i)]!);
      values.push(this.sign * this.values[this.slot(i)]!);
    }
    return { indexes, values };
  }

  /** Restores a state from {@link WindowExtreme.state} of a window of the same size and kind. */
  load(state: WindowExtremeState): void {
    if (state.indexes.length !== state.values.length || state.indexes.length > this.size) {
      throw new RangeError(`a window of ${this.size} cannot hold ${state.indexes.length} entries`);
    }
    this.front = 0;
    this.length = 0;
    for (let i = 0; i < state.indexes.length; i++) this.push(state.indexes[i]!, state.values[i]!);
  }

  private slot(offset: number): number {
    const at = this.front + offset;
    return at >= this.size ? at - this.size : at;
  }
}
