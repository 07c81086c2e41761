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
import { reportRunOf } from './reportRunOf.js';

/** The report's file name inside a run folder. */
export const REPORT_FILE = 'report.html';

/**
 * @example
 * const file = await writeRunReport('runs/20261124-101500-3fa9c1'); // …/report.html
 */
export async function writeRunReport(runDir: string): Promise<string> {
  const run = await loadRun(runDir);
  const file = path.join(run.dir, REPORT_FILE);
  await writeFile(file, renderReport(reportRunOf(run)));
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
