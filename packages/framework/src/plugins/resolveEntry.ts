/**
 * Finds the file a plugin package exposes as its ESM entry, from `exports["."]` or `main`,
 * without importing anything, so a missing build is reported before any code runs.
 * @module
 */
import path from 'node:path';
import { isFile } from './fileKinds.js';
import type { PackageJson } from './packageJson.js';
import { describeFound } from './problem.js';

/** The entry file, or which package.json field is wrong and why. */
export type EntryResult =
  | { readonly ok: true; readonly entry: string }
  | { readonly ok: false; readonly field: string; readonly message: string };

/** Export conditions the host loads through, best first (it imports; it runs on Node). */
const CONDITIONS = ['import', 'node', 'default'] as const;

/**
 * Resolves the absolute path of a package's entry: `exports` wins over `main` as in Node;
 * inside `exports`, the `import`, then `node`, then `default` condition is taken, nested
 * condition objects and fallback arrays included.
 * @example
 * await resolveEntry('/p/node_modules/moex-bot-risk-x', { exports: { '.': { import: './dist/index.js' } } });
 * // { ok: true, entry: '/p/node_modules/moex-bot-risk-x/dist/index.js' }
 */
export async function resolveEntry(dir: string, json: PackageJson): Promise<EntryResult> {
  const exportsField = json['exports'];
  if (exportsField !== undefined && exportsField !== null) {
    const field = 'package.json#exports';
    const target = pickTarget(rootExport(exportsField));
    if (target === undefined) {
      return {
        ok: false,
        field,
        message: `found no "." export with an ${CONDITIONS.join(', ')} or plain string target, expected e.g. { ".": "./dist/index.js" }`,
      };
    }
    // Node refuses export targets that do not start with "./"; so do we, to agree with `import`.
    if (!target.startsWith('./')) {
      return {
        ok: false,
        field,
        message: `found target "${target}", expected a path starting with "./"`,
      };
    }
    return checkFile(dir, field, target, [target]);
  }
  const main = json['main'];
  if (typeof main === 'string' && main !== '') {
    // Node's legacy `main` lookup also tries the .js extension and an index.js in a folder.
    return checkFile(dir, 'package.json#main', main, [
      main,
      `${main}.js`,
      path.join(main, 'index.js'),
    ]);
  }
  return {
    ok: false,
    field: main === undefined ? 'package.json#exports' : 'package.json#main',
    message:
      main === undefined
        ? 'found neither "exports" nor "main", expected "exports": { ".": "./dist/index.js" }'
        : `found ${describeFound(main)} in "main", expected a relative path such as "./dist/index.js"`,
  };
}

/** The value for subpath "." of an `exports` field (string, array, conditions or subpath map). */
function rootExport(exportsField: unknown): unknown {
  if (typeof exportsField !== 'object' || exportsField === null || Array.isArray(exportsField)) {
    return exportsField;
  }
  const map = exportsField as Record<string, unknown>;
  const isSubpathMap = Object.keys(map).some((key) => key.startsWith('.'));
  return isSubpathMap ? map['.'] : map;
}

function pickTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const target = pickTarget(item);
      if (target !== undefined) return target;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const conditions = value as Record<string, unknown>;
  for (const condition of CONDITIONS) {
    if (condition in conditions) {
      const target = pickTarget(conditions[condition]);
      if (target !== undefined) return target;
    }
  }
  return undefined;
}

async function checkFile(
  dir: string,
  field: string,
  declared: string,
  candidates: readonly string[],
): Promise<EntryResult> {
  for (const candidate of candidates) {
    const entry = path.resolve(dir, candidate);
    const relative = path.relative(dir, entry);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      return { ok: false, field, message: `found "${declared}", which points outside the package` };
    }
    if (await isFile(entry)) return { ok: true, entry };
  }
  return {
    ok: false,
    field,
    message: `found "${declared}", but that file does not exist; expected a built ESM file (was the plugin built?)`,
  };
}
