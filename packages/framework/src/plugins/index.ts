/**
 * Plugin discovery, loading and instantiation: how the host finds the strategy, risk,
 * alert and broker packages of an operator project and turns config references into
 * running plugin instances.
 * @module
 */
export { BUILTIN_PLUGINS } from './builtins.js';
export { checkHostRange, FRAMEWORK_PACKAGE, type HostRangeResult } from './checkHostRange.js';
export {
  type DiscoveredPlugin,
  type DiscoveryResult,
  discoverPlugins,
} from './discoverPlugins.js';
export {
  assertNoProblems,
  createPluginInstance,
  type ParamsResult,
  type PluginRefInput,
  type ResolvedPluginRef,
  resolvePluginRefs,
  validateParams,
} from './instantiate.js';
export {
  builtinPlugin,
  type LoadedPlugin,
  type LoadResult,
  loadPlugin,
  loadPlugins,
} from './loadPlugins.js';
export {
  MANIFEST_VERSION,
  type ManifestResult,
  PLUGIN_ID_PATTERN,
  type PluginManifest,
  PluginManifestSchema,
  validateManifest,
} from './manifest.js';
export { PluginRegistry, type PluginRegistryLoadOptions } from './PluginRegistry.js';
export type { PackageJson } from './packageJson.js';
