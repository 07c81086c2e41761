/**
 * The operator config: its schema, loading (`.env`, `${VAR}` and `${file:...}` references,
 * the secret rule, cross-checks), the JSON Schema, and the redaction of secrets.
 * @module
 */
export {
  type CheckPluginsOptions,
  checkPlugins,
  type PluginCheck,
  type PluginCheckInput,
} from './checkPlugins.js';
export { CONFIG_SCHEMA_ID, configJsonSchema, type JsonSchema } from './configJsonSchema.js';
export { type ConfigPath, formatConfigPath, parseConfigPath } from './configPath.js';
export type { Locate } from './configProblem.js';
export {
  type ConfigInspection,
  type ConfigSource,
  inspectConfig,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
  resolveFromConfig,
} from './loadConfig.js';
export { CONFIG_DOC_MARKERS, renderConfigDoc, updateConfigDoc } from './renderConfigDoc.js';
export * from './schema.js';
export { type FoundSecret, findSecrets, isSecretKey, isSecretSchema, secret } from './secret.js';
export {
  knownSecrets,
  MIN_SECRET_LENGTH,
  REDACTED,
  redactorFor,
  redactSecrets,
  registerSecret,
} from './secrets.js';
