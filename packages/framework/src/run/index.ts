/**
 * What every kind of run shares: the plugins a config names.
 * @module
 */
export * from './configPlugins.js';
