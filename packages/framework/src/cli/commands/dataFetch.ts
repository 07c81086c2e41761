/**
 * `moex-bot data fetch --from <date>`: downloads the history of the config's instruments
 * from the venue (the `tinvest` broker plugin) into the store, in chunks of one request,
 * resumable after an interruption, with a progress bar on a terminal.
 * @module
 */
import path from 'node:path';
import type { Command } from 'commander';
import { loadDotEnv } from '../../config/loadDotEnv.js';
import type { OperatorConfig } from '../../config/schema.js';
import { registerSecret } from '../../config/secrets.js';
import type { RunMode } from '../../contracts/define.js';
import { BAR_INTERVAL_MS, type BarInterval } from '../../contracts/marketData.js';
import type { VenueBroker } from '../../contracts/venue.js';
import { datasetId } from '../../data/datasetId.js';
import {
  type FetchedDataset,
  type FetchTarget,
  fetchHistory,
} from '../../data/fetch/fetchHistory.js';
import { fetchProgressBar } from '../../data/fetch/fetchProgressBar.js';
import { planChunks } from '../../data/fetch/planChunks.js';
import { isMoexBotError, MoexBotError } from '../../errors.js';
import { instrumentRef } from '../../live/venueInstruments.js';
import { type DataFlags, dataOptions, withConfigData } from './dataConfig.js';
import { createVenueBroker, parseInstrumentId } from './instruments.js';

const DAY = 86_400_000;
/** Where downloads in progress are staged, relative to the config's folder. */
export const DEFAULT_FETCH_STATE_DIR = 'state/fetch';
const NEEDS = 'market-data history';

interface FetchFlags extends DataFlags {
  readonly from: string;
  readonly to?: string;
  readonly interval?: string;
  readonly instrument?: string[];
  readonly source?: string;
  readonly stateDir?: string;
  readonly progress: boolean;
}

/** `2024-03-11` (UTC midnight) or an ISO time with offset, as UTC ms. */
export function parseFetchTime(text: string, flag: string): number {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const time = date
    ? Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]))
    : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)
      ? Date.parse(text)
      : Number.NaN;
  if (!Number.isFinite(time) || (date && new Date(time).toISOString().slice(0, 10) !== text)) {
    throw new MoexBotError(
      'CLI_USAGE',
      `${flag} "${text}" is not a date (YYYY-MM-DD, midnight UTC) or an ISO time with offset`,
    );
  }
  return time;
}

/**
 * The venue to fetch from: the config's broker when it is a venue; otherwise (a backtest
 * config, whose broker is the simulator) the `tinvest` plugin with `TINVEST_TOKEN` from
 * the environment or `.env`, as `moex-bot instruments` does without a config.
 */
async function openFetchVenue(
  config: OperatorConfig,
  dir: string,
): Promise<{ broker: VenueBroker; plugin: string }> {
  const mode: RunMode = config.mode === 'backtest' ? 'paper' : config.mode;
  try {
    const broker = await createVenueBroker(config.broker, { mode, projectDir: dir, needs: NEEDS });
    return { broker, plugin: config.broker.plugin };
  } catch (error) {
    if (!isMoexBotError(error) || error.code !== 'MOEXBOT_ERR_RUN_NO_VENUE') throw error;
  }
  const { env } = await loadDotEnv(dir, process.env);
  const token = env['TINVEST_TOKEN'] || undefined;
  registerSecret(token);
  const broker = await createVenueBroker(
    { plugin: 'tinvest', params: token === undefined ? {} : { token } },
    { mode: token === undefined ? 'paper' : 'real', projectDir: dir, needs: NEEDS },
  );
  return { broker, plugin: 'tinvest' };
}

/** The instruments named by `--instrument` (a ticker or uid of the config, or any venue id), or all of the config's. */
async function fetchTargets(
  config: OperatorConfig,
  keys: readonly string[] | undefined,
  venue: VenueBroker,
  source: string,
  interval: BarInterval,
): Promise<FetchTarget[]> {
  const problems: string[] = [];
  const targets: FetchTarget[] = [];
  for (const key of keys ?? config.instruments.map((instrument) => instrument.ticker)) {
    const configured = config.instruments.find((i) => i.ticker === key || i.uid === key);
    try {
      const instrument = await venue.venue.instruments.resolve(
        configured ? instrumentRef(configured) : parseInstrumentId(key),
      );
      // Datasets are named by the config's ticker, as backtests read them.
      const ticker = configured?.ticker ?? instrument.ticker;
      targets.push({ dataset: datasetId({ source, interval, instrument: ticker }), instrument });
    } catch (error) {
      if (isMoexBotError(error) && error.code === 'MOEXBOT_ERR_CLI_USAGE') throw error;
      problems.push(`${key}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (problems.length > 0) {
    throw new MoexBotError('RUN_INSTRUMENT_UNAVAILABLE', problems.join('\n'));
  }
  return targets;
}

/** One line per dataset: what was fetched and what the store made of it. */
export function describeFetched(dataset: FetchedDataset): string {
  const { write, earlier } = dataset;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const chunks = `${count(dataset.chunks, 'chunk')} (${dataset.fetched} fetched, ${dataset.resumed} resumed)`;
  const stored =
    write.status === 'unchanged'
      ? `unchanged (version ${write.version}, ${write.rows} rows)`
      : `version ${write.version} (${write.previous === undefined ? 'new dataset' : `was ${write.previous}`}), ` +
        `${write.rows} rows, ${count(write.written.length, 'partition')} written, ${write.reused} reused`;
  let line = `${dataset.dataset}: ${chunks}, ${count(dataset.bars, 'bar')}; ${stored}\n`;
  if (earlier?.dropped !== undefined) {
    line += `  an earlier unfinished download was not used: ${earlier.dropped}\n`;
  } else if (earlier !== undefined && earlier.discarded > 0) {
    line += `  ${count(earlier.discarded, 'chunk')} of an earlier download over another range discarded\n`;
  }
  return line;
}

export function registerDataFetch(data: Command): void {
  dataOptions(
    data
      .command('fetch')
      .description('Download bar history of the config’s instruments from the venue into the store')
      .requiredOption('--from <date>', 'first day to fetch, YYYY-MM-DD (UTC), or an ISO time')
      .option('--to <date>', 'day to stop before (exclusive); default: the end of today (UTC)')
      .option('--interval <interval>', 'bar interval: 1m, 5m, 15m, 1h, 1d (default: data.interval)')
      .option(
        '-i, --instrument <id...>',
        'tickers (or uids) of the config; other venue ids (SBER@TQBR, a FIGI) work too (default: every configured instrument)',
      )
      .option('--source <name>', 'dataset source name (default: the venue plugin’s id, tinvest)')
      .option(
        '--state-dir <dir>',
        `where unfinished downloads are staged (default: ${DEFAULT_FETCH_STATE_DIR} beside the config)`,
      )
      .option('--no-progress', 'no progress bar or final progress line'),
  )
    .addHelpText(
      'after',
      '\nOne request per chunk (for 1m, one UTC day), one after another, within the venue’s\n' +
        'limits. Each finished chunk is staged on disk; if the command stops, run it again\n' +
        'with the same range: finished chunks are not downloaded again. Each dataset becomes\n' +
        'one new version, merged with the previous one. See docs/data.md.',
    )
    .action(async (flags: FetchFlags) => {
      await withConfigData(flags.config, async ({ config, dir, store, objects }) => {
        const interval = flags.interval ?? config.data.interval;
        if (!Object.hasOwn(BAR_INTERVAL_MS, interval)) {
          throw new MoexBotError(
            'CLI_USAGE',
            `--interval "${interval}" is not one of ${Object.keys(BAR_INTERVAL_MS).join(', ')}`,
          );
        }
        const barInterval = interval as BarInterval;
        const from = parseFetchTime(flags.from, '--from');
        const explicitTo = flags.to === undefined ? undefined : parseFetchTime(flags.to, '--to');
        if (explicitTo !== undefined && explicitTo <= from) {
          throw new MoexBotError('CLI_USAGE', `--to ${flags.to} is not after --from ${flags.from}`);
        }
        const stateDir = flags.stateDir
          ? path.resolve(flags.stateDir)
          : path.resolve(dir, DEFAULT_FETCH_STATE_DIR);

        const { broker, plugin } = await openFetchVenue(config, dir);
        const drawer = fetchProgressBar(process.stderr, flags.progress);
        try {
          const source = flags.source ?? plugin;
          const targets = await fetchTargets(config, flags.instrument, broker, source, barInterval);
          // The built-in fake exchange runs on its own clock; the real venue on the wall's.
          const clock = broker.venue.clock;
          const now = () => clock?.now() ?? Date.now();
          if (clock !== undefined) {
            process.stderr.write(
              `note: the venue keeps its own clock (${new Date(now()).toISOString()}): without a token this is the built-in fake exchange, and its bars are SYNTHETIC sample data\n`,
            );
          }
          const to = explicitTo ?? (Math.floor(now() / DAY) + 1) * DAY;
          if (planChunks(barInterval, from, to, now()).length === 0) {
            process.stdout.write(
              `nothing to fetch: ${new Date(from).toISOString()} is not before the venue's time ${new Date(now()).toISOString()}\n`,
            );
            return;
          }
          const result = await fetchHistory({
            source: broker.venue.marketData,
            store,
            datasets: targets,
            interval: barInterval,
            from,
            to,
            stateDir,
            now,
            onProgress: (progress) => drawer.update(progress),
          });
          if (config.data.source !== source) {
            process.stderr.write(
              `note: backtests of this config read data.source "${config.data.source}"; set \`data.source: ${source}\` to read these datasets\n`,
            );
          }
          if (flags.json) {
            process.stdout.write(
              `${JSON.stringify({
                store: objects.description,
                interval: barInterval,
                from: new Date(from).toISOString(),
                to: new Date(to).toISOString(),
                stateDir,
                seconds: Math.round(result.elapsedMs) / 1000,
                datasets: result.datasets.map(({ write, ...dataset }) => ({
                  ...dataset,
                  status: write.status,
                  version: write.version,
                  previous: write.previous,
                  rows: write.rows,
                })),
              })}\n`,
            );
          } else {
            for (const dataset of result.datasets) process.stdout.write(describeFetched(dataset));
          }
        } catch (error) {
          drawer.abandon();
          throw error;
        } finally {
          await broker.close?.();
        }
      });
    });
}
