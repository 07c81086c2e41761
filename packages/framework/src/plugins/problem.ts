/**
 * Small helpers shared by plugin discovery and loading: building a coded
 * {@link Problem}, naming "which package, which field", and describing a found value.
 * @module
 */
import { type ErrorName, errorCode, type Problem } from '../errors.js';

/** Builds a problem carrying its own catalogue code. */
export function pluginProblem(name: ErrorName, path: string, message: string): Problem {
  return { code: errorCode(name), path, message };
}

/**
 * The path of a problem in a package: `moex-bot-strategy-foo (package.json#moexBot.kind)`.
 * The package name comes first because an operator knows packages, not folders.
 */
export function packagePath(packageName: string, field: string): string {
  return `${packageName} (${field})`;
}

/**
 * Describes a value for a "found X, expected Y" message. Long values are cut so that one
 * broken manifest cannot flood the terminal.
 */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `${typeof value} ${shown}`;
}

/** The message of an unknown thrown value, without its stack. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
