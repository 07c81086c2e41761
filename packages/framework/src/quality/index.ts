/**
 * Market-data quality checks: schema, order, OHLC consistency, volume, bars missing inside
 * MOEX sessions, stale runs and outlier returns, in one bounded-memory pass per series.
 * @module
 */
export { checkBars, type QualitySeries } from './checkBars.js';
export { formatQualityReport } from './formatQualityReport.js';
export {
  DEFAULT_MAX_EXAMPLES,
  QualityChecker,
  type QualityCheckerSettings,
} from './QualityChecker.js';
export {
  QUALITY_CHECKS,
  type QualityCheck,
  type QualityCheckResult,
  type QualityFinding,
  type QualityInstrumentSummary,
  type QualityOptions,
  type QualityPolicy,
  type QualityReport,
  type QualitySeverity,
} from './QualityReport.js';
export { assertQualityPassed, qualityError } from './qualityError.js';
