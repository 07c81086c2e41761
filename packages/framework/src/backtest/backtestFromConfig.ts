/**
 * A backtest from an operator config: finds the plugins the config names among
 * the project's installed packages, reports every problem at once, reads the bar
 * files and runs the engine.
 * @module
 */
import path from 'node:path';
import type { OperatorConfig } from '../config/schema.js';
import type { PluginKind } from '../contracts/define.js';
import type { Logger } from '../contracts/services.js';
import type { Instrument } from '../domain/instrument.js';
import { MoexBotError } from '../errors.js';
import { csvFeed } from '../market/csvFeed.js';
import type { BarFeed } from '../market/feed.js';
import { moscowDayStart, parseMoscowDate } from '../market/moscowTime.js';
import { BUILTIN_PLUGINS } from '../plugins/builtins.js';
import {
  assertNoProblems,
  type PluginRefInput,
  resolvePluginRefs,
} from '../plugins/instantiate.js';
import { PluginRegistry } from '../plugins/PluginRegistry.js';
import type { PluginSetup } from './createBacktest.js';
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
  const { registry, problems } = await PluginRegistry.load(options.projectDir ?? configDir, {
    builtins: [...BUILTIN_PLUGINS],
  });
  assertNoProblems(problems, 'plugins could not be loaded');

  const strategies = config.strategies
    .map((ref, index) => ({ ref, path: `strategies[${index}]` }))
    .filter(({ ref }) => ref.enabled);
  const refs: PluginRefInput[] = [
    ...strategies.map(({ ref, path }) => ({ kind: 'strategy' as const, ref, path })),
    ...config.risk.plugins.map((ref, index) => ({
      kind: 'risk' as const,
      ref,
      path: `risk.plugins[${index}]`,
    })),
    { kind: 'broker', ref: config.broker, path: 'broker' },
    ...config.alerts.map((ref, index) => ({
      kind: 'alert' as const,
      ref,
      path: `alerts[${index}]`,
    })),
  ];
  const resolved = resolvePluginRefs(registry, refs);
  assertNoProblems(resolved.problems, 'the config names plugins that cannot be used');

  const instruments: Instrument[] = config.instruments.map((i) => ({ ...i }));
  const uidOf = instrumentLookup(instruments);
  const setup = <K extends PluginKind>(
    kind: K,
    ref: PluginRefInput['ref'] & { name?: string | undefined },
    where: string,
  ): PluginSetup<K> => {
    const plugin = registry.get(kind, ref.plugin)!;
    return {
      definition: plugin.definition,
      params: ref.params,
      name: ref.name ?? ref.plugin,
      path: where,
    };
  };

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
  const plugins: Record<string, string> = {};
  for (const { plugin } of resolved.resolved) {
    plugins[`${plugin.kind}:${plugin.id}`] = `${plugin.packageName}@${plugin.version}`;
  }
  return { ...result, plugins };
}

/** Maps a ticker or uid from the config to the instrument uid. */
function instrumentLookup(instruments: readonly Instrument[]): (key: string) => string {
  const byKey = new Map<string, string>();
  for (const instrument of instruments) {
    byKey.set(instrument.ticker, instrument.uid);
    byKey.set(instrument.uid, instrument.uid);
  }
  return (key) => {
    const uid = byKey.get(key);
    if (uid === undefined) {
      throw new MoexBotError(
        'DATA_UNKNOWN_INSTRUMENT',
        `instrument ${key} is not in \`instruments\``,
      );
    }
    return uid;
  };
}

/** A config date (`2026-09-01`, Moscow midnight) or date-time to UTC ms. */
function timeBound(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const day = parseMoscowDate(text);
  return day === undefined ? Date.parse(text) : moscowDayStart(day);
}
