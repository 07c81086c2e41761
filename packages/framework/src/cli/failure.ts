/**
 * How the CLI ends on an error: one line (plus one line per located problem),
 * no stack trace unless `--debug`, exit 2 for bad usage or config, 1 for a failed run.
 * @module
 */
import { redactSecrets } from '../config/secrets.js';
import { isMoexBotError } from '../errors.js';

/** Exit codes of every `moex-bot` command. */
export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const;

/** Error areas that mean "your input is wrong" rather than "the run failed". */
const USAGE_AREAS = ['CONFIG_', 'PLUGIN_', 'CLI_', 'DATA_', 'DOMAIN_'];

/**
 * Codes in those areas that mean the run failed rather than the input was wrong: a
 * plugin's own code failing, a venue failing a download.
 */
const RUN_FAILURES = new Set(['PLUGIN_CREATE_FAILED', 'DATA_FETCH_FAILED']);

/** The exit code an error maps to. */
export function exitCodeFor(error: unknown): number {
  if (isMoexBotError(error)) {
    const name = error.code.slice('MOEXBOT_ERR_'.length);
    if (RUN_FAILURES.has(name)) return ExitCode.failed;
    return USAGE_AREAS.some((area) => name.startsWith(area)) ? ExitCode.usage : ExitCode.failed;
  }
  return ExitCode.failed;
}

/** The text printed to stderr for an error. */
export function formatFailure(error: unknown, debug: boolean): string {
  const lines: string[] = [];
  if (isMoexBotError(error)) {
    lines.push(`error ${error.code}: ${error.message}`);
    for (const problem of error.problems) {
      const code = problem.code && problem.code !== error.code ? ` [${problem.code}]` : '';
      lines.push(`  ${problem.path}: ${problem.message}${code}`);
    }
  } else {
    const message = error instanceof Error ? error.message : String(error);
    lines.push(`error MOEXBOT_ERR_RUN_FAILED: ${message}`);
    if (!debug) lines.push('  (run again with --debug for the stack trace)');
  }
  if (debug && error instanceof Error && error.stack) lines.push(error.stack);
  // Messages may quote config values or broker replies: never print a known secret.
  return `${redactSecrets(lines.join('\n'))}\n`;
}
