/**
 * Writes `report.html` into a run folder, and comparison pages of several runs: both
 * from the run folders alone, so a report can be made again at any time.
 * @module
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadRun } from '../results/loadRun.js';
import { renderComparison } from './renderComparison.js';
import { renderReport } from './renderReport.js';
import { type RunForReport, reportRunOf } from './reportRunOf.js';

/** The report's file name inside a run folder. */
export const REPORT_FILE = 'report.html';

/**
 * Writes the report of the run in `runDir`: from `run` when the caller has it in memory
 * (right after the backtest wrote the folder), else from the folder's files.
 * @example
 * const file = await writeRunReport('runs/20261124-101500-3fa9c1'); // …/report.html
 */
export async function writeRunReport(runDir: string, run?: RunForReport): Promise<string> {
  const file = path.join(path.resolve(runDir), REPORT_FILE);
  await writeFile(file, renderReport(reportRunOf(run ?? (await loadRun(runDir)))));
  return file;
}

/**
 * @example
 * await writeComparisonReport(['runs/a', 'runs/b'], 'runs/comparison.html');
 */
export async function writeComparisonReport(
  runDirs: readonly string[],
  file: string,
): Promise<string> {
  const runs = [];
  for (const dir of runDirs) runs.push(reportRunOf(await loadRun(dir)));
  await writeFile(file, renderComparison(runs));
  return path.resolve(file);
}
