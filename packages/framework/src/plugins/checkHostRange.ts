/**
 * The host version check: a plugin states the framework versions it was built for in
 * `peerDependencies["@moex-bot/framework"]`, the field npm itself understands.
 * @module
 */
import semver from 'semver';
import type { Problem } from '../errors.js';
import { type PackageJson, stringMap } from './packageJson.js';
import { packagePath, pluginProblem } from './problem.js';

/** The npm name of the host framework, also the package name of built-in plugins. */
export const FRAMEWORK_PACKAGE = '@moex-bot/framework';

/** The declared range, or the problem that stops the plugin from loading. */
export type HostRangeResult =
  | { readonly ok: true; readonly range: string }
  | { readonly ok: false; readonly problem: Problem };

/**
 * Checks that a plugin declares a host range and that `hostVersion` satisfies it.
 * Prereleases count as in range (`0.2.0-rc.1` satisfies `>=0.1.0`), so that a release
 * candidate of the framework can run the plugins its final release will run.
 * @example
 * checkHostRange('moex-bot-risk-x', { peerDependencies: { '@moex-bot/framework': '^0.1.0' } }, '0.1.3');
 * // { ok: true, range: '^0.1.0' }
 */
export function checkHostRange(
  packageName: string,
  json: PackageJson,
  hostVersion: string,
): HostRangeResult {
  const field = packagePath(packageName, `package.json#peerDependencies["${FRAMEWORK_PACKAGE}"]`);
  const range = stringMap(json, 'peerDependencies')[FRAMEWORK_PACKAGE];
  if (range === undefined || range.trim() === '') {
    return {
      ok: false,
      problem: pluginProblem(
        'PLUGIN_HOST_RANGE_MISSING',
        field,
        `found no peer range for ${FRAMEWORK_PACKAGE}, expected one such as "^${semver.major(hostVersion)}.${semver.minor(hostVersion)}.0"`,
      ),
    };
  }
  if (semver.validRange(range) === null) {
    return {
      ok: false,
      problem: pluginProblem(
        'PLUGIN_HOST_INCOMPATIBLE',
        field,
        `found "${range}", which is not a semver range; this host is ${FRAMEWORK_PACKAGE}@${hostVersion}`,
      ),
    };
  }
  if (!semver.satisfies(hostVersion, range, { includePrerelease: true })) {
    return {
      ok: false,
      problem: pluginProblem(
        'PLUGIN_HOST_INCOMPATIBLE',
        field,
        `the plugin requires ${FRAMEWORK_PACKAGE}@${range}, but ${hostVersion} is running`,
      ),
    };
  }
  return { ok: true, range };
}
