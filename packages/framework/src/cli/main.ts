/**
 * The `moex-bot` command line. Each command lives in its own file under
 * `commands/` and registers itself on the program.
 * @module
 */
import { Command, CommanderError } from 'commander';
import { frameworkVersion } from '../version.js';
import { registerCommands } from './commands/index.js';
import { ExitCode, exitCodeFor, formatFailure } from './failure.js';

/** Builds the program; exported so tests can run commands in-process. */
export function createProgram(): Command {
  const program = new Command('moex-bot')
    .description('Algorithmic trading on the Moscow Exchange through the T-Invest API')
    .version(frameworkVersion, '-v, --version')
    .option('--debug', 'print stack traces and debug logs')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerCommands(program);
  return program;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  // Commands that print their own output set the exit code; start each run clean.
  process.exitCode = undefined;
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end with a CommanderError of exit code 0; usage errors were printed already.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    const debug = argv.includes('--debug');
    process.stderr.write(formatFailure(error, debug));
    return exitCodeFor(error);
  }
}
