// biome-ignore-all lint/suspicious/noTemplateCurlyInString: this file is about ${...} reference syntax
/**
 * `${...}` references inside one string: `${VAR}`, `${VAR:-default}`, `${file:path}`,
 * with `$${` for a literal `${`. Parsing is separate from resolving so that the secret
 * rule can look at what was written before anything is substituted.
 * @module
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { ErrorName } from '../errors.js';

/** A piece of a string: literal text or one reference. */
export type StringPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'env'; readonly name: string; readonly fallback?: string }
  | { readonly kind: 'file'; readonly path: string };

/** A reference that could not be parsed or resolved. */
export interface ReferenceProblem {
  readonly code: ErrorName;
  readonly message: string;
}

/** What `${...}` references are resolved against. */
export interface ReferenceContext {
  /** Environment variables merged with `.env` (the environment wins). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Folder that `${file:relative}` paths start from: the config file's folder. */
  readonly dir: string;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Splits a string into literal text and references.
 * @example
 * parseReferences('Bearer ${TOKEN}');
 * // { parts: [{ kind: 'text', text: 'Bearer ' }, { kind: 'env', name: 'TOKEN' }], problems: [] }
 */
export function parseReferences(input: string): {
  parts: StringPart[];
  problems: ReferenceProblem[];
} {
  const parts: StringPart[] = [];
  const problems: ReferenceProblem[] = [];
  let text = '';
  let i = 0;
  while (i < input.length) {
    if (input.startsWith('$${', i)) {
      text += '${';
      i += 3;
      continue;
    }
    if (!input.startsWith('${', i)) {
      text += input[i];
      i += 1;
      continue;
    }
    const close = input.indexOf('}', i + 2);
    if (close === -1) {
      problems.push(
        invalid('unterminated `${` reference: add the closing }, or write $${ for a literal ${'),
      );
      text += input.slice(i);
      break;
    }
    const body = input.slice(i + 2, close);
    const part = parseBody(body);
    if ('message' in part) problems.push(part);
    else {
      if (text !== '') parts.push({ kind: 'text', text });
      text = '';
      parts.push(part);
    }
    i = close + 1;
  }
  if (text !== '') parts.push({ kind: 'text', text });
  return { parts, problems };
}

function parseBody(body: string): StringPart | ReferenceProblem {
  if (body.startsWith('file:')) {
    const path = body.slice('file:'.length).trim();
    return path === ''
      ? invalid('`${file:}` needs a path: ${file:secrets/token}')
      : { kind: 'file', path };
  }
  const split = body.indexOf(':-');
  const name = split === -1 ? body : body.slice(0, split);
  if (!ENV_NAME.test(name)) {
    // The name is not echoed: under a secret key it may be the secret itself.
    return invalid(
      'a reference must be ${NAME}, ${NAME:-default} or ${file:path} with NAME made of letters, digits and _; write $${ for a literal ${',
    );
  }
  return split === -1
    ? { kind: 'env', name }
    : { kind: 'env', name, fallback: body.slice(split + 2) };
}

function invalid(message: string): ReferenceProblem {
  return { code: 'CONFIG_REFERENCE_INVALID', message };
}

/** True when the parts are exactly one reference: the string is wholly `${...}`. */
export function isSingleReference(parts: readonly StringPart[]): boolean {
  return parts.length === 1 && parts[0]?.kind !== 'text';
}

/** The value of one reference, or why there is none. */
export function resolveReference(
  part: Exclude<StringPart, { kind: 'text' }>,
  context: ReferenceContext,
): { value: string } | ReferenceProblem {
  if (part.kind === 'file') {
    const file = isAbsolute(part.path) ? part.path : resolve(context.dir, part.path);
    try {
      // One trailing line break is how editors and `echo > file` end a one-line secret.
      return { value: readFileSync(file, 'utf8').replace(/\r?\n$/, '') };
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      return {
        code: 'CONFIG_SECRET_FILE_UNREADABLE',
        message: `cannot read ${file} (${reason}) named by \${file:${part.path}}`,
      };
    }
  }
  const value = context.env[part.name];
  // Shell semantics: `:-` also replaces a variable that is set but empty.
  if (value !== undefined && (value !== '' || part.fallback === undefined)) return { value };
  if (part.fallback !== undefined) return { value: part.fallback };
  return {
    code: 'CONFIG_ENV_MISSING',
    message: `environment variable ${part.name} is not set (nor in .env beside the config); set it or write \${${part.name}:-default}`,
  };
}
