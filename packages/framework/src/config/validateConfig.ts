/**
 * Checks the interpolated config against {@link OperatorConfigSchema} and turns every zod
 * issue into a problem with a readable message. A field written as exactly one reference
 * (`lot: ${LOT}`) is converted to the number or boolean the schema expects, since
 * environment variables are always strings.
 * @module
 */
import type { z } from 'zod';
import { type ConfigPath, formatConfigPath } from './configPath.js';
import type { ConfigProblem } from './configProblem.js';
import { type OperatorConfig, OperatorConfigSchema } from './schema.js';
import { closest, keysAt } from './schemaAt.js';

/** The parsed config when it is valid, and the problems of the schema otherwise. */
export interface SchemaResult {
  readonly config?: OperatorConfig;
  readonly problems: readonly ConfigProblem[];
}

type Issue = z.core.$ZodIssue;

/**
 * Validates `value` (mutated in place when a reference is converted to a number or boolean).
 * @example
 * const { config, problems } = validateConfig(value, new Set(['instruments[0].lot']));
 */
export function validateConfig(value: unknown, references: ReadonlySet<string>): SchemaResult {
  let result = OperatorConfigSchema.safeParse(value);
  // Each round converts the references the schema rejected; a handful of rounds is
  // plenty because a conversion only uncovers issues in the same object.
  for (let round = 0; round < 4 && !result.success; round += 1) {
    const converted = result.error.issues.filter((issue) => convert(value, issue, references));
    if (converted.length === 0) break;
    result = OperatorConfigSchema.safeParse(value);
  }
  if (result.success) return { config: result.data, problems: [] };
  return { problems: result.error.issues.flatMap((issue) => toProblems(issue, value)) };
}

/** Converts the string at an `invalid_type` issue when it came from one whole reference. */
function convert(root: unknown, issue: Issue, references: ReadonlySet<string>): boolean {
  if (issue.code !== 'invalid_type' || issue.path.length === 0) return false;
  const path = issue.path as ConfigPath;
  if (!references.has(formatConfigPath(path))) return false;
  const parent = valueAt(root, path.slice(0, -1));
  if (parent === null || typeof parent !== 'object') return false;
  const record = parent as Record<string | number, unknown>;
  const key = path[path.length - 1] as string | number;
  const text = record[key];
  if (typeof text !== 'string') return false;
  const trimmed = text.trim();
  if (issue.expected === 'number' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
    record[key] = Number(trimmed);
    return true;
  }
  if (issue.expected === 'boolean' && /^(true|false)$/i.test(trimmed)) {
    record[key] = trimmed.toLowerCase() === 'true';
    return true;
  }
  return false;
}

function valueAt(root: unknown, path: ConfigPath): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function toProblems(issue: Issue, root: unknown): ConfigProblem[] {
  const path = issue.path.filter((segment) => typeof segment !== 'symbol') as ConfigPath;
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(OperatorConfigSchema, path);
    return issue.keys.map((key) => {
      const guess = closest(key, known);
      const hint =
        guess === undefined ? `; allowed: ${known.join(', ')}` : `; did you mean "${guess}"?`;
      return {
        path: [...path, key],
        code: 'CONFIG_INVALID',
        message: `unknown key "${key}"${hint}`,
      };
    });
  }
  return [{ path, code: 'CONFIG_INVALID', message: messageOf(issue, root, path) }];
}

function messageOf(issue: Issue, root: unknown, path: ConfigPath): string {
  if (issue.code === 'invalid_type' && path.length > 0 && valueAt(root, path) === undefined) {
    return `is required (expected ${issue.expected})`;
  }
  if (issue.code === 'invalid_union') {
    // zod says only "Invalid input"; the alternatives tell the operator what to write.
    const options = issue.errors.map((errors) => errors.map((inner) => inner.message).join(', '));
    return options.length > 0 ? `matches none of: ${options.join('; ')}` : issue.message;
  }
  return issue.message;
}
