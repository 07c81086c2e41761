/**
 * `moex-bot data import <csv...> --instrument <ticker>`: reads bar CSV files with the
 * CSV reader backtests use and writes them into the config's store as a new version of
 * `<source>/<interval>/<ticker>` (or reports that the store already holds them).
 * @module
 */
import path from 'node:path';
import type { Command } from 'commander';
import { datasetId } from '../../data/datasetId.js';
import type { WriteBarsResult } from '../../data/writeBars.js';
import type { Bar } from '../../domain/bar.js';
import { readCsvBars } from '../../market/csvBars.js';
import { type DataFlags, dataOptions, withConfigData } from './dataConfig.js';

interface ImportFlags extends DataFlags {
  readonly instrument: string;
  readonly source: string;
  readonly interval?: string;
}

/** One line saying what the write did. */
export function describeImport(result: WriteBarsResult): string {
  if (result.status === 'unchanged') {
    return result.version === 0
      ? `${result.dataset}: unchanged (no bars to import)\n`
      : `${result.dataset}: unchanged (version ${result.version}, ${result.rows} rows)\n`;
  }
  const was = result.previous === undefined ? 'new dataset' : `was ${result.previous}`;
  const partitions = (n: number) => `${n} partition${n === 1 ? '' : 's'}`;
  return (
    `${result.dataset}: version ${result.version} (${was}), ${result.rows} rows, ` +
    `${partitions(result.written.length)} written, ${partitions(result.reused)} reused\n`
  );
}

export function registerDataImport(data: Command): void {
  dataOptions(
    data
      .command('import')
      .description('Import bar CSV files (time,open,high,low,close,volume) into the store')
      .argument('<csv...>', 'CSV files of one instrument, relative to the current folder')
      .requiredOption('-i, --instrument <ticker>', 'ticker of the instrument the bars belong to')
      .option('--source <name>', 'source name of the dataset', 'csv')
      .option('--interval <interval>', 'bar interval of the files (default: data.interval)'),
  )
    .addHelpText(
      'after',
      '\nBars are merged into the latest version: a bar at a time already stored replaces it,\n' +
        'months not touched keep their files. Identical data makes no new version.',
    )
    .action(async (files: string[], flags: ImportFlags) => {
      await withConfigData(flags.config, async ({ config, store, objects }) => {
        // A uid on the command line names the same dataset as its ticker.
        const ticker =
          config.instruments.find((i) => i.uid === flags.instrument)?.ticker ?? flags.instrument;
        const id = datasetId({
          source: flags.source,
          interval: flags.interval ?? config.data.interval,
          instrument: ticker,
        });
        const bars: Bar[] = [];
        for (const file of files) {
          for (const bar of await readCsvBars(path.resolve(file), ticker)) bars.push(bar);
        }
        const result = await store.write(id, bars);
        if (flags.json) {
          const { manifest: _manifest, ...rest } = result;
          process.stdout.write(`${JSON.stringify({ ...rest, store: objects.description })}\n`);
        } else {
          process.stdout.write(describeImport(result));
        }
      });
    });
}
