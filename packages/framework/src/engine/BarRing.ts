/**
 * A fixed-size ring of the newest bars of one instrument: O(1) push, no copying,
 * so keeping history costs the engine nothing per bar beyond one store.
 * @module
 */
import type { Bar, BarHistory } from '../domain/bar.js';

export class BarRing implements BarHistory {
  private readonly bars: (Bar | undefined)[];
  private head = -1;
  private count = 0;

  constructor(readonly capacity: number) {
    this.bars = new Array<Bar | undefined>(capacity).fill(undefined);
  }

  get length(): number {
    return this.count;
  }

  push(bar: Bar): void {
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    this.bars[this.head] = bar;
    if (this.count < this.capacity) this.count++;
  }

  at(ago: number): Bar | undefined {
    if (!Number.isInteger(ago) || ago < 0 || ago >= this.count) return undefined;
    const index = this.head - ago;
    return this.bars[index < 0 ? index + this.capacity : index];
  }
}
