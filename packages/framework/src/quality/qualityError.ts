/**
 * The one error a failed data-quality report turns into: which instruments, which checks
 * and when, in a single message, plus a located problem per check and instrument.
 * @module
 */
import { MoexBotError, type Problem } from '../errors.js';
import { describeResult, findingPlace } from './describeResult.js';
import type { QualityCheckResult, QualityReport } from './QualityReport.js';

/** Results named in the message; the rest are in `problems` and the report. */
const RESULTS_IN_MESSAGE = 5;
/** Times named per result. */
const TIMES_PER_RESULT = 3;

function times(result: QualityCheckResult): string {
  const shown = result.examples.slice(0, TIMES_PER_RESULT).map(findingPlace);
  const more = result.count - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/**
 * A `DATA_QUALITY_FAILED` error naming every instrument and check that failed at `error`
 * policy and the first times of each. Meant for a report that did not pass; for one that
 * did, the message says so.
 * @example
 * const report = checkBars(series, config.data.quality, '1m');
 * if (!report.passed) throw qualityError(report);
 * // data quality failed (policy error) in SBER: order 1 duplicate at 2026-09-07 11:00 MSK; ...
 */
export function qualityError(report: QualityReport): MoexBotError {
  const failed = report.results.filter((result) => result.policy === 'error');
  if (failed.length === 0) {
    return new MoexBotError(
      'DATA_QUALITY_FAILED',
      'data quality: no check with policy error found a problem (the report passed)',
    );
  }
  const instruments = [...new Set(failed.map((result) => result.instrument))];
  const parts = failed
    .slice(0, RESULTS_IN_MESSAGE)
    .map(
      (result) =>
        `${result.instrument} ${result.check}: ${describeResult(result, report.interval)} at ${times(result)}`,
    );
  if (failed.length > RESULTS_IN_MESSAGE) {
    parts.push(`${failed.length - RESULTS_IN_MESSAGE} more check results`);
  }
  const message =
    `data quality failed (policy error) in ${instruments.join(', ')}: ${parts.join('; ')}. ` +
    'Fix the data, or relax data.quality.checks.';
  const problems: Problem[] = failed.map((result) => ({
    path: `data.quality.checks.${result.check}`,
    message: `${result.instrument}: ${describeResult(result, report.interval)} at ${times(result)}; ${result.examples[0]?.detail ?? ''}`,
  }));
  return new MoexBotError('DATA_QUALITY_FAILED', message, { problems });
}

/**
 * Throws {@link qualityError} when the report did not pass.
 * @example
 * assertQualityPassed(checkBars(series, config.data.quality, '1m'));
 */
export function assertQualityPassed(report: QualityReport): void {
  if (!report.passed) throw qualityError(report);
}
