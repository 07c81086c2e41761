/**
 * A backtest from an operator config: finds the plugins the config names among
 * the project's installed packages, reports every problem at once, reads the bars
 * (the config's CSV files, or else the dataset versions of the market-data store the
 * lock file pins) and runs the engine.
 * @module
 */
import path from 'node:path';
import type { OperatorConfig } from '../config/schema.js';
import type { Logger } from '../contracts/services.js';
import { configStoreFeed } from '../data/configStoreFeed.js';
import type { Instrument } from '../domain/instrument.js';
import { MoexBotError } from '../errors.js';
import { csvFeed } from '../market/csvFeed.js';
import type { BarFeed } from '../market/feed.js';
import { moscowDayStart, parseMoscowDate } from '../market/moscowTime.js';
import type { QualityReport } from '../quality/QualityReport.js';
import { describeCsvData } from '../results/describeCsvData.js';
import type { RunData } from '../results/RunRecordSchema.js';
import { alertPolicyOf, configPlugins, instrumentLookup } from '../run/configPlugins.js';
import { checkFeedQuality, csvQualityGate } from './qualityGate.js';
import { type BacktestResult, backtest, type ProgressListener } from './runBacktest.js';

export interface BacktestFromConfigOptions {
  /** Folder whose installed packages provide plugins; defaults to the config's folder. */
  readonly projectDir?: string;
  readonly logger?: Logger;
  readonly onProgress?: ProgressListener;
  /** Bars to use instead of the config's `data.bars` files or its store. */
  readonly feed?: BarFeed;
}

/** The run plus the facts needed to describe it. */
export interface ConfigBacktestResult extends BacktestResult {
  /** Plugins used, as `kind:id` → `package@version`. */
  readonly plugins: Readonly<Record<string, string>>;
  /**
   * What the run read: the CSV files (with their sha256), or the store and each dataset
   * version (pinned by the lock file or not). Absent when the caller gave the feed.
   */
  readonly data?: RunData;
  /** The data-quality report of the bars the run read; absent when the caller gave the feed. */
  readonly quality?: QualityReport;
}

/** The feed a config describes, what it reads, and what to release after the run. */
export interface ConfigFeed {
  readonly feed: BarFeed;
  readonly data?: RunData;
  readonly quality?: QualityReport;
  close?(): Promise<void>;
}

/**
 * CSV files when `data.bars` lists any, else the store's datasets, one per instrument,
 * after the data-quality checks: a finding at `error` throws unless `refuse` is false
 * (`moex-bot data check` reports instead).
 * @example
 * const { quality, close } = await configFeed(config, dir, {}, false);
 */
export async function configFeed(
  config: OperatorConfig,
  configDir: string,
  options: BacktestFromConfigOptions,
  refuse = true,
): Promise<ConfigFeed> {
  if (options.feed) return { feed: options.feed };
  const uidOf = instrumentLookup(config.instruments);
  const range = { from: timeBound(config.backtest.from), to: timeBound(config.backtest.to) };
  const tickerOf = tickerLookup(config);
  if (config.data.bars.length > 0) {
    let quality: QualityReport | undefined;
    const feed = await csvFeed(
      config.data.bars.map((entry) => ({
        instrument: uidOf(entry.instrument),
        file: path.resolve(configDir, entry.file),
      })),
      {
        ...range,
        gate: csvQualityGate(
          config.data.quality,
          config.data.interval,
          tickerOf,
          (report) => {
            quality = report;
          },
          refuse,
        ),
      },
    );
    return {
      feed,
      data: await describeCsvData(config.data.bars, configDir),
      ...(quality ? { quality } : {}),
    };
  }
  const store = await configStoreFeed(config, configDir, {
    ...(options.projectDir === undefined ? {} : { projectDir: options.projectDir }),
    range,
    onUnpinned: (dataset) =>
      options.logger?.warn(
        { dataset: dataset.dataset, version: dataset.version },
        `dataset ${dataset.dataset} is not pinned by moex-bot.lock: reading its latest version ` +
          `v${dataset.version}; run \`moex-bot data lock\` to make this backtest repeatable`,
      ),
  });
  let quality: QualityReport;
  try {
    quality = await checkFeedQuality(
      store.feed,
      config.data.quality,
      config.data.interval,
      tickerOf,
      refuse,
    );
  } catch (error) {
    await store.close?.();
    throw error;
  }
  return {
    feed: store.feed,
    quality,
    data: {
      kind: 'store',
      store: store.store,
      datasets: store.datasets.map((dataset) => ({ ...dataset })),
    },
    close: store.close,
  };
}

/**
 * Runs the backtest a config describes.
 * @example
 * const loaded = await loadConfig('moex-bot.yaml');
 * const result = await backtestFromConfig(loaded.config, loaded.dir);
 */
export async function backtestFromConfig(
  config: OperatorConfig,
  configDir: string,
  options: BacktestFromConfigOptions = {},
): Promise<ConfigBacktestResult> {
  const plugins = await configPlugins(config, options.projectDir ?? configDir);
  const { setup, strategies } = plugins;
  const instruments: Instrument[] = config.instruments.map((i) => ({ ...i }));
  const uidOf = instrumentLookup(instruments);

  const { feed, data, quality, close } = await configFeed(config, configDir, options);
  try {
    if (feed.total === 0) {
      throw new MoexBotError(
        'DATA_FILE_NOT_FOUND',
        data?.kind === 'store'
          ? `no bars to backtest: the datasets of ${data.store} hold no bars in the period`
          : 'no bars to backtest: `data.bars` is empty or the period holds no bars',
      );
    }
    const result = await backtest(
      {
        instruments,
        strategies: strategies.map(({ ref, path: where }) => ({
          ...setup('strategy', ref, where),
          instruments: ref.instruments.map(uidOf),
        })),
        riskLimits: config.risk.limits,
        riskPlugins: config.risk.plugins.map((ref, index) =>
          setup('risk', ref, `risk.plugins[${index}]`),
        ),
        broker: setup('broker', config.broker, 'broker'),
        alerts: plugins.alerts(),
        alertPolicy: alertPolicyOf(config.alerting),
        initialCash: config.backtest.initialCash,
        historySize: config.engine.historySize,
        ...(options.logger ? { logger: options.logger } : {}),
      },
      feed,
      options.onProgress ? { onProgress: options.onProgress } : {},
    );
    return {
      ...result,
      plugins: plugins.versions,
      ...(data ? { data } : {}),
      ...(quality ? { quality } : {}),
    };
  } finally {
    await close?.();
  }
}

/** The config's ticker of an instrument uid: quality findings name instruments as the config does. */
function tickerLookup(config: OperatorConfig): (uid: string) => string {
  const tickers = new Map(config.instruments.map((i) => [i.uid, i.ticker]));
  return (uid) => tickers.get(uid) ?? uid;
}

/** A config date (`2026-09-01`, Moscow midnight) or date-time to UTC ms. */
function timeBound(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const day = parseMoscowDate(text);
  return day === undefined ? Date.parse(text) : moscowDayStart(day);
}
