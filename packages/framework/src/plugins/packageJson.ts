/**
 * Reading package.json files as data, never as code: discovery must not run a package
 * before its manifest and host range have been checked.
 * @module
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { messageOf } from './problem.js';

/** A parsed package.json: an object whose fields are checked where they are used. */
export type PackageJson = Readonly<Record<string, unknown>>;

/** The outcome of reading one package.json. */
export type PackageJsonRead =
  | { readonly status: 'ok'; readonly json: PackageJson }
  | { readonly status: 'missing' }
  | { readonly status: 'unreadable'; readonly reason: string };

/** Reads `dir/package.json`; a missing file is not an error, a broken one is. */
export async function readPackageJson(dir: string): Promise<PackageJsonRead> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'package.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    return { status: 'unreadable', reason: messageOf(error) };
  }
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      return { status: 'unreadable', reason: 'it is valid JSON but not an object' };
    }
    return { status: 'ok', json: json as PackageJson };
  } catch (error) {
    return { status: 'unreadable', reason: `it is not valid JSON: ${messageOf(error)}` };
  }
}

/** A string field of a package.json, or undefined when absent or of another type. */
export function stringField(json: PackageJson, key: string): string | undefined {
  const value = json[key];
  return typeof value === 'string' ? value : undefined;
}

/** The string-valued entries of an object field such as `dependencies`. */
export function stringMap(json: PackageJson, key: string): Record<string, string> {
  const value = json[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}
