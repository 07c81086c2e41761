/**
 * The plugins an operator config names, found among the project's installed packages
 * and checked all at once: the common first step of `backtest` and `live`.
 * @module
 */

import type { AlertPolicy } from '../alerts/AlertRouter.js';
import type { AlertSetup, PluginSetup } from '../backtest/createBacktest.js';
import type { AlertingConfig, OperatorConfig } from '../config/schema.js';
import type { PluginDefinition, PluginKind } from '../contracts/define.js';
import type { Instrument } from '../domain/instrument.js';
import { MoexBotError } from '../errors.js';
import { BUILTIN_PLUGINS } from '../plugins/builtins.js';
import {
  assertNoProblems,
  type PluginRefInput,
  resolvePluginRefs,
} from '../plugins/instantiate.js';
import { PluginRegistry } from '../plugins/PluginRegistry.js';

/** A plugin reference of the config, with its optional instance name. */
export type ConfigPluginRef = PluginRefInput['ref'] & { name?: string | undefined };

/** The config's plugins, resolved. */
export interface ConfigPlugins {
  readonly registry: PluginRegistry;
  /** Enabled strategies with their config paths. */
  readonly strategies: readonly {
    readonly ref: OperatorConfig['strategies'][number];
    readonly path: string;
  }[];
  /** Plugins used, as `kind:id` → `package@version`. */
  readonly versions: Readonly<Record<string, string>>;
  /** A plugin setup for a ref of the config. */
  setup<K extends PluginKind>(kind: K, ref: ConfigPluginRef, where: string): PluginSetup<K>;
  /** The config's alert channels with their routes and rate limits. */
  alerts(): AlertSetup[];
}

/**
 * Loads the registry and resolves every plugin the config names. `extra`: more refs to
 * check; `builtins`: definitions to offer besides installed packages (embedding, tests).
 */
export async function configPlugins(
  config: OperatorConfig,
  projectDir: string,
  extra: readonly PluginRefInput[] = [],
  builtins: readonly PluginDefinition[] = [],
): Promise<ConfigPlugins> {
  const { registry, problems } = await PluginRegistry.load(projectDir, {
    builtins: [...BUILTIN_PLUGINS, ...builtins],
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
    ...extra,
  ];
  const resolved = resolvePluginRefs(registry, refs);
  assertNoProblems(resolved.problems, 'the config names plugins that cannot be used');
  const versions: Record<string, string> = {};
  for (const { plugin } of resolved.resolved) {
    versions[`${plugin.kind}:${plugin.id}`] = `${plugin.packageName}@${plugin.version}`;
  }
  const setup = <K extends PluginKind>(
    kind: K,
    ref: ConfigPluginRef,
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
  return {
    registry,
    strategies,
    versions,
    setup,
    alerts: () =>
      config.alerts.map((ref, index) => ({
        ...setup('alert', ref, `alerts[${index}]`),
        route: { minSeverity: ref.minSeverity, types: ref.types, excludeTypes: ref.excludeTypes },
        ...(ref.rateLimit ? { rateLimit: ref.rateLimit } : {}),
      })),
  };
}

/** The alert router's policy from the config's `alerting` section. */
export function alertPolicyOf(alerting: AlertingConfig): Partial<AlertPolicy> {
  return {
    dedupMs: alerting.dedupSeconds * 1000,
    digestMs: alerting.digestSeconds * 1000,
    rateLimit: alerting.rateLimit,
    retry: {
      attempts: alerting.retry.attempts,
      initialMs: alerting.retry.initialSeconds * 1000,
      maxMs: alerting.retry.maxSeconds * 1000,
    },
    closeTimeoutMs: alerting.closeTimeoutSeconds * 1000,
  };
}

/** Maps a ticker or uid from the config to the instrument uid. */
export function instrumentLookup(instruments: readonly Instrument[]): (key: string) => string {
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
