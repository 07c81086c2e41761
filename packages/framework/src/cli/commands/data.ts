/**
 * `moex-bot data …`: the market-data store. This file creates the `data` group and
 * registers `import`, `ls` and `lock`; other subcommands register themselves on the same
 * group through {@link dataCommand}.
 * @module
 */
import type { Command } from 'commander';
import { registerDataCheck } from './dataCheck.js';
import { registerDataFetch } from './dataFetch.js';
import { registerDataImport } from './dataImport.js';
import { registerDataLock } from './dataLock.js';
import { registerDataLs } from './dataLs.js';

/** The `data` command group of `program`, created on first use. */
export function dataCommand(program: Command): Command {
  return (
    program.commands.find((command) => command.name() === 'data') ??
    program
      .command('data')
      .description(
        'The versioned market-data store: import, list and pin datasets (see docs/data.md)',
      )
  );
}

export function registerData(program: Command): void {
  const data = dataCommand(program);
  registerDataImport(data);
  registerDataLs(data);
  registerDataLock(data);
  registerDataCheck(data);
  registerDataFetch(data);
}
