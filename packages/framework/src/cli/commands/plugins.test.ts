import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { frameworkVersion } from '../../version.js';
import { main } from '../main.js';
import { registerPlugins } from './plugins.js';

let project: string;
beforeEach(async () => {
  project = await realpath(await mkdtemp(path.join(os.tmpdir(), 'moex-bot-cli-plugins-')));
  process.exitCode = undefined;
});
afterEach(async () => {
  vi.restoreAllMocks();
  // The command sets process.exitCode; left at 2 it would fail the test run itself.
  process.exitCode = undefined;
  await rm(project, { recursive: true, force: true });
});

/** Installs plugin packages whose default export is branded by hand. */
async function install(plugins: Array<{ name: string; moexBot: object }>) {
  const dependencies = Object.fromEntries(plugins.map((plugin) => [plugin.name, '*']));
  await writeFile(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'bot', dependencies }),
  );
  for (const { name, moexBot } of plugins) {
    const dir = path.join(project, 'node_modules', name);
    await mkdir(dir, { recursive: true });
    const json = {
      name,
      version: '0.3.0',
      type: 'module',
      exports: './index.js',
      peerDependencies: { '@moex-bot/framework': `^${frameworkVersion}` },
      moexBot,
    };
    await writeFile(path.join(dir, 'package.json'), JSON.stringify(json));
    const { kind, id } = moexBot as { kind: string; id: string };
    await writeFile(
      path.join(dir, 'index.js'),
      `export default { $$type: 'moex-bot.plugin', contractVersion: 1, kind: '${kind}', id: '${id}',
  params: { safeParse: (v) => ({ success: true, data: v }) }, create: () => ({}) };\n`,
    );
  }
}

const good = {
  name: '@acme/moex-bot-strategy-momentum',
  moexBot: { manifestVersion: 1, kind: 'strategy', id: 'momentum', description: 'Buys strength' },
};
const kindless = { name: 'moex-bot-risk-foo', moexBot: { manifestVersion: 1, id: 'foo' } };

/** Runs the CLI in-process and captures what it writes. */
async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const code = await main(argv);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

describe('moex-bot plugins', () => {
  it('prints an aligned table of installed and built-in plugins and exits 0', async () => {
    await install([good]);

    const { code, stdout, stderr } = await run(['plugins', '--dir', project]);

    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^KIND +ID +PACKAGE +SOURCE +DESCRIPTION$/);
    expect(lines[1]).toMatch(
      /^strategy +momentum +@acme\/moex-bot-strategy-momentum@0\.3\.0 +installed +Buys strength$/,
    );
    expect(lines[2]).toMatch(/^broker +simulated +@moex-bot\/framework@\S+ +builtin +\S/);
    // Aligned: every column starts at the same offset on each line.
    for (const header of ['ID', 'PACKAGE', 'SOURCE']) {
      const column = lines[0]!.indexOf(header);
      expect(lines.slice(1).every((line) => line[column - 1] === ' ' && line[column] !== ' ')).toBe(
        true,
      );
    }
  });

  it('lists the problems after the table, one line each, and exits 2', async () => {
    await install([good, kindless]);

    const { code, stdout, stderr } = await run(['plugins', '--dir', project]);

    expect(code).toBe(2);
    expect(stdout).toContain('momentum');
    expect(stderr).toContain(
      'error MOEXBOT_ERR_PLUGIN_KIND_MISSING: moex-bot-risk-foo (package.json#moexBot.kind): ' +
        'found no "kind", expected one of strategy, risk, alert, broker\n',
    );
    expect(stderr).toContain('1 plugin problem;');
  });

  it('prints one JSON object with --json', async () => {
    await install([good, kindless]);

    const { code, stdout } = await run(['plugins', '--dir', project, '--json']);

    expect(code).toBe(2);
    const output = JSON.parse(stdout);
    expect(output.plugins).toEqual([
      {
        kind: 'strategy',
        id: 'momentum',
        packageName: '@acme/moex-bot-strategy-momentum',
        version: '0.3.0',
        builtin: false,
        description: 'Buys strength',
      },
      expect.objectContaining({ kind: 'broker', id: 'simulated', builtin: true }),
    ]);
    expect(output.problems).toEqual([
      {
        code: 'MOEXBOT_ERR_PLUGIN_KIND_MISSING',
        path: 'moex-bot-risk-foo (package.json#moexBot.kind)',
        message: expect.stringContaining('found no "kind"'),
      },
    ]);
  });

  it('lists only the built-ins for a folder that is no project', async () => {
    const { code, stdout } = await run(['plugins', '--dir', project]);
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n').slice(1)).toEqual([
      expect.stringMatching(/^broker +simulated /),
    ]);
  });

  it('says so when there is no plugin at all', async () => {
    const program = new Command('moex-bot').exitOverride();
    registerPlugins(program, { builtins: [] });
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);

    await program.parseAsync(['plugins', '--dir', project], { from: 'user' });

    expect(write).toHaveBeenCalledWith(`No plugins found for ${project}\n`);
  });

  it('refuses a --dir that is not a folder with a usage error', async () => {
    const { code, stdout, stderr } = await run(['plugins', '--dir', path.join(project, 'nope')]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `error MOEXBOT_ERR_CLI_USAGE: --dir ${path.join(project, 'nope')} is not a folder\n`,
    );
  });

  it('describes itself in --help', async () => {
    const { code, stdout } = await run(['plugins', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: moex-bot plugins [options]');
    expect(stdout).toContain('--dir <projectDir>');
    expect(stdout).toContain('--json');
    expect(stdout).toContain('Exit status is 0');
  });

  it('runs from the built executable, with exit status 2 on problems', async () => {
    await install([good, kindless]);
    const bin = fileURLToPath(new URL('../../../dist/cli/bin.js', import.meta.url));

    const result = await promisify(execFile)(process.execPath, [bin, 'plugins', '--json'], {
      cwd: project,
    }).catch((error: { code: number; stdout: string }) => error);

    expect(result).toMatchObject({ code: 2 });
    expect(JSON.parse(result.stdout).problems).toHaveLength(1);
  });
});
