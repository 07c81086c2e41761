/**
 * Problems found while loading a config, kept with their path as segments until the end,
 * then printed with the YAML line they point at and stripped of secret values.
 * @module
 */
import { type ErrorName, errorCode, MoexBotError, type Problem } from '../errors.js';
import { type ConfigPath, formatConfigPath } from './configPath.js';
import { redactSecrets } from './secrets.js';

/** One problem in the config, before it is located and printed. */
export interface ConfigProblem {
  readonly path: ConfigPath;
  readonly code: ErrorName;
  readonly message: string;
}

/** Finds the YAML position of a path; `undefined` when the path is not in the file. */
export type Locate = (path: ConfigPath) => { line: number; col: number } | undefined;

/**
 * Prints a problem: its path, its message with ` (line L:C)` when the YAML node is known,
 * and every registered secret replaced by `[REDACTED]`.
 */
export function toProblem(problem: ConfigProblem, locate?: Locate): Problem {
  const at = locate?.(problem.path);
  const where = at === undefined ? '' : ` (line ${at.line}:${at.col})`;
  return {
    path: redactSecrets(formatConfigPath(problem.path)),
    message: redactSecrets(`${problem.message}${where}`),
    code: errorCode(problem.code),
  };
}

/**
 * One error for every problem found: the problems' own code when they all share one,
 * otherwise `CONFIG_INVALID`.
 * @example
 * throw configError('/srv/bot/moex-bot.yaml', problems);
 */
export function configError(file: string, problems: readonly Problem[]): MoexBotError {
  const codes = new Set(problems.map((problem) => problem.code));
  const only = codes.size === 1 ? [...codes][0] : undefined;
  const name = (only?.slice('MOEXBOT_ERR_'.length) ?? 'CONFIG_INVALID') as ErrorName;
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new MoexBotError(name, `${file}: ${count} in the config`, { problems });
}

/**
 * `first` followed by the problems of `later` at paths where nothing in `first` failed to
 * resolve: a field whose `${VAR}` is unset keeps its written text, and the schema or the
 * plugin would only add a vaguer "expected number" for it. A literal secret does not
 * count: the field may be wrong in other ways too.
 */
export function mergeProblems(first: readonly Problem[], later: readonly Problem[]): Problem[] {
  const literal = errorCode('CONFIG_SECRET_LITERAL');
  const taken = new Set(
    first.filter((problem) => problem.code !== literal).map((problem) => problem.path),
  );
  return [...first, ...later.filter((problem) => !taken.has(problem.path))];
}
