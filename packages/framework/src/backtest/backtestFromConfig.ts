/**
 * A backtest from an operator config: finds the plugins the config names among
 * the project's installed packages, reports every problem at once, reads the bar
 * files and runs the engine.
 * @module
 */
import path from 'node:path';
import type { OperatorConfig } from '../config/schema.js';
import type { Logger } from '../contracts/services.js';
import type { Instrument } from '../domain/instrument.js';
import { MoexBotError } from '../errors.js';
import { csvFeed } from '../market/csvFeed.js';
import type { BarFeed } from '../market/feed.js';
import { moscowDayStart, parseMoscowDate } from '../market/moscowTime.js';
import { configPlugins, instrumentLookup } from '../run/configPlugins.js';
import { type BacktestResult, backtest, type ProgressListener } from './runBacktest.js';

export interface BacktestFromConfigOptions {
  /** Folder whose installed packages provide plugins; defaults to the config's folder. */
  readonly projectDir?: string;
  readonly logger?: Logger;
  readonly onProgress?: ProgressListener;
  /** Bars to use instead of the config's `data.bars` files. */
  readonly feed?: BarFeed;
}

/** The run plus the facts needed to describe it. */
export interface ConfigBacktestResult extends BacktestResult {
  /** Plugins used, as `kind:id` → `package@version`. */
  readonly plugins: Readonly<Record<string, string>>;
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

  const feed =
    options.feed ??
    (await csvFeed(
      config.data.bars.map((entry) => ({
        instrument: uidOf(entry.instrument),
        file: path.resolve(configDir, entry.file),
      })),
      { from: timeBound(config.backtest.from), to: timeBound(config.backtest.to) },
    ));
  if (feed.total === 0) {
    throw new MoexBotError(
      'DATA_FILE_NOT_FOUND',
      'no bars to backtest: `data.bars` is empty or the period holds no bars',
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
      alerts: config.alerts.map((ref, index) => setup('alert', ref, `alerts[${index}]`)),
      initialCash: config.backtest.initialCash,
      historySize: config.engine.historySize,
      ...(options.logger ? { logger: options.logger } : {}),
    },
    feed,
    options.onProgress ? { onProgress: options.onProgress } : {},
  );
  return { ...result, plugins: plugins.versions };
}

/** A config date (`2026-09-01`, Moscow midnight) or date-time to UTC ms. */
function timeBound(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const day = parseMoscowDate(text);
  return day === undefined ? Date.parse(text) : moscowDayStart(day);
}
