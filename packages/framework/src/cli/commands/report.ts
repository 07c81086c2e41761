/**
 * `moex-bot report <run>...`: writes a run's `report.html` again from its folder, or,
 * given several runs, also a page comparing them.
 * @module
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { REPORT_FILE, writeComparisonReport, writeRunReport } from '../../report/writeReport.js';
import { runsFolder } from './runs.js';

interface ReportFlags {
  readonly config: string;
  readonly dir?: string;
  readonly out?: string;
}

/**
 * A run folder given as a path, or a run id looked up in the runs folder. A missing
 * run is reported by `loadRun` (`RUN_NOT_FOUND`) with the path it tried.
 */
async function runDir(run: string, flags: ReportFlags): Promise<string> {
  if (existsSync(path.join(run, 'run.json'))) return path.resolve(run);
  return path.join(await runsFolder(flags), run);
}

/**
 * @example
 * registerReport(program);
 * // $ moex-bot report 20261124-101500-3fa9c1 20261124-111500-77b0e2
 */
export function registerReport(program: Command): void {
  program
    .command('report')
    .summary('write the HTML report of runs, and a comparison page for several')
    .description(
      `Write ${REPORT_FILE} into each run folder from the folder's files (self-contained: ` +
        'open it from disk, offline). With several runs, also write a page comparing them ' +
        '(statistics side by side, equity and drawdown curves together).',
    )
    .argument('<runs...>', 'run folders, or run ids in the runs folder of the config')
    .option(
      '-c, --config <file>',
      'operator config whose runs folder holds the run ids',
      'moex-bot.yaml',
    )
    .option('--dir <runsDir>', 'look run ids up in this runs folder instead of the config’s')
    .option(
      '-o, --out <file>',
      'comparison page to write (default: comparison.html beside the first run)',
    )
    .action(async (runs: string[], flags: ReportFlags) => {
      const dirs: string[] = [];
      for (const run of runs) dirs.push(await runDir(run, flags));
      for (const dir of dirs) process.stdout.write(`${await writeRunReport(dir)}\n`);
      if (dirs.length > 1) {
        const out = flags.out ?? path.join(path.dirname(dirs[0]!), 'comparison.html');
        process.stdout.write(`${await writeComparisonReport(dirs, out)}\n`);
      }
    });
}
