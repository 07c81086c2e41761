/**
 * `@moex-bot/framework/testing`: the test kit for plugin authors and the framework's own
 * tests. Run a strategy or a risk rule through the real engine on bars you choose
 * (`runStrategy`, `runRiskRule`), drive it with a script (`scriptedStrategy`) and generate
 * deterministic SYNTHETIC market data. Plugin packages check their definition against
 * their manifest (`pluginPackageProblems`); alert channels test against a loopback HTTP
 * receiver with an alert context and a recording logger (`startHttpReceiver`,
 * `alertContext`, `RecordingLogger`). fast-check arbitraries live in
 * `@moex-bot/framework/testing/arbitraries` (fast-check is an optional peer dependency:
 * install it to use that entry).
 * @module
 */
export * from './alertKit.js';
export * from './makeBars.js';
export * from './pluginPackage.js';
export * from './recordDecisions.js';
export * from './recordSignals.js';
export * from './runRiskRule.js';
export * from './runStrategy.js';
export * from './scriptedStrategy.js';
export * from './syntheticBars.js';
export * from './waitFor.js';
