/**
 * `moex-bot backtest <config>`: runs a backtest, shows progress on a terminal,
 * prints the summary (or one JSON object with `--json`) and writes the results.
 * @module
 */
import path from 'node:path';
import type { Command } from 'commander';
import { backtestFromConfig } from '../../backtest/backtestFromConfig.js';
import { prepareOutDir, writeResults } from '../../backtest/writeResults.js';
import { loadConfig } from '../../config/loadConfig.js';
import { redactSecrets } from '../../config/secrets.js';
import { createLogger } from '../../observability/logger.js';
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
      'results folder (default: backtest.out of the config, relative to it)',
    )
    .option('--json', 'print the summary as one JSON object on stdout')
    .option('--no-progress', 'never draw the progress bar')
    .addHelpText(
      'after',
      '\nWrites summary.json, orders.jsonl, fills.jsonl, trades.jsonl, equity.jsonl and backtest.log\n' +
        'to the results folder. Exit codes: 0 done, 2 bad config or data, 1 run failed.',
    )
    .action(async (file: string, options: { out?: string; json?: boolean; progress: boolean }) => {
      const started = performance.now();
      const { config, dir } = await loadConfig(file);
      const outDir = path.resolve(options.out ?? path.resolve(dir, config.backtest.out));
      await prepareOutDir(outDir);
      const debug = program.opts<{ debug?: boolean }>().debug === true;
      const logger = createLogger({
        level: debug ? 'debug' : config.logging.level,
        file: path.join(outDir, 'backtest.log'),
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
      const files = await writeResults(outDir, result, {
        name: config.name,
        engineVersion: frameworkVersion,
        plugins: result.plugins,
      });
      const seconds = (performance.now() - started) / 1000;
      if (options.json) {
        const failed = result.strategies.filter((s) => s.status === 'failed');
        process.stdout.write(
          redactSecrets(
            `${JSON.stringify({ name: config.name, bars: result.bars, seconds, out: outDir, ...result.summary, plugins: result.plugins, failedStrategies: failed })}\n`,
          ),
        );
      } else {
        const summary = formatSummary(config.name, result, {
          seconds,
          outDir,
          files: Object.values(files),
        });
        // A strategy's failure text may quote anything: never print a known secret.
        process.stdout.write(redactSecrets(summary));
      }
    });
}
