/**
 * The registry of usable plugins: built-ins plus every installed plugin that loaded,
 * looked up by kind and id when the config is resolved.
 * @module
 */
import { PLUGIN_KINDS, type PluginDefinition, type PluginKind } from '../contracts/define.js';
import { MoexBotError, type Problem } from '../errors.js';
import { FRAMEWORK_PACKAGE } from './checkHostRange.js';
import { discoverPlugins, duplicateProblem } from './discoverPlugins.js';
import { builtinPlugin, type LoadedPlugin, loadPlugins } from './loadPlugins.js';

/** Options of {@link PluginRegistry.load}. */
export interface PluginRegistryLoadOptions {
  /** Definitions shipped with the host; they win over an installed plugin of the same id. */
  readonly builtins?: readonly PluginDefinition[];
}

/**
 * Plugins by kind and id. Build it with {@link PluginRegistry.load}, which discovers, checks
 * and imports everything and hands back all problems at once instead of stopping at the first.
 * @example
 * const { registry, problems } = await PluginRegistry.load(projectDir, { builtins: [simulatedBroker] });
 * assertNoProblems(problems, 'Plugins could not be loaded');
 * const sma = registry.get('strategy', 'sma-cross');
 */
export class PluginRegistry {
  readonly #plugins = new Map<string, LoadedPlugin>();

  /** Registers `plugins`; two with the same kind and id are a host bug and throw. */
  constructor(plugins: Iterable<LoadedPlugin> = []) {
    for (const plugin of plugins) {
      const key = keyOf(plugin.kind, plugin.id);
      const other = this.#plugins.get(key);
      if (other !== undefined) {
        throw new MoexBotError(
          'PLUGIN_DUPLICATE_ID',
          `${key} is provided by both ${other.packageName} and ${plugin.packageName}`,
        );
      }
      this.#plugins.set(key, plugin);
    }
  }

  /**
   * Discovers, checks and imports the plugins of the operator project in `projectDir`,
   * adding `builtins`. Never throws for a broken plugin: its problems are returned.
   */
  static async load(
    projectDir: string,
    options: PluginRegistryLoadOptions = {},
  ): Promise<{ registry: PluginRegistry; problems: Problem[] }> {
    const discovery = await discoverPlugins(projectDir);
    const loaded = await loadPlugins(discovery.plugins);
    const problems = [...discovery.problems, ...loaded.problems];
    const plugins = (options.builtins ?? []).map((definition) => builtinPlugin(definition));
    const builtinKeys = new Set(plugins.map((plugin) => keyOf(plugin.kind, plugin.id)));
    for (const plugin of loaded.plugins) {
      if (builtinKeys.has(keyOf(plugin.kind, plugin.id))) {
        problems.push(duplicateProblem(plugin, FRAMEWORK_PACKAGE));
      } else {
        plugins.push(plugin);
      }
    }
    return { registry: new PluginRegistry(plugins), problems };
  }

  /** The plugin of this kind and id, or undefined. */
  get<K extends PluginKind>(kind: K, id: string): LoadedPlugin<K> | undefined {
    // The key includes the kind, so the stored plugin is of kind K.
    return this.#plugins.get(keyOf(kind, id)) as LoadedPlugin<K> | undefined;
  }

  /** All plugins (or those of one kind), ordered by kind (strategy, risk, alert, broker) then id. */
  list<K extends PluginKind>(kind?: K): LoadedPlugin<K>[] {
    const plugins = [...this.#plugins.values()].filter(
      (plugin): plugin is LoadedPlugin<K> => kind === undefined || plugin.kind === kind,
    );
    return plugins.sort(
      (a, b) =>
        PLUGIN_KINDS.indexOf(a.kind) - PLUGIN_KINDS.indexOf(b.kind) || a.id.localeCompare(b.id),
    );
  }
}

function keyOf(kind: PluginKind, id: string): string {
  return `${kind}:${id}`;
}
