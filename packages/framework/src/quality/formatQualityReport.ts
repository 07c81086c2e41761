/**
 * The data-quality report as terminal text: one line per check and instrument with its
 * counts, the kept examples indented below, then what was checked of each instrument.
 * @module
 */
import { describeResult, findingPlace } from './describeResult.js';
import { moscowSpanText } from './moscowText.js';
import { QUALITY_CHECKS, type QualityReport } from './QualityReport.js';

const CHECK_WIDTH = Math.max(...QUALITY_CHECKS.map((check) => check.length)) + 2;

/**
 * Formats a report for the terminal (no trailing newline).
 * @example
 * console.log(formatQualityReport(checkBars(series, config.data.quality, '1m')));
 * // Data quality of 1 instrument (1m bars): FAILED, 2 errors, 1 warning
 * //   order     error  SBER  1 duplicate
 * //       2026-09-07 11:00 MSK, bar #1183: duplicate time; same prices and volume as the bar already there
 * //   ...
 */
export function formatQualityReport(report: QualityReport): string {
  const instruments = report.instruments.length;
  const lines = [
    `Data quality of ${instruments} instrument${instruments === 1 ? '' : 's'} (${report.interval} bars): ` +
      `${report.passed ? 'passed' : 'FAILED'}, ${report.errors} error${report.errors === 1 ? '' : 's'}, ` +
      `${report.warnings} warning${report.warnings === 1 ? '' : 's'}`,
  ];
  const labelWidth = Math.max(0, ...report.instruments.map((summary) => summary.instrument.length));
  for (const check of QUALITY_CHECKS) {
    const policy = report.options.checks[check];
    const head = `  ${check.padEnd(CHECK_WIDTH)}${policy.padEnd(7)}`;
    if (policy === 'off') {
      lines.push(`${head}skipped`);
      continue;
    }
    const results = report.results.filter((result) => result.check === check);
    if (results.length === 0) lines.push(`${head}ok`);
    for (const result of results) {
      lines.push(
        `${head}${result.instrument.padEnd(labelWidth)}  ${describeResult(result, report.interval)}`,
      );
      for (const finding of result.examples) {
        const position =
          finding.position !== undefined && finding.moscow !== undefined
            ? `, bar #${finding.position}`
            : '';
        lines.push(`      ${findingPlace(finding)}${position}: ${finding.detail}`);
      }
      if (result.count > result.examples.length) {
        lines.push(`      … and ${result.count - result.examples.length} more`);
      }
    }
  }
  lines.push('Instruments:');
  const daily = report.interval === '1d';
  for (const summary of report.instruments) {
    const span =
      summary.from === null || summary.to === null
        ? 'no valid bars'
        : moscowSpanText(Date.parse(summary.from), Date.parse(summary.to), daily);
    const extra = [
      summary.invalid > 0 ? `${summary.invalid} invalid` : '',
      summary.unordered > 0 ? `${summary.unordered} out of order` : '',
    ].filter(Boolean);
    lines.push(
      `  ${summary.instrument.padEnd(labelWidth)}  ${summary.bars} bar${summary.bars === 1 ? '' : 's'}, ${span}` +
        (extra.length > 0 ? ` (${extra.join(', ')})` : ''),
    );
  }
  return lines.join('\n');
}
