/**
 * `moex-bot runs ls`: the backtest runs of a config's runs folder, newest first, with
 * their headline figures and the data they read.
 * @module
 */
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/loadConfig.js';
import { redactSecrets } from '../../config/secrets.js';
import { listRuns, type RunListing } from '../../results/listRuns.js';
import type { RunData } from '../../results/RunRecordSchema.js';

interface LsFlags {
  readonly config: string;
  readonly dir?: string;
  readonly json?: boolean;
}

/**
 * Registers the `runs` command group.
 * @example
 * registerRuns(program);
 * // $ moex-bot runs ls --config moex-bot.yaml
 * // Runs in runs/
 * // ID                      DATE              NAME     RETURN  SHARPE  MAX DD  TRADES  DATA
 * // 20261124-101500-3fa9c1  2026-11-24 10:15  my-bot  +1.52 %    0.84  2.10 %      37  csv: data/SBER.csv
 */
export function registerRuns(program: Command): void {
  const runs = program
    .command('runs')
    .summary('list backtest runs')
    .description('Work with the run folders that `moex-bot backtest` writes');

  runs
    .command('ls')
    .summary('list the runs of a runs folder, newest first')
    .description(
      'List the runs in the runs folder of a config (`backtest.out`), newest first: id, date, ' +
        'name, return, Sharpe, max drawdown, closed trades and the data read. A folder without ' +
        'a valid run.json is listed as unreadable, with the reason.',
    )
    .option('-c, --config <file>', 'operator config whose runs to list', 'moex-bot.yaml')
    .option('--dir <runsDir>', 'list this runs folder instead of the config’s')
    .option('--json', 'print one JSON object { runsDir, runs } instead of a table')
    .action(async (flags: LsFlags) => {
      const runsDir = await runsFolder(flags);
      const listings = await listRuns(runsDir);
      const text =
        flags.json === true
          ? `${JSON.stringify({ runsDir, runs: listings.map(toJson) }, null, 2)}\n`
          : renderTable(listings, runsDir);
      process.stdout.write(redactSecrets(text));
    });
}

/** The runs folder `--dir` names, or the one of the config `--config` names. */
export async function runsFolder(flags: {
  readonly config: string;
  readonly dir?: string;
}): Promise<string> {
  if (flags.dir !== undefined) return path.resolve(flags.dir);
  const { config, dir } = await loadConfig(flags.config);
  return path.resolve(dir, config.backtest.out);
}

function toJson(listing: RunListing) {
  const id = path.basename(listing.dir);
  return listing.ok
    ? { id, dir: listing.dir, ok: true, record: listing.record }
    : { id, dir: listing.dir, ok: false, reason: listing.reason };
}

/** One line per run; the data column last, as it is the one that may run long. */
function renderTable(listings: readonly RunListing[], runsDir: string): string {
  const shown = path.relative(process.cwd(), runsDir) || '.';
  if (listings.length === 0) return `No runs in ${shown}\n`;
  const header = ['ID', 'DATE', 'NAME', 'RETURN', 'SHARPE', 'MAX DD', 'TRADES', 'DATA'];
  const rows = listings.map((listing) => {
    const id = path.basename(listing.dir);
    if (!listing.ok) {
      // The row names the folder already: its files are named within it.
      const reason = listing.reason.replaceAll(`${listing.dir}${path.sep}`, '');
      return [id, '', '', '', '', '', '', `unreadable: ${reason}`];
    }
    const { record } = listing;
    const s = record.summary;
    return [
      id,
      record.createdAt.slice(0, 16).replace('T', ' '),
      record.name,
      `${s.totalReturn >= 0 ? '+' : ''}${(s.totalReturn * 100).toFixed(2)} %`,
      s.sharpe.toFixed(2),
      `${(s.maxDrawdown * 100).toFixed(2)} %`,
      String(s.closedTrades),
      describeData(record.data),
    ];
  });
  // Figures are right-aligned so that their decimal points line up.
  const numeric = new Set([3, 4, 5, 6]);
  const widths = header.map((_, column) =>
    Math.max(header[column]!.length, ...rows.map((row) => row[column]!.length)),
  );
  const lines = [header, ...rows].map((row) =>
    row
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd(),
  );
  return `Runs in ${shown}/\n${lines.join('\n')}\n`;
}

/**
 * The data a run read, in one cell: store dataset versions (where the store is, and
 * whether the lock file pinned them, is in `--json`), or the CSV files.
 */
function describeData(data: RunData): string {
  if (data.kind === 'store') {
    return `store: ${data.datasets.map((d) => `${d.dataset}@${d.version}`).join(', ')}`;
  }
  return `csv: ${data.files.map((f) => f.file).join(', ')}`;
}
