/**
 * The list of commands. Adding a command: write `commands/<name>.ts` exporting
 * `register<Name>(program)`, then add it here.
 * @module
 */
import type { Command } from 'commander';

export function registerCommands(_program: Command): void {}
