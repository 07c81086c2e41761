/**
 * `moex-bot plugins`: lists the plugins an operator project can use and every problem
 * that keeps other plugin packages from loading, so a broken install is found in one run.
 * @module
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { PluginDefinition } from '../../contracts/define.js';
import { MoexBotError, type Problem } from '../../errors.js';
import { BUILTIN_PLUGINS } from '../../plugins/builtins.js';
import { isDirectory } from '../../plugins/fileKinds.js';
import type { LoadedPlugin } from '../../plugins/loadPlugins.js';
import { PluginRegistry } from '../../plugins/PluginRegistry.js';
import { ExitCode } from '../failure.js';

/** Options of {@link registerPlugins}. */
export interface PluginsCommandOptions {
  /** Plugins built into the host; defaults to the `simulated` broker. */
  readonly builtins?: readonly PluginDefinition[];
}

/** One row of the listing, also the JSON shape of a plugin. */
interface PluginRow {
  readonly kind: string;
  readonly id: string;
  readonly packageName: string;
  readonly version: string;
  readonly builtin: boolean;
  readonly description?: string;
}

/**
 * Registers `moex-bot plugins [--dir <projectDir>] [--json]`. Exits 0 when every plugin
 * loaded and 2 when some did not; the listing is printed either way.
 * @example
 * registerPlugins(program);
 * // $ moex-bot plugins --dir ./my-bot --json
 */
export function registerPlugins(program: Command, options: PluginsCommandOptions = {}): void {
  const builtins = options.builtins ?? BUILTIN_PLUGINS;
  program
    .command('plugins')
    .summary('list installed plugins and the problems of those that cannot load')
    .description(
      'List the strategy, risk, alert and broker plugins of an operator project (its ' +
        'dependencies and npm workspace) and every problem that stops one from loading',
    )
    .option('--dir <projectDir>', 'operator project folder (default: the current folder)')
    .option('--json', 'print one JSON object { plugins, problems } instead of a table')
    .addHelpText(
      'after',
      '\nExit status is 0 when all plugins loaded and 2 when there are problems.\n' +
        'Each problem has a stable code explained in docs/errors.md.',
    )
    .action(async (flags: { dir?: string; json?: boolean }) => {
      const projectDir = path.resolve(flags.dir ?? process.cwd());
      // Discovery treats a missing folder as "no project"; on the command line it is a typo.
      if (!(await isDirectory(projectDir))) {
        throw new MoexBotError('CLI_USAGE', `--dir ${projectDir} is not a folder`);
      }
      const { registry, problems } = await PluginRegistry.load(projectDir, { builtins });
      const rows = registry.list().map(toRow);
      if (flags.json === true) {
        process.stdout.write(`${JSON.stringify({ plugins: rows, problems }, null, 2)}\n`);
      } else {
        process.stdout.write(renderTable(rows, projectDir));
        process.stderr.write(renderProblems(problems));
      }
      // The listing is already printed; throwing would print the problems a second time.
      if (problems.length > 0) process.exitCode = ExitCode.usage;
    });
}

function toRow(plugin: LoadedPlugin): PluginRow {
  const { kind, id, packageName, version, builtin, description } = plugin;
  return {
    kind,
    id,
    packageName,
    version,
    builtin,
    ...(description === undefined ? {} : { description }),
  };
}

function renderTable(rows: readonly PluginRow[], projectDir: string): string {
  if (rows.length === 0) return `No plugins found for ${projectDir}\n`;
  const cells = [
    ['KIND', 'ID', 'PACKAGE', 'SOURCE', 'DESCRIPTION'],
    ...rows.map((row) => [
      row.kind,
      row.id,
      `${row.packageName}@${row.version}`,
      row.builtin ? 'builtin' : 'installed',
      row.description ?? '',
    ]),
  ];
  const widths = cells[0]!.map((_, column) =>
    Math.max(...cells.map((line) => line[column]!.length)),
  );
  const lines = cells.map((line) =>
    line
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}

function renderProblems(problems: readonly Problem[]): string {
  if (problems.length === 0) return '';
  const lines = problems.map(
    (problem) =>
      `error ${problem.code ?? 'MOEXBOT_ERR_PLUGIN_PROBLEMS'}: ${problem.path}: ${problem.message}`,
  );
  const count = `${problems.length} plugin problem${problems.length === 1 ? '' : 's'}`;
  return `\n${lines.join('\n')}\n${count}; each code is explained in docs/errors.md\n`;
}
