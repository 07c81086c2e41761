/**
 * npm workspaces: finding the workspace root above an operator project and expanding its
 * `workspaces` patterns into package folders, so plugins developed in the same repository
 * are found without being published.
 * @module
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isDirectory, isFile } from './fileKinds.js';
import { readPackageJson } from './packageJson.js';

/** An npm workspace root and its `workspaces` patterns. */
export interface Workspace {
  readonly root: string;
  readonly patterns: readonly string[];
}

/**
 * The nearest folder at or above `startDir` whose package.json declares `workspaces`
 * (an array, or Yarn's `{ packages: [...] }`), or undefined outside any workspace.
 */
export async function findWorkspace(startDir: string): Promise<Workspace | undefined> {
  let dir = path.resolve(startDir);
  for (;;) {
    const read = await readPackageJson(dir);
    if (read.status === 'ok') {
      const patterns = workspacePatterns(read.json['workspaces']);
      if (patterns !== undefined) return { root: dir, patterns };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function workspacePatterns(value: unknown): string[] | undefined {
  const list =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as { packages?: unknown }).packages
      : value;
  if (!Array.isArray(list)) return undefined;
  return list.filter((item): item is string => typeof item === 'string');
}

/**
 * The package folders (absolute, sorted) that a workspace's patterns name. Supports exact
 * paths, `*` and `?` inside a path segment, `**` for any depth, and `!pattern` exclusions;
 * like npm, only folders holding a package.json count and `node_modules` is never entered.
 * @example
 * await expandWorkspaces({ root: '/repo', patterns: ['packages/framework', 'packages/plugins/*'] });
 * // ['/repo/packages/framework', '/repo/packages/plugins/sma-cross', ...]
 */
export async function expandWorkspaces(workspace: Workspace): Promise<string[]> {
  const included = new Set<string>();
  const excluded = new Set<string>();
  for (const raw of workspace.patterns) {
    const negated = raw.startsWith('!');
    const segments = (negated ? raw.slice(1) : raw)
      .split(/[\\/]+/)
      .filter((segment) => segment !== '' && segment !== '.');
    for (const dir of await expand(workspace.root, segments)) {
      (negated ? excluded : included).add(dir);
    }
  }
  const dirs: string[] = [];
  for (const dir of included) {
    if (!excluded.has(dir) && (await isFile(path.join(dir, 'package.json')))) dirs.push(dir);
  }
  return dirs.sort();
}

async function expand(base: string, segments: readonly string[]): Promise<string[]> {
  const [segment, ...rest] = segments;
  if (segment === undefined) return [base];
  if (segment === '**') {
    // `**` matches zero folders (continue with the rest here) or one more (keep `**`).
    const deeper = await Promise.all(
      (await subfolders(base)).map((name) => expand(path.join(base, name), segments)),
    );
    return [...(await expand(base, rest)), ...deeper.flat()];
  }
  if (!/[*?]/.test(segment)) return expand(path.join(base, segment), rest);
  const matcher = segmentMatcher(segment);
  const matches = (await subfolders(base)).filter((name) => matcher.test(name));
  const expanded = await Promise.all(matches.map((name) => expand(path.join(base, name), rest)));
  return expanded.flat();
}

function segmentMatcher(segment: string): RegExp {
  const body = segment
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

/** Sub-folders a glob may enter: hidden folders and node_modules are skipped, as npm does. */
async function subfolders(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    const names: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      if (
        entry.isDirectory() ||
        (entry.isSymbolicLink() && (await isDirectory(path.join(dir, entry.name))))
      ) {
        names.push(entry.name);
      }
    }
    return names.sort();
  } catch {
    return [];
  }
}
