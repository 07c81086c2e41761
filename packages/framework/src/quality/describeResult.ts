/**
 * Counts of a check result in words, shared by the terminal report and the error message
 * so both say the same thing the same way.
 * @module
 */
import type { BarInterval } from '../contracts/marketData.js';
import type { QualityCheckResult, QualityFinding } from './QualityReport.js';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * The counts of a result: `2 holes, 7 missing bars`, `1 duplicate, 2 unsorted`,
 * `3 bars (2 high-below-low, 1 open-outside)`.
 * @example
 * describeResult(result, '1m'); // '1 hole, 3 missing bars'
 */
export function describeResult(result: QualityCheckResult, interval: BarInterval): string {
  const kinds = Object.entries(result.kinds);
  switch (result.check) {
    case 'missing':
      return `${plural(result.count, 'hole')}, ${plural(result.bars, interval === '1d' ? 'missing trading day' : 'missing bar')}`;
    case 'stale':
      return `${plural(result.count, 'stale run')}, ${plural(result.bars, 'bar')}`;
    case 'order':
      return kinds.map(([kind, count]) => `${count} ${kind}`).join(', ');
    default: {
      const detail =
        kinds.length === 1
          ? kinds[0]![0]
          : kinds.map(([kind, count]) => `${count} ${kind}`).join(', ');
      return `${plural(result.count, 'bar')} (${detail})`;
    }
  }
}

/** Where a finding is, for a one-line mention: its Moscow time, or its position in the input. */
export function findingPlace(finding: QualityFinding): string {
  if (finding.moscow !== undefined) return finding.moscow;
  return finding.position === undefined ? 'unknown time' : `bar #${finding.position}`;
}
