/**
 * The plugins shipped inside the host. They are found without discovery and win
 * over an installed package of the same kind and id.
 * @module
 */
import type { PluginDefinition } from '../contracts/define.js';
import { simulatedBroker } from '../sim/simulatedBrokerPlugin.js';

/** Built-in plugin definitions: today the `simulated` broker. */
export const BUILTIN_PLUGINS: readonly PluginDefinition[] = Object.freeze([simulatedBroker]);
