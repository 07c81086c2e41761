/**
 * The running state of the checks for one instrument: the latest bar, the open stale run
 * and the tallies. A fixed set of number fields, so checking a bar allocates nothing.
 * @module
 */
import { CheckTally } from './CheckTally.js';
import { isoTime } from './moscowText.js';
import {
  QUALITY_CHECKS,
  type QualityCheck,
  type QualityInstrumentSummary,
} from './QualityReport.js';

/** Per-instrument state of a {@link QualityChecker}. */
export class InstrumentQuality {
  /** Bars fed. */
  fed = 0;
  /** Bars that failed the schema check. */
  invalid = 0;
  /** Valid bars not later than the latest valid bar before them. */
  unordered = 0;
  /** Earliest usable bar time (an aligned time in range, even of an invalid bar); NaN before one. */
  min = Number.NaN;
  /** Latest usable bar time: the time of the latest bar in order; NaN before one. */
  last = Number.NaN;
  // Prices of the bar at `last` (NaN for an invalid bar): the previous bar of the stale and
  // outlier checks.
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
  /** Open time of the first bar of the current run of identical bars. */
  runStart = 0;
  /** Length of the current run of identical bars (1 = the latest bar alone). */
  runLength = 0;
  /**
   * The open hole of the missing check: the times of the bars after which and before which
   * bars are missing; NaN when none is open.
   */
  holeAfter = Number.NaN;
  holeBefore = Number.NaN;
  readonly tallies: Readonly<Record<QualityCheck, CheckTally>>;

  constructor(
    readonly instrument: string,
    maxExamples: number,
  ) {
    const tallies = {} as Record<QualityCheck, CheckTally>;
    for (const check of QUALITY_CHECKS) tallies[check] = new CheckTally(maxExamples);
    this.tallies = tallies;
  }

  summary(): QualityInstrumentSummary {
    const seen = !Number.isNaN(this.last);
    return {
      instrument: this.instrument,
      bars: this.fed,
      invalid: this.invalid,
      unordered: this.unordered,
      from: seen ? isoTime(this.min) : null,
      to: seen ? isoTime(this.last) : null,
    };
  }
}
