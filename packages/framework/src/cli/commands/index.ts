/**
 * The list of commands. Adding a command: write `commands/<name>.ts` exporting
 * `register<Name>(program)`, then add it here.
 * @module
 */
import type { Command } from 'commander';
import { registerBacktest } from './backtest.js';
import { registerConfig } from './config.js';
import { registerData } from './data.js';
import { registerInstruments } from './instruments.js';
import { registerLive } from './live.js';
import { registerPlugins } from './plugins.js';
import { registerReport } from './report.js';
import { registerRuns } from './runs.js';

export function registerCommands(program: Command): void {
  registerBacktest(program);
  registerConfig(program);
  registerData(program);
  registerInstruments(program);
  registerLive(program);
  registerPlugins(program);
  registerReport(program);
  registerRuns(program);
}
