/**
 * Node's lookup of an installed package: `node_modules/<name>` in the project folder,
 * then in each parent, as `import` would find it (hoisted installs and workspaces included).
 * @module
 */
import path from 'node:path';
import { isDirectory } from './fileKinds.js';

/** npm package names, scoped or not; anything else could climb out of node_modules. */
const PACKAGE_NAME = /^(@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/i;

/**
 * The folder of package `name` as seen from `fromDir`, or undefined when it is not installed.
 * The folder may be a symlink (npm workspaces link members into node_modules); callers take
 * its real path.
 * @example
 * await findInstalledPackage('/srv/bot', '@acme/moex-bot-strategy-momentum');
 * // '/srv/bot/node_modules/@acme/moex-bot-strategy-momentum'
 */
export async function findInstalledPackage(
  fromDir: string,
  name: string,
): Promise<string | undefined> {
  if (!PACKAGE_NAME.test(name)) return undefined;
  let dir = path.resolve(fromDir);
  for (;;) {
    // Node never looks for node_modules/node_modules; neither do we.
    if (path.basename(dir) !== 'node_modules') {
      const candidate = path.join(dir, 'node_modules', ...name.split('/'));
      if (await isDirectory(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
