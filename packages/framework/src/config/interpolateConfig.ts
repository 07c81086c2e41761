/**
 * Resolves every `${...}` reference in the parsed YAML and applies the secret rule on the
 * way: a value under a secret-looking key must be written as references only, and what
 * those references resolve to is registered for redaction.
 * @module
 */
import { type ConfigPath, formatConfigPath } from './configPath.js';
import type { ConfigProblem } from './configProblem.js';
import {
  isSingleReference,
  parseReferences,
  type ReferenceContext,
  resolveReference,
  type StringPart,
} from './interpolate.js';
import { isSecretKey } from './secret.js';
import { registerSecret } from './secrets.js';

/** The config with references resolved, and what was found on the way. */
export interface InterpolatedConfig {
  readonly value: unknown;
  readonly problems: readonly ConfigProblem[];
  /** Printed paths of strings written as exactly one reference, e.g. `lot: ${LOT}`. */
  readonly references: ReadonlySet<string>;
  /** Printed paths of non-empty strings with literal text (not only references). */
  readonly literals: ReadonlySet<string>;
}

/**
 * Walks a plain value (from `doc.toJS()`) and returns a copy with references resolved.
 * A string whose references fail keeps its written text, so the schema does not report
 * the same field a second time with a less useful message.
 * @example
 * interpolateConfig({ broker: { params: { token: '${T}' } } }, { env: { T: 'x' }, dir: '.' });
 */
export function interpolateConfig(raw: unknown, context: ReferenceContext): InterpolatedConfig {
  const problems: ConfigProblem[] = [];
  const references = new Set<string>();
  const literals = new Set<string>();

  const visit = (value: unknown, path: ConfigPath, secretKey: string | undefined): unknown => {
    if (typeof value === 'string') return visitString(value, path, secretKey);
    if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
      // Written in the file, not taken from the environment: `port: 465` may be printed.
      literals.add(formatConfigPath(path));
      if (secretKey !== undefined) {
        registerSecret(String(value));
        problems.push(literalSecret(path, secretKey));
      }
      return value;
    }
    if (Array.isArray(value)) {
      // Items of a sequence under a secret key are secrets too (`tokens` does not match,
      // but `secret: [a, b]` does).
      return value.map((item, index) => visit(item, [...path, index], secretKey));
    }
    if (value !== null && typeof value === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const resolved = visit(item, [...path, key], isSecretKey(key) ? key : undefined);
        // defineProperty, so that a YAML key `__proto__` stays a key (which the schema then
        // reports) instead of replacing the copy's prototype.
        Object.defineProperty(copy, key, {
          value: resolved,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return copy;
    }
    return value;
  };

  const visitString = (text: string, path: ConfigPath, secretKey: string | undefined) => {
    const { parts, problems: syntax } = parseReferences(text);
    const literal = text !== '' && !onlyReferences(parts);
    if (literal) literals.add(formatConfigPath(path));
    if (secretKey !== undefined && literal) {
      registerSecret(text);
      problems.push(literalSecret(path, secretKey));
    }
    if (syntax.length > 0) {
      problems.push(...syntax.map((problem) => ({ path, ...problem })));
      return text;
    }
    let result = '';
    let failed = false;
    for (const part of parts) {
      if (part.kind === 'text') {
        result += part.text;
        continue;
      }
      const resolved = resolveReference(part, context);
      if ('value' in resolved) {
        // A variable named like a secret (TINVEST_TOKEN) is one wherever it is used.
        const secretName = part.kind === 'env' && isSecretKey(part.name);
        if (secretKey !== undefined || secretName) registerSecret(resolved.value);
        result += resolved.value;
      } else {
        failed = true;
        problems.push({ path, ...resolved });
      }
    }
    if (failed) return text;
    if (isSingleReference(parts)) references.add(formatConfigPath(path));
    if (secretKey !== undefined) registerSecret(result);
    return result;
  };

  const value = visit(raw, [], undefined);
  return { value, problems, references, literals };
}

/** A secret may only be made of references, and none of them may carry a literal default. */
function onlyReferences(parts: readonly StringPart[]): boolean {
  return parts.every(
    (part) => part.kind === 'file' || (part.kind === 'env' && (part.fallback ?? '') === ''),
  );
}

function literalSecret(path: ConfigPath, key: string): ConfigProblem {
  const variable = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toUpperCase();
  return {
    path,
    code: 'CONFIG_SECRET_LITERAL',
    // The value itself is never part of the message.
    message: `"${key}" looks like a secret but is written literally; write \${${variable}} and set ${variable} in the environment or .env, or use \${file:path/to/secret}`,
  };
}
