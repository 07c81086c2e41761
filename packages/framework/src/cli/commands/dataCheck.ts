/**
 * `moex-bot data check`: runs the data-quality checks on the bars a backtest of the
 * config would read (its CSV files, or its store datasets at the pinned versions),
 * prints the report and saves it as JSON. Exit 2 when a check at `error` failed.
 * @module
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { configFeed } from '../../backtest/backtestFromConfig.js';
import { loadConfig } from '../../config/loadConfig.js';
import { formatQualityReport } from '../../quality/formatQualityReport.js';

interface CheckFlags {
  readonly config: string;
  readonly out?: string;
  readonly json?: boolean;
}

/**
 * @example
 * registerDataCheck(dataCommand(program));
 * // $ moex-bot data check --config moex-bot.yaml
 */
export function registerDataCheck(data: Command): void {
  data
    .command('check')
    .summary('check the bars a backtest of the config would read')
    .description(
      'Run the data-quality checks (data.quality in the config: schema, order, OHLC, volume, ' +
        'missing bars inside sessions, stale runs, outliers) on the CSV files or store datasets ' +
        'a backtest would read; print the report and save it as JSON. Exit 2 when a check whose ' +
        'policy is `error` found something, 0 otherwise.',
    )
    .option('-c, --config <file>', 'operator config', 'moex-bot.yaml')
    .option(
      '-o, --out <file>',
      'where to save the report (default: quality.json beside the config)',
    )
    .option('--json', 'print the report as JSON instead of text')
    .action(async (flags: CheckFlags) => {
      const { config, dir } = await loadConfig(flags.config);
      const { quality, close } = await configFeed(config, dir, {}, false);
      await close?.();
      if (quality === undefined) throw new Error('no data to check');
      const out = path.resolve(flags.out ?? path.join(dir, 'quality.json'));
      await writeFile(out, `${JSON.stringify(quality, null, 2)}\n`);
      process.stdout.write(
        flags.json === true
          ? `${JSON.stringify(quality)}\n`
          : `${formatQualityReport(quality)}\nReport saved to ${out}\n`,
      );
      if (!quality.passed) process.exitCode = 2;
    });
}
