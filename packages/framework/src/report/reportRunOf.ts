/**
 * A run folder, read back with `loadRun`, as a report's input.
 * @module
 */

import type { ClosedTrade } from '../domain/positionBook.js';
import { formatQualityReport } from '../quality/formatQualityReport.js';
import type { QualityReport } from '../quality/QualityReport.js';
import type { DisplayCandleSeries } from '../results/DisplayCandles.js';
import type { RunData, RunRecord } from '../results/RunRecordSchema.js';
import type { ReportFact, ReportRun } from './ReportRun.js';

/** One row per file or dataset the run read. */
export function dataFacts(data: RunData): ReportFact[] {
  if (data.kind === 'csv') {
    return data.files.map((entry) => {
      const f = entry as { file: string; instrument?: string; sha256?: string };
      return {
        label: f.instrument ? `${f.instrument}: ${f.file}` : f.file,
        value: f.sha256 ? `CSV, sha256 ${f.sha256.slice(0, 16)}…` : 'CSV',
      };
    });
  }
  return data.datasets.map((d) => ({
    label: d.dataset,
    value: `version ${d.version}, hash ${d.hash.slice(0, 16)}…${d.pinned ? ', pinned by moex-bot.lock' : ', not pinned (the latest was read)'} · ${data.store}`,
  }));
}

function isQualityReport(value: unknown): value is QualityReport {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as QualityReport).passed === 'boolean' &&
    Array.isArray((value as QualityReport).results)
  );
}

/**
 * What a report is drawn from: a run's record and its tables, read back from the run
 * folder (`loadRun`) or still in memory right after the backtest wrote them.
 */
export interface RunForReport {
  readonly record: RunRecord;
  readonly trades: readonly ClosedTrade[];
  readonly equity: ReportRun['equity'];
  readonly candles: readonly DisplayCandleSeries[];
}

/**
 * @example
 * const html = renderReport(reportRunOf(await loadRun('runs/20261124-101500-3fa9c1')));
 */
export function reportRunOf(loaded: RunForReport): ReportRun {
  const { record } = loaded;
  const quality = record.quality;
  return {
    runId: record.runId,
    name: record.name,
    createdAt: record.createdAt,
    engineVersion: record.engineVersion,
    initialCash: record.initialCash,
    summary: record.summary,
    perInstrument: record.summary.perInstrument,
    equity: loaded.equity,
    candles: loaded.candles,
    trades: loaded.trades,
    data: dataFacts(record.data),
    plugins: record.plugins,
    quality: isQualityReport(quality)
      ? { passed: quality.passed, text: formatQualityReport(quality) }
      : undefined,
  };
}
