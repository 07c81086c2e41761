/**
 * `moex-bot backtest <config>`: runs a backtest, shows progress on a terminal,
 * prints the summary (or one JSON object with `--json`) and writes the run folder.
 * @module
 */
import path from 'node:path';
import type { Command } from 'commander';
import {
  backtestFromConfig,
  type ConfigBacktestResult,
} from '../../backtest/backtestFromConfig.js';
import { loadConfig } from '../../config/loadConfig.js';
import type { OperatorConfig } from '../../config/schema.js';
import { redactSecrets } from '../../config/secrets.js';
import { createLogger } from '../../observability/logger.js';
import { writeRunReport } from '../../report/writeReport.js';
import { configHash } from '../../results/configHash.js';
import { createRunFolder } from '../../results/createRunFolder.js';
import { describeCsvData } from '../../results/describeCsvData.js';
import type { RunData } from '../../results/RunRecordSchema.js';
import { RUN_FILES, writeRun } from '../../results/writeRun.js';
import { frameworkVersion } from '../../version.js';
import { formatSummary } from '../formatSummary.js';
import { createProgress } from '../progress.js';

export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .description('Backtest the strategies of a config on its bar files and print the summary')
    .argument('<config>', 'operator config (moex-bot.yaml)')
    .option(
      '-o, --out <dir>',
      'runs folder to write the run into (default: backtest.out of the config, relative to it)',
    )
    .option('--json', 'print the summary as one JSON object on stdout')
    .option('--no-progress', 'never draw the progress bar')
    .addHelpText(
      'after',
      `\nWrites a run folder <runs>/<run-id>/: ${Object.values(RUN_FILES).join(', ')}, report.html and run.json\n` +
        '(see docs/results.md; `moex-bot runs ls` lists runs).\n' +
        'Exit codes: 0 done, 2 bad config or data, 1 run failed.',
    )
    .action(async (file: string, options: { out?: string; json?: boolean; progress: boolean }) => {
      const started = performance.now();
      const { config, dir } = await loadConfig(file);
      const runsDir = path.resolve(options.out ?? path.resolve(dir, config.backtest.out));
      const folder = await createRunFolder(runsDir);
      const debug = program.opts<{ debug?: boolean }>().debug === true;
      const logger = createLogger({
        level: debug ? 'debug' : config.logging.level,
        file: path.join(folder.dir, RUN_FILES.log),
        consoleLevel: 'error',
      });
      const progress = createProgress(
        'bars',
        options.progress && !options.json && process.stderr.isTTY === true,
      );
      const result = await backtestFromConfig(config, dir, {
        logger,
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.finish();
      const data = await runData(result, config, dir);
      const { record, files } = await writeRun(folder, result, {
        name: config.name,
        configHash: configHash(config),
        engineVersion: frameworkVersion,
        plugins: result.plugins,
        initialCash: config.backtest.initialCash,
        data,
        quality: result.quality,
      });
      // From the result in hand: reading back the tables just written would double the I/O.
      const report = await writeRunReport(folder.dir, {
        record,
        trades: result.trades,
        equity: result.equity,
        candles: result.candles,
      });
      if (result.quality && result.quality.warnings > 0) {
        // Warnings do not stop a run, but a person should know the data has them.
        process.stderr.write(
          `data quality: ${result.quality.warnings} warning${result.quality.warnings > 1 ? 's' : ''} (\`moex-bot data check\` lists them; also in run.json and report.html)\n`,
        );
      }
      const seconds = (performance.now() - started) / 1000;
      if (options.json) {
        const failed = result.strategies.filter((s) => s.status === 'failed');
        const summary = {
          name: config.name,
          runId: record.runId,
          bars: result.bars,
          seconds,
          out: folder.dir,
          ...result.summary,
          plugins: result.plugins,
          data,
          failedStrategies: failed,
        };
        process.stdout.write(redactSecrets(`${JSON.stringify(summary)}\n`));
      } else {
        const summary = formatSummary(config.name, result, {
          seconds,
          runId: record.runId,
          outDir: folder.dir,
          files: [...Object.values(files), path.basename(report)],
        });
        // A strategy's failure text may quote anything: never print a known secret.
        process.stdout.write(redactSecrets(summary));
      }
    });
}

/**
 * What the run read: `backtestFromConfig` describes its CSV files or store datasets;
 * a result without the description (a feed given in code) read the config's files.
 */
async function runData(
  result: ConfigBacktestResult,
  config: OperatorConfig,
  dir: string,
): Promise<RunData> {
  return result.data ?? describeCsvData(config.data.bars, dir);
}
