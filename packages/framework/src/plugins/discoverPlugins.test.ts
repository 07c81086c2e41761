import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { frameworkVersion } from '../version.js';
import { discoverPlugins } from './discoverPlugins.js';

let tmp: string;
beforeEach(async () => {
  // realpath: on macOS the temp folder is behind a symlink, and discovery reports real paths.
  tmp = await realpath(await mkdtemp(path.join(os.tmpdir(), 'moex-bot-discover-')));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Writes a package folder: package.json plus the given files. */
async function writePackage(dir: string, json: unknown, files: Record<string, string> = {}) {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(json, null, 2));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
}

/** A valid plugin package.json, with fields replaced (or removed when undefined). */
function pluginJson(name: string, kind: string, id: string, overrides: object = {}) {
  return {
    name,
    version: '1.2.3',
    type: 'module',
    exports: { '.': './index.js' },
    peerDependencies: { '@moex-bot/framework': `^${frameworkVersion}` },
    moexBot: { manifestVersion: 1, kind, id },
    ...overrides,
  };
}

const entry = { 'index.js': 'export default {};\n' };

/** An operator project depending on `packages` (by their `name`), each installed in its node_modules. */
async function projectWith(
  ...packages: Array<{ readonly name: string; readonly [field: string]: unknown }>
): Promise<string> {
  const project = path.join(tmp, 'bot');
  const dependencies = Object.fromEntries(packages.map(({ name }) => [name, '*']));
  await writePackage(project, { name: 'bot', private: true, dependencies });
  for (const json of packages) {
    await writePackage(path.join(project, 'node_modules', json.name), json, entry);
  }
  return project;
}

/** A valid plugin package in folder `dir` below the temp folder. */
async function pluginAt(dir: string, name: string, kind: string, id: string) {
  await writePackage(path.join(tmp, dir), pluginJson(name, kind, id), entry);
}

describe('discoverPlugins', () => {
  it('finds dependencies, hoisted scoped packages and workspace members, each once', async () => {
    const ws = tmp;
    await writePackage(ws, { name: 'ws', private: true, workspaces: ['apps/*', 'plugins/*'] });
    const bot = path.join(ws, 'apps', 'bot');
    await writePackage(bot, {
      name: 'bot',
      dependencies: { 'moex-bot-strategy-alpha': '^1', 'left-pad': '^1', 'not-installed': '^1' },
      devDependencies: { '@acme/moex-bot-risk-beta': '^1' },
      optionalDependencies: { 'moex-bot-alert-gamma': '*' },
    });
    await writePackage(
      path.join(bot, 'node_modules', 'moex-bot-strategy-alpha'),
      pluginJson('moex-bot-strategy-alpha', 'strategy', 'alpha', {
        moexBot: { manifestVersion: 1, kind: 'strategy', id: 'alpha', description: 'First' },
      }),
      entry,
    );
    await writePackage(path.join(bot, 'node_modules', 'left-pad'), { name: 'left-pad' });
    // Hoisted to the workspace root, as npm does.
    await writePackage(
      path.join(ws, 'node_modules', '@acme', 'moex-bot-risk-beta'),
      pluginJson('@acme/moex-bot-risk-beta', 'risk', 'beta', {
        exports: { import: './lib/main.js' },
      }),
      { 'lib/main.js': 'export default {};\n' },
    );
    // A workspace member, also linked into node_modules as npm workspaces do: found twice, kept once.
    const gamma = path.join(ws, 'plugins', 'alert-gamma');
    await pluginAt('plugins/alert-gamma', 'moex-bot-alert-gamma', 'alert', 'gamma');
    await symlink(gamma, path.join(ws, 'node_modules', 'moex-bot-alert-gamma'), 'dir');

    const { plugins, problems } = await discoverPlugins(bot);

    expect(problems).toEqual([]);
    expect(plugins).toEqual([
      {
        packageName: 'moex-bot-strategy-alpha',
        version: '1.2.3',
        dir: path.join(bot, 'node_modules', 'moex-bot-strategy-alpha'),
        kind: 'strategy',
        id: 'alpha',
        description: 'First',
        entry: path.join(bot, 'node_modules', 'moex-bot-strategy-alpha', 'index.js'),
        hostRange: `^${frameworkVersion}`,
      },
      expect.objectContaining({
        packageName: '@acme/moex-bot-risk-beta',
        kind: 'risk',
        id: 'beta',
        entry: path.join(ws, 'node_modules', '@acme', 'moex-bot-risk-beta', 'lib', 'main.js'),
      }),
      expect.objectContaining({ packageName: 'moex-bot-alert-gamma', dir: gamma, kind: 'alert' }),
    ]);
  });

  it('scans the workspace when the project has no package.json of its own', async () => {
    await writePackage(tmp, { name: 'ws', workspaces: ['plugins/*', 'tools/cli'] });
    await pluginAt('plugins/a', 'moex-bot-broker-a', 'broker', 'aa');
    await pluginAt('tools/cli', 'moex-bot-risk-c', 'risk', 'cc');
    await mkdir(path.join(tmp, 'scratch'));

    const { plugins, problems } = await discoverPlugins(path.join(tmp, 'scratch'));

    expect(problems).toEqual([]);
    expect(plugins.map((plugin) => `${plugin.kind}:${plugin.id}`)).toEqual([
      'broker:aa',
      'risk:cc',
    ]);
  });

  it('finds nothing, and no problem, outside any project', async () => {
    expect(await discoverPlugins(tmp)).toEqual({ plugins: [], problems: [] });
  });

  const host = '@moex-bot/framework';
  it.each([
    [
      'missing kind',
      { moexBot: { manifestVersion: 1, id: 'foo' } },
      'PLUGIN_KIND_MISSING',
      'package.json#moexBot.kind',
      'found no "kind", expected one of',
    ],
    [
      'unknown kind',
      { moexBot: { manifestVersion: 1, kind: 'oracle', id: 'foo' } },
      'PLUGIN_KIND_UNKNOWN',
      'package.json#moexBot.kind',
      'found string "oracle"',
    ],
    [
      'bad id',
      { moexBot: { manifestVersion: 1, kind: 'strategy', id: 'Foo Bar' } },
      'PLUGIN_ID_INVALID',
      'package.json#moexBot.id',
      'found string "Foo Bar", expected a kebab-case id',
    ],
    [
      'manifest version',
      { moexBot: { manifestVersion: 2, kind: 'strategy', id: 'foo' } },
      'PLUGIN_MANIFEST_VERSION_UNSUPPORTED',
      'package.json#moexBot.manifestVersion',
      'found number 2, expected 1',
    ],
    [
      'missing host range',
      { peerDependencies: { zod: '*' } },
      'PLUGIN_HOST_RANGE_MISSING',
      `package.json#peerDependencies["${host}"]`,
      `found no peer range for ${host}`,
    ],
    [
      'incompatible host',
      { peerDependencies: { [host]: '>=99.0.0' } },
      'PLUGIN_HOST_INCOMPATIBLE',
      `package.json#peerDependencies["${host}"]`,
      `requires ${host}@>=99.0.0, but ${frameworkVersion} is running`,
    ],
    [
      'missing entry file',
      { exports: { '.': { import: './dist/index.js' } } },
      'PLUGIN_ENTRY_NOT_FOUND',
      'package.json#exports',
      'found "./dist/index.js", but that file does not exist',
    ],
    [
      'no entry field',
      { exports: undefined },
      'PLUGIN_ENTRY_NOT_FOUND',
      'package.json#exports',
      'found neither "exports" nor "main"',
    ],
  ])(
    'reports %s with its own code, naming package and field',
    async (_case, overrides, code, field, message) => {
      const name = 'moex-bot-strategy-foo';
      const project = await projectWith(pluginJson(name, 'strategy', 'foo', overrides));

      const { plugins, problems } = await discoverPlugins(project);

      expect(plugins).toEqual([]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({
        code: `MOEXBOT_ERR_${code}`,
        path: `${name} (${field})`,
      });
      expect(problems[0]!.message).toContain(message);
    },
  );

  it('collects every problem of one package, and of every package, in one call', async () => {
    const project = await projectWith(
      { name: 'moex-bot-risk-wreck', moexBot: { manifestVersion: 9, kind: 'riskk', id: '!' } },
      pluginJson('moex-bot-alert-fine', 'alert', 'fine'),
      pluginJson('moex-bot-broker-old', 'broker', 'old', {
        peerDependencies: { [host]: '^0.0.1' },
      }),
    );

    const { plugins, problems } = await discoverPlugins(project);

    expect(plugins.map((plugin) => plugin.id)).toEqual(['fine']);
    expect(problems.map((problem) => [problem.code, problem.path])).toEqual([
      [
        'MOEXBOT_ERR_PLUGIN_MANIFEST_VERSION_UNSUPPORTED',
        'moex-bot-risk-wreck (package.json#moexBot.manifestVersion)',
      ],
      ['MOEXBOT_ERR_PLUGIN_KIND_UNKNOWN', 'moex-bot-risk-wreck (package.json#moexBot.kind)'],
      ['MOEXBOT_ERR_PLUGIN_ID_INVALID', 'moex-bot-risk-wreck (package.json#moexBot.id)'],
      [
        'MOEXBOT_ERR_PLUGIN_HOST_RANGE_MISSING',
        `moex-bot-risk-wreck (package.json#peerDependencies["${host}"])`,
      ],
      ['MOEXBOT_ERR_PLUGIN_ENTRY_NOT_FOUND', 'moex-bot-risk-wreck (package.json#exports)'],
      [
        'MOEXBOT_ERR_PLUGIN_HOST_INCOMPATIBLE',
        `moex-bot-broker-old (package.json#peerDependencies["${host}"])`,
      ],
    ]);
  });

  it('reports a package.json that is not JSON', async () => {
    const project = await projectWith();
    await writePackage(project, { name: 'bot', dependencies: { 'moex-bot-risk-torn': '1' } });
    const dir = path.join(project, 'node_modules', 'moex-bot-risk-torn');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'package.json'), '{ "name": "moex-bot-risk-torn", ');

    const { problems } = await discoverPlugins(project);

    expect(problems).toEqual([
      {
        code: 'MOEXBOT_ERR_PLUGIN_PACKAGE_UNREADABLE',
        path: 'moex-bot-risk-torn (package.json)',
        message: expect.stringMatching(/^could not read .*package\.json: it is not valid JSON/),
      },
    ]);
  });

  it('reports the project package.json when it is broken, and still scans the workspace', async () => {
    await writePackage(tmp, { name: 'ws', workspaces: ['plugins/*'] });
    await pluginAt('plugins/x', 'moex-bot-risk-x', 'risk', 'xx');
    await mkdir(path.join(tmp, 'bot'));
    await writeFile(path.join(tmp, 'bot', 'package.json'), '[1, 2]');

    const { plugins, problems } = await discoverPlugins(path.join(tmp, 'bot'));

    expect(plugins.map((plugin) => plugin.id)).toEqual(['xx']);
    expect(problems).toMatchObject([
      {
        code: 'MOEXBOT_ERR_PLUGIN_PACKAGE_UNREADABLE',
        message: expect.stringContaining('not an object'),
      },
    ]);
  });

  it('keeps the first of two packages with the same kind and id and reports the second', async () => {
    const project = await projectWith(
      pluginJson('moex-bot-strategy-one', 'strategy', 'same'),
      pluginJson('@other/moex-bot-strategy-same', 'strategy', 'same'),
    );

    const { plugins, problems } = await discoverPlugins(project);

    expect(plugins.map((plugin) => plugin.packageName)).toEqual(['moex-bot-strategy-one']);
    expect(problems).toEqual([
      {
        code: 'MOEXBOT_ERR_PLUGIN_DUPLICATE_ID',
        path: '@other/moex-bot-strategy-same (package.json#moexBot.id)',
        message: expect.stringContaining('strategy:same is also provided by moex-bot-strategy-one'),
      },
    ]);
  });
});
