/**
 * The plugin half of `moex-bot config check`: discovers the plugins of the config's
 * project, resolves every plugin the config names and validates its parameters with the
 * plugin's own schema, so a config that passes the check can start a run.
 * @module
 */
import type { PluginDefinition, PluginKind } from '../contracts/define.js';
import { errorCode, type Problem } from '../errors.js';
import { BUILTIN_PLUGINS } from '../plugins/builtins.js';
import {
  type PluginRefInput,
  PluginRegistry,
  type ResolvedPluginRef,
  resolvePluginRefs,
} from '../plugins/index.js';
import { simulatedBroker } from '../sim/simulatedBrokerPlugin.js';
import { type ConfigPath, formatConfigPath, parseConfigPath } from './configPath.js';
import type { ConfigSource } from './loadConfig.js';
import { findSecrets, isSecretKey } from './secret.js';
import { redactSecrets, registerSecret } from './secrets.js';

/** What {@link checkPlugins} needs: a config (valid or only interpolated) and its folder. */
export interface PluginCheckInput {
  /** Project folder for plugin discovery: the config file's folder. */
  readonly dir: string;
  /** A parsed `OperatorConfig`, or the interpolated value of a config with problems. */
  readonly config: unknown;
  readonly source?: ConfigSource;
}

/** Options of {@link checkPlugins}. */
export interface CheckPluginsOptions {
  /** Plugins built into the host; defaults to the `simulated` broker. */
  readonly builtins?: readonly PluginDefinition[];
}

/** The plugins the config names, resolved, and every problem found on the way. */
export interface PluginCheck {
  readonly plugins: readonly ResolvedPluginRef[];
  /** Problems of installed plugin packages, then of the config's references to them. */
  readonly problems: readonly Problem[];
}

/**
 * Loads the project's plugins and checks every plugin reference of the config. A run loads
 * the same registry and refuses to start on any of these problems, so the check reports
 * broken installed packages too, not only those the config names.
 * @example
 * const loaded = await loadConfig('moex-bot.yaml');
 * const { problems } = await checkPlugins(loaded);
 */
export async function checkPlugins(
  input: PluginCheckInput,
  options: CheckPluginsOptions = {},
): Promise<PluginCheck> {
  const builtins = options.builtins ?? BUILTIN_PLUGINS;
  const { registry, problems: packageProblems } = await PluginRegistry.load(input.dir, {
    builtins: [...builtins],
  });
  const refs = pluginRefs(input.config).filter(
    // A disabled strategy may name a plugin that is no longer installed; its parameters are
    // still checked when the plugin is there, so enabling it later holds no surprise.
    ({ input: ref, enabled }) => enabled || registry.get(ref.kind, ref.ref.plugin) !== undefined,
  );
  const secretProblems = refs.flatMap(({ input: ref }) => {
    const plugin = registry.get(ref.kind, ref.ref.plugin);
    return plugin === undefined ? [] : secretsOf(plugin.definition, ref, input.source);
  });
  const resolved = resolvePluginRefs(
    registry,
    refs.map(({ input: ref }) => ref),
  );
  const refProblems = [...secretProblems, ...resolved.problems].map((problem) =>
    locate(problem, input.source),
  );
  return { plugins: resolved.resolved, problems: [...packageProblems, ...refProblems] };
}

/**
 * Registers the values of parameters the plugin declares with `secret()` for redaction,
 * and refuses those written literally. A key the name rule matches was refused already
 * while loading, so it is not reported twice.
 */
function secretsOf(
  definition: PluginDefinition,
  ref: PluginRefInput,
  source: ConfigSource | undefined,
): Problem[] {
  const base: ConfigPath = [...parseConfigPath(ref.path), 'params'];
  return findSecrets(definition.params, ref.ref.params, base).flatMap(({ path, value }) => {
    registerSecret(value);
    const key = path[path.length - 1];
    if (source?.isLiteral(path) !== true || (typeof key === 'string' && isSecretKey(key))) {
      return [];
    }
    return [
      {
        path: formatConfigPath(path),
        code: errorCode('CONFIG_SECRET_LITERAL'),
        message: `${ref.kind}:${ref.ref.plugin} declares this parameter a secret, but it is written literally; write \${VAR} and set VAR in the environment or .env, or use \${file:path/to/secret}`,
      },
    ];
  });
}

/** Adds the YAML line to a problem at a config path and removes secrets from it. */
function locate(problem: Problem, source: ConfigSource | undefined): Problem {
  const at = source?.locate(parseConfigPath(problem.path));
  const where = at === undefined ? '' : ` (line ${at.line}:${at.col})`;
  return {
    ...problem,
    path: redactSecrets(problem.path),
    message: redactSecrets(`${problem.message}${where}`),
  };
}

interface FoundRef {
  readonly input: PluginRefInput;
  readonly enabled: boolean;
}

/**
 * The plugin references of a config value, in the order a run uses them. Entries whose
 * shape is wrong are skipped: the schema reports them.
 */
function pluginRefs(config: unknown): FoundRef[] {
  const root = asRecord(config) ?? {};
  const list = (value: unknown, kind: PluginKind, path: string): FoundRef[] =>
    Array.isArray(value) ? value.flatMap((item, i) => one(item, kind, `${path}[${i}]`)) : [];
  const risk = asRecord(root['risk']);
  return [
    ...list(root['strategies'], 'strategy', 'strategies'),
    ...list(risk?.['plugins'], 'risk', 'risk.plugins'),
    ...one(root['broker'] ?? { plugin: simulatedBroker.id }, 'broker', 'broker'),
    ...list(root['alerts'], 'alert', 'alerts'),
  ];
}

function one(value: unknown, kind: PluginKind, path: string): FoundRef[] {
  const ref = asRecord(value);
  const plugin = ref?.['plugin'];
  const params = ref?.['params'] ?? {};
  if (typeof plugin !== 'string' || asRecord(params) === undefined) return [];
  const enabled = ref?.['enabled'] !== false;
  return [
    { input: { kind, ref: { plugin, params: params as Record<string, unknown> }, path }, enabled },
  ];
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
