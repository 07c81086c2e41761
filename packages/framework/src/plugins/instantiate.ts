/**
 * From config to running plugin: resolving the plugin ids an operator wrote, checking their
 * parameters against each plugin's own schema, and calling `create` with errors that name
 * the plugin. Problems are collected so one `config check` lists every mistake.
 * @module
 */

import { findSecrets } from '../config/secret.js';
import { registerSecret } from '../config/secrets.js';
import type { ContextOf, InstanceOf, PluginKind } from '../contracts/define.js';
import { type ErrorName, MoexBotError, type Problem } from '../errors.js';
import type { LoadedPlugin } from './loadPlugins.js';
import type { PluginRegistry } from './PluginRegistry.js';
import { messageOf, pluginProblem } from './problem.js';

/** The result of {@link validateParams}. */
export type ParamsResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problems: Problem[] };

/**
 * Checks `params` against the plugin's schema; defaults the schema declares are applied to
 * `value`. Each issue becomes a problem at its config path, such as `strategies[0].params.fast`.
 * @example
 * const result = validateParams(plugin, { fast: 'ten' }, 'strategies[0].params');
 * // { ok: false, problems: [{ path: 'strategies[0].params.fast', ... }] }
 */
export function validateParams(plugin: LoadedPlugin, params: unknown, path: string): ParamsResult {
  // Whatever the path (config check, backtest, test kit), values the plugin declares
  // with secret() are known to the redaction from here on.
  for (const { value } of findSecrets(plugin.definition.params, params)) registerSecret(value);
  const parsed = plugin.definition.params.safeParse(params);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = parsed.error.issues.map((issue) =>
    pluginProblem(
      'PLUGIN_PARAMS_INVALID',
      joinPath(path, issue.path),
      `${plugin.kind}:${plugin.id}: ${issue.message}`,
    ),
  );
  return { ok: false, problems };
}

/** One plugin reference from the config, with where it was written. */
export interface PluginRefInput {
  readonly kind: PluginKind;
  readonly ref: { readonly plugin: string; readonly params: Readonly<Record<string, unknown>> };
  /** Config path of the reference, e.g. `strategies[0]`. */
  readonly path: string;
}

/** A config reference matched to its plugin, with parameters parsed by the plugin's schema. */
export interface ResolvedPluginRef {
  readonly plugin: LoadedPlugin;
  readonly params: unknown;
  readonly path: string;
}

/**
 * Matches every config reference to a registered plugin and validates its parameters.
 * Unknown ids and bad parameters of all references are reported together.
 * @example
 * const { resolved, problems } = resolvePluginRefs(registry, config.strategies.map((ref, i) => ({
 *   kind: 'strategy', ref, path: `strategies[${i}]`,
 * })));
 */
export function resolvePluginRefs(
  registry: PluginRegistry,
  refs: readonly PluginRefInput[],
): { resolved: ResolvedPluginRef[]; problems: Problem[] } {
  const resolved: ResolvedPluginRef[] = [];
  const problems: Problem[] = [];
  for (const { kind, ref, path } of refs) {
    const plugin = registry.get(kind, ref.plugin);
    if (plugin === undefined) {
      problems.push(notFoundProblem(registry, kind, ref.plugin, `${path}.plugin`));
      continue;
    }
    const params = validateParams(plugin, ref.params, `${path}.params`);
    if (params.ok) resolved.push({ plugin, params: params.value, path });
    else problems.push(...params.problems);
  }
  return { resolved, problems };
}

function notFoundProblem(
  registry: PluginRegistry,
  kind: PluginKind,
  id: string,
  path: string,
): Problem {
  const installed = registry.list(kind).map((plugin) => plugin.id);
  const list = installed.length === 0 ? 'none' : installed.join(', ');
  return pluginProblem(
    'PLUGIN_NOT_FOUND',
    path,
    `no ${kind} plugin "${id}" is installed (installed ${kind} plugins: ${list}); ` +
      `install the package that provides it in the operator project, e.g. ` +
      `\`npm install @moex-bot/${kind}-${id}\` (first-party) or \`npm install moex-bot-${kind}-${id}\``,
  );
}

/**
 * Calls the plugin's `create` with parameters already checked by {@link validateParams}.
 * A throw or rejection becomes `MOEXBOT_ERR_PLUGIN_CREATE_FAILED` naming `<kind>:<id>`,
 * with the original error kept as `cause` for `--debug`.
 * @example
 * const strategy = await createPluginInstance(plugin, params, strategyContext);
 */
export async function createPluginInstance<K extends PluginKind>(
  plugin: LoadedPlugin<K>,
  params: unknown,
  context: ContextOf<K>,
): Promise<InstanceOf<K>> {
  try {
    return await plugin.definition.create(params, context);
  } catch (error) {
    throw new MoexBotError(
      'PLUGIN_CREATE_FAILED',
      `${plugin.kind}:${plugin.id} create failed: ${messageOf(error)}`,
      { cause: error },
    );
  }
}

/**
 * Throws one error carrying every problem, or returns when there are none. The error's code
 * is the problems' code when they all share one, else `MOEXBOT_ERR_PLUGIN_PROBLEMS`.
 * @example
 * assertNoProblems(problems, 'Plugins could not be loaded');
 * // throws: "Plugins could not be loaded: 3 plugin problems"
 */
export function assertNoProblems(problems: readonly Problem[], summary: string): void {
  if (problems.length === 0) return;
  const codes = new Set(problems.map((problem) => problem.code));
  const [only] = codes;
  const name: ErrorName =
    codes.size === 1 && only !== undefined
      ? (only.slice('MOEXBOT_ERR_'.length) as ErrorName)
      : 'PLUGIN_PROBLEMS';
  const count = `${problems.length} plugin problem${problems.length === 1 ? '' : 's'}`;
  throw new MoexBotError(name, `${summary}: ${count}`, { problems });
}

/** Renders `base` plus a zod issue path: numbers as `[n]`, plain keys as `.key`. */
function joinPath(base: string, segments: readonly PropertyKey[]): string {
  let rendered = base;
  for (const segment of segments) {
    if (typeof segment === 'number') rendered += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment))
      rendered += `.${segment}`;
    else rendered += `[${JSON.stringify(String(segment))}]`;
  }
  return rendered;
}
