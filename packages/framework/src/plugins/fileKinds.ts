/**
 * File-system predicates that follow symlinks (npm workspaces link packages into
 * `node_modules`) and answer false instead of throwing for anything missing.
 * @module
 */
import { stat } from 'node:fs/promises';

/** True when `target` is (or links to) a regular file. */
export async function isFile(target: string): Promise<boolean> {
  return stat(target).then(
    (info) => info.isFile(),
    () => false,
  );
}

/** True when `target` is (or links to) a folder. */
export async function isDirectory(target: string): Promise<boolean> {
  return stat(target).then(
    (info) => info.isDirectory(),
    () => false,
  );
}
