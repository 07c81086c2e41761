/**
 * Helpers for end-to-end CLI tests: run the built `moex-bot` executable, and lay out
 * an operator project in a temporary folder with the framework installed in it.
 * @module
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The framework package folder (holding dist/ after `npm run build`). */
export const FRAMEWORK = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = path.join(FRAMEWORK, 'dist/cli/bin.js');

/** Runs `moex-bot args` in `cwd`; resolves with the exit code and both streams. */
export async function runCli(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/**
 * Creates a temporary operator project from `files` (path → content) with
 * `@moex-bot/framework` linked into its node_modules, as npm would install it.
 */
export async function makeProject(prefix: string, files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), prefix));
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  await mkdir(path.join(root, 'node_modules/@moex-bot'), { recursive: true });
  await symlink(FRAMEWORK, path.join(root, 'node_modules/@moex-bot/framework'), 'dir');
  return root;
}

/** The `package.json` of an installed plugin package, as a plugin author publishes it. */
export function pluginPackageJson(plugin: {
  name: string;
  kind: string;
  id: string;
  version?: string;
  description?: string;
}): string {
  return JSON.stringify({
    name: plugin.name,
    version: plugin.version ?? '1.0.0',
    type: 'module',
    exports: { '.': './index.js', './package.json': './package.json' },
    peerDependencies: { '@moex-bot/framework': '^0.1.0' },
    moexBot: {
      manifestVersion: 1,
      kind: plugin.kind,
      id: plugin.id,
      ...(plugin.description === undefined ? {} : { description: plugin.description }),
    },
  });
}
