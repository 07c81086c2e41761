/**
 * Loading an operator config: read the YAML, merge `.env`, resolve `${...}` references,
 * refuse literal secrets, validate against the schema and check cross-references,
 * collecting every problem with its path and line before failing once.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { MoexBotError, type Problem } from '../errors.js';
import { checkConfigReferences } from './checkConfigReferences.js';
import { type ConfigPath, formatConfigPath } from './configPath.js';
import {
  type ConfigProblem,
  configError,
  type Locate,
  mergeProblems,
  toProblem,
} from './configProblem.js';
import { interpolateConfig } from './interpolateConfig.js';
import { loadDotEnv } from './loadDotEnv.js';
import { locateInYaml } from './locateInYaml.js';
import type { OperatorConfig } from './schema.js';
import { validateConfig } from './validateConfig.js';

/** Where the values of a loaded config were written, for problems found after loading. */
export interface ConfigSource {
  /** Line and column of a path in the YAML file (the key, for a mapping entry). */
  readonly locate: Locate;
  /**
   * True when the string at `path` was written with literal text rather than only
   * `${...}` references; plugin parameters declared with `secret()` must not be.
   */
  isLiteral(path: ConfigPath | string): boolean;
}

/** A valid config and where it came from. */
export interface LoadedConfig {
  readonly config: OperatorConfig;
  /** Absolute path of the YAML file. */
  readonly file: string;
  /** Its folder: relative paths in the config and plugin discovery start here. */
  readonly dir: string;
  readonly source?: ConfigSource;
}

/** Everything {@link inspectConfig} found, valid or not. */
export interface ConfigInspection {
  readonly file: string;
  readonly dir: string;
  /** The config with references resolved and defaults not yet applied. */
  readonly value: unknown;
  /** Present when the schema accepted `value`. */
  readonly config?: OperatorConfig;
  /** Every problem, located and with secrets redacted. */
  readonly problems: readonly Problem[];
  readonly source: ConfigSource;
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Variables for `${VAR}`; defaults to `process.env`. `.env` fills in what is unset. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Reads and checks a config without throwing for its content: only a missing file
 * (`CONFIG_NOT_FOUND`) or broken YAML (`CONFIG_YAML_INVALID`) throw, since nothing
 * else can be checked then. `moex-bot config check` uses it to add plugin problems.
 * @example
 * const inspection = await inspectConfig('moex-bot.yaml');
 * for (const problem of inspection.problems) console.log(problem.path, problem.message);
 */
export async function inspectConfig(
  file: string,
  options: LoadConfigOptions = {},
): Promise<ConfigInspection> {
  const absolute = resolve(file);
  const dir = dirname(absolute);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new MoexBotError('CONFIG_NOT_FOUND', `cannot read config ${absolute} (${reason})`, {
      cause: error,
    });
  }
  const lineCounter = new LineCounter();
  // `merge` allows `<<: *defaults`, the usual way to share plugin params between entries.
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    merge: true,
  });
  const locate = locateInYaml(doc, lineCounter);
  let raw: unknown;
  try {
    raw = doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
  } catch (error) {
    throw yamlError(absolute, [{ message: (error as Error).message, pos: [0] }], lineCounter);
  }
  if (doc.errors.length > 0) throw yamlError(absolute, doc.errors, lineCounter);

  const located = (problems: readonly ConfigProblem[]) =>
    problems.map((problem) => toProblem(problem, locate));
  const { env, problems: envProblems } = await loadDotEnv(dir, options.env ?? process.env);
  const interpolated = interpolateConfig(raw, { env, dir });
  const literals = interpolated.literals;
  const source: ConfigSource = {
    locate,
    isLiteral: (path) => literals.has(typeof path === 'string' ? path : formatConfigPath(path)),
  };
  const base = { file: absolute, dir, value: interpolated.value, source };
  if (
    interpolated.value === null ||
    typeof interpolated.value !== 'object' ||
    Array.isArray(interpolated.value)
  ) {
    const message =
      'the config must be a mapping of sections (instruments, strategies, risk, ...); see `moex-bot config schema`';
    return {
      ...base,
      problems: located([...envProblems, { path: [], code: 'CONFIG_INVALID', message }]),
    };
  }
  const early = located([...envProblems, ...interpolated.problems]);
  const schema = validateConfig(interpolated.value, interpolated.references);
  const later = located([...schema.problems, ...checkConfigReferences(interpolated.value)]);
  // A field whose reference failed is reported once, by the reference, not again by the schema.
  const problems = mergeProblems(early, later);
  return schema.config === undefined
    ? { ...base, problems }
    : { ...base, problems, config: schema.config };
}

/**
 * Loads a config file: YAML, `.env`, `${VAR}` / `${file:...}` references, the secret rule,
 * the schema and cross-references. Throws one `MoexBotError` listing every problem.
 * @example
 * const { config, dir } = await loadConfig('examples/sma-cross/moex-bot.yaml');
 * console.log(config.strategies.map((s) => s.plugin), dir);
 */
export async function loadConfig(
  file: string,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const inspection = await inspectConfig(file, options);
  if (inspection.problems.length > 0 || inspection.config === undefined) {
    throw configError(inspection.file, inspection.problems);
  }
  const { config, dir, source } = inspection;
  return { config, file: inspection.file, dir, source };
}

/**
 * Resolves a path written in the config (`data.bars[].file`, `backtest.out`) against the
 * config file's folder; absolute paths are kept.
 * @example
 * const csv = resolveFromConfig(loaded, loaded.config.data.bars[0].file);
 */
export function resolveFromConfig(loaded: Pick<LoadedConfig, 'dir'>, path: string): string {
  return resolve(loaded.dir, path);
}

interface YamlIssue {
  readonly message: string;
  readonly pos: readonly number[];
}

function yamlError(
  file: string,
  errors: readonly YamlIssue[],
  lineCounter: LineCounter,
): MoexBotError {
  const problems = errors.map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0] ?? 0);
    // `file:line:col` is what editors and terminals turn into a link. prettyErrors is off,
    // so the message carries no source excerpt that could show a secret.
    return { path: `${file}:${line}:${col}`, message: error.message };
  });
  const count = problems.length === 1 ? '1 syntax error' : `${problems.length} syntax errors`;
  return new MoexBotError('CONFIG_YAML_INVALID', `${file} is not valid YAML: ${count}`, {
    problems,
  });
}
