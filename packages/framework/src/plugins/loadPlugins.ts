/**
 * Plugin loading: imports the entry of each discovered plugin and checks what it exports
 * (the brand, then kind and id against the manifest). Every failure becomes a coded problem
 * naming the package, so one broken plugin never hides the others.
 * @module
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  isPluginDefinition,
  PLUGIN_BRAND,
  PLUGIN_CONTRACT_VERSION,
  PLUGIN_KINDS,
  type PluginDefinition,
  type PluginKind,
} from '../contracts/define.js';
import type { Problem } from '../errors.js';
import { frameworkVersion } from '../version.js';
import { FRAMEWORK_PACKAGE } from './checkHostRange.js';
import type { DiscoveredPlugin } from './discoverPlugins.js';
import { describeFound, messageOf, packagePath, pluginProblem } from './problem.js';

/** A plugin ready to use: its definition and where it came from. */
export interface LoadedPlugin<K extends PluginKind = PluginKind> {
  readonly definition: PluginDefinition<K>;
  readonly kind: K;
  readonly id: string;
  /** npm name of the package; `@moex-bot/framework` for built-ins. */
  readonly packageName: string;
  readonly version: string;
  /** True for plugins shipped inside the framework, such as the `simulated` broker. */
  readonly builtin: boolean;
  readonly description?: string;
}

/** Plugins that loaded, and the problems of those that did not. */
export interface LoadResult {
  readonly plugins: LoadedPlugin[];
  readonly problems: Problem[];
}

/**
 * Imports discovered plugins and checks their default exports. Imports run in parallel;
 * the result keeps the discovery order so listings are stable.
 * @example
 * const discovery = await discoverPlugins(projectDir);
 * const { plugins, problems } = await loadPlugins(discovery.plugins);
 */
export async function loadPlugins(discovered: readonly DiscoveredPlugin[]): Promise<LoadResult> {
  const results = await Promise.all(discovered.map(loadPlugin));
  return {
    plugins: results.flatMap((result) => (result.plugin === undefined ? [] : [result.plugin])),
    problems: results.flatMap((result) => result.problems),
  };
}

/** Imports one discovered plugin; see {@link loadPlugins}. */
export async function loadPlugin(
  discovered: DiscoveredPlugin,
): Promise<{ plugin?: LoadedPlugin; problems: Problem[] }> {
  const { packageName, kind, id } = discovered;
  // Paths inside the package read the same on every OS: `dist/index.js#default.kind`.
  const file = path.relative(discovered.dir, discovered.entry).split(path.sep).join('/');
  let namespace: { default?: unknown };
  try {
    namespace = (await import(pathToFileURL(discovered.entry).href)) as { default?: unknown };
  } catch (error) {
    // The message only: a stack into someone else's module says little to an operator.
    const message = `importing ${file} threw: ${messageOf(error)}`;
    return {
      problems: [pluginProblem('PLUGIN_IMPORT_FAILED', packagePath(packageName, file), message)],
    };
  }

  const definition = namespace.default;
  if (!isPluginDefinition(definition)) {
    const message = `${brandFinding(definition)}; expected the result of ${defineName(kind)}(...) as the default export`;
    return {
      problems: [
        pluginProblem('PLUGIN_BRAND_MISSING', packagePath(packageName, `${file}#default`), message),
      ],
    };
  }

  const problems: Problem[] = [];
  if (definition.kind !== kind) {
    problems.push(
      pluginProblem(
        'PLUGIN_KIND_MISMATCH',
        packagePath(packageName, `${file}#default.kind`),
        `found ${kindFinding(definition.kind)}, but package.json#moexBot.kind is "${kind}"`,
      ),
    );
  }
  if (definition.id !== id) {
    problems.push(
      pluginProblem(
        'PLUGIN_ID_MISMATCH',
        packagePath(packageName, `${file}#default.id`),
        `found id ${describeFound(definition.id)}, but package.json#moexBot.id is "${id}"`,
      ),
    );
  }
  if (problems.length > 0) return { problems };

  const description = discovered.description ?? definition.description;
  const plugin: LoadedPlugin = {
    definition,
    kind,
    id,
    packageName,
    version: discovered.version,
    builtin: false,
    ...(description === undefined ? {} : { description }),
  };
  return { plugin, problems };
}

/**
 * Wraps a definition shipped inside the framework (such as the `simulated` broker) so that
 * it is listed and resolved like any installed plugin.
 * @example
 * const simulated = builtinPlugin(simulatedBroker);
 * // { kind: 'broker', id: 'simulated', packageName: '@moex-bot/framework', builtin: true, ... }
 */
export function builtinPlugin<K extends PluginKind>(
  definition: PluginDefinition<K>,
): LoadedPlugin<K> {
  return {
    definition,
    kind: definition.kind,
    id: definition.id,
    packageName: FRAMEWORK_PACKAGE,
    version: frameworkVersion,
    builtin: true,
    ...(definition.description === undefined ? {} : { description: definition.description }),
  };
}

function defineName(kind: PluginKind): string {
  return `define${kind[0]!.toUpperCase()}${kind.slice(1)}`;
}

/** Names the kind a definition declares, and the `define*` call that makes it when known. */
function kindFinding(kind: unknown): string {
  const known = PLUGIN_KINDS.find((candidate) => candidate === kind);
  return known === undefined
    ? `kind ${describeFound(kind)}`
    : `kind "${known}" (made by ${defineName(known)})`;
}

/** Says why a default export failed the brand check, most telling reason first. */
function brandFinding(value: unknown): string {
  if (typeof value !== 'object' || value === null) return `found ${describeFound(value)}`;
  const candidate = value as Record<string, unknown>;
  if (candidate['$$type'] !== PLUGIN_BRAND) {
    return `found an object without the $$type "${PLUGIN_BRAND}" brand`;
  }
  if (candidate['contractVersion'] !== PLUGIN_CONTRACT_VERSION) {
    return `found contract version ${describeFound(candidate['contractVersion'])}, this host supports ${PLUGIN_CONTRACT_VERSION}`;
  }
  return 'found a branded object whose `params` is not a zod schema or whose `create` is not a function';
}
