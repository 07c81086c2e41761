// biome-ignore-all lint/suspicious/noTemplateCurlyInString: this file is about ${...} reference syntax
/**
 * `moex-bot config check <file>` validates an operator config and the plugins it names,
 * printing every problem at once; `moex-bot config schema` prints the JSON Schema.
 * @module
 */
import type { Command } from 'commander';
import { checkPlugins } from '../../config/checkPlugins.js';
import { configJsonSchema } from '../../config/configJsonSchema.js';
import { configError, mergeProblems } from '../../config/configProblem.js';
import { type ConfigSource, inspectConfig } from '../../config/loadConfig.js';
import type { OperatorConfig } from '../../config/schema.js';
import { isSecretKey } from '../../config/secret.js';
import { REDACTED, redactSecrets } from '../../config/secrets.js';
import type { Problem } from '../../errors.js';

interface CheckFlags {
  readonly json?: boolean;
  readonly plugins: boolean;
}

/**
 * Registers the `config` command group.
 * @example
 * registerConfig(program);
 * // $ moex-bot config check moex-bot.yaml
 * // ✔ moex-bot.yaml is valid: 2 instruments, 1 strategy, 0 risk plugins, 0 alert channels; broker simulated, mode backtest
 */
export function registerConfig(program: Command): void {
  const config = program
    .command('config')
    .summary('check an operator config, print its JSON Schema')
    .description('Work with the operator config file (moex-bot.yaml)');

  config
    .command('check')
    .argument('<file>', 'the config file, e.g. moex-bot.yaml')
    .summary('validate a config and the plugins it names')
    .description(
      'Validate a config: YAML syntax, `${VAR}` and `${file:...}` references (with .env beside ' +
        'the file), literal secrets, the schema, instrument references, and every plugin it names ' +
        'with its parameters. Every problem is listed with its path and line.',
    )
    .option('--json', 'print one JSON object { ok, file, problems, summary, config } to stdout')
    .option('--no-plugins', 'skip plugin discovery and parameter checks')
    .addHelpText('after', '\nExit status is 0 when the config is valid and 2 when it has problems.')
    .action(async (file: string, flags: CheckFlags) => {
      const inspection = await inspectConfig(file);
      const plugins = flags.plugins
        ? await checkPlugins({
            dir: inspection.dir,
            config: inspection.config ?? inspection.value,
            source: inspection.source,
          })
        : { plugins: [], problems: [] };
      const problems = mergeProblems(inspection.problems, plugins.problems);
      const valid = problems.length === 0 ? inspection.config : undefined;
      if (flags.json === true) {
        const report = jsonReport(inspection.file, problems, valid, inspection.source);
        process.stdout.write(`${redactSecrets(JSON.stringify(report, null, 2))}\n`);
      }
      if (valid === undefined) throw configError(inspection.file, problems);
      if (flags.json !== true) process.stdout.write(`✔ ${file} is valid: ${summaryLine(valid)}\n`);
    });

  config
    .command('schema')
    .summary('print the JSON Schema of the config')
    .description(
      'Print the JSON Schema (draft 2020-12) of moex-bot.yaml, for editors and CI validators',
    )
    .action(() => {
      process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
    });
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summaryOf(config: OperatorConfig) {
  return {
    instruments: config.instruments.length,
    strategies: config.strategies.length,
    riskPlugins: config.risk.plugins.length,
    alerts: config.alerts.length,
    broker: config.broker.plugin,
    mode: config.mode,
  };
}

function summaryLine(config: OperatorConfig): string {
  const s = summaryOf(config);
  return [
    count(s.instruments, 'instrument', 'instruments'),
    count(s.strategies, 'strategy', 'strategies'),
    count(s.riskPlugins, 'risk plugin', 'risk plugins'),
    `${count(s.alerts, 'alert channel', 'alert channels')}; broker ${s.broker}, mode ${s.mode}`,
  ].join(', ');
}

function jsonReport(
  file: string,
  problems: readonly Problem[],
  config: OperatorConfig | undefined,
  source: ConfigSource | undefined,
) {
  if (config === undefined) return { ok: false, file, problems };
  const masked = maskSecrets(config, false, [], source);
  return { ok: true, file, problems, summary: summaryOf(config), config: masked };
}

/**
 * The effective config with every value under a secret-looking key masked. Registered
 * secrets elsewhere are caught by {@link redactSecrets} on the printed text.
 */
function maskSecrets(
  value: unknown,
  secretKey: boolean,
  path: (string | number)[],
  source: ConfigSource | undefined,
): unknown {
  if (Array.isArray(value)) {
    return value.map((item, index) => maskSecrets(item, secretKey, [...path, index], source));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        maskSecrets(item, isSecretKey(key), [...path, key], source),
      ]),
    );
  }
  if (value === null || value === '') return value;
  // Inside a plugin's params the host cannot tell a secret from a setting (the plugin's
  // schema can, but may not have been loaded): a value taken from the environment or a
  // file is not printed.
  const inParams = path.includes('params');
  const referenced = inParams && source !== undefined && !source.isLiteral(path);
  return secretKey || referenced ? REDACTED : value;
}
