/**
 * Data-quality checks over whole series at once: a convenience over {@link QualityChecker}
 * for callers that already hold the bars (or an iterator over them).
 * @module
 */
import type { BarInterval } from '../contracts/marketData.js';
import type { Bar } from '../domain/bar.js';
import { DEFAULT_MAX_EXAMPLES, QualityChecker } from './QualityChecker.js';
import type { QualityOptions, QualityReport } from './QualityReport.js';

/** The bars of one instrument, in file order. */
export interface QualitySeries {
  /** The label findings carry: a ticker, uid or file name. */
  readonly instrument: string;
  readonly bars: Iterable<Bar>;
}

/**
 * Checks each series (in one pass over each) and returns the report.
 * @example
 * const report = checkBars([{ instrument: 'SBER', bars }], config.data.quality, '1m');
 * console.log(formatQualityReport(report));
 */
export function checkBars(
  series: readonly QualitySeries[],
  options: QualityOptions,
  interval: BarInterval,
  maxExamples = DEFAULT_MAX_EXAMPLES,
): QualityReport {
  const checker = new QualityChecker(options, { interval, maxExamples });
  for (const { instrument, bars } of series) {
    for (const bar of bars) checker.add(instrument, bar);
  }
  return checker.report();
}
