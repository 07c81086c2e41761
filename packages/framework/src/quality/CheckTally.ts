/**
 * Exact counts and the first examples of one check on one instrument: counts never stop,
 * examples stop at the cap, so a history with a million bad bars costs the same memory as
 * one with twenty.
 * @module
 */
import type { QualityFinding } from './QualityReport.js';

/** Counts of one check on one instrument. */
export class CheckTally {
  count = 0;
  bars = 0;
  readonly kinds: Record<string, number> = {};
  readonly examples: QualityFinding[] = [];

  constructor(private readonly cap: number) {}

  /**
   * Counts a finding of `bars` bars; true when the caller should build and {@link keep} an
   * example (the cap is not reached), so details are only formatted for kept examples.
   */
  note(kind: string, bars: number): boolean {
    this.count++;
    this.bars += bars;
    this.kinds[kind] = (this.kinds[kind] ?? 0) + 1;
    return this.examples.length < this.cap;
  }

  keep(finding: QualityFinding): void {
    this.examples.push(finding);
  }

  /** A copy to add to without touching this tally (a report taken mid-stream). */
  clone(): CheckTally {
    const copy = new CheckTally(this.cap);
    copy.count = this.count;
    copy.bars = this.bars;
    Object.assign(copy.kinds, this.kinds);
    copy.examples.push(...this.examples);
    return copy;
  }
}
