import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineBroker } from '../contracts/define.js';
import { isMoexBotError } from '../errors.js';
import { frameworkVersion } from '../version.js';
import { builtinPlugin } from './loadPlugins.js';
import { PluginRegistry } from './PluginRegistry.js';

const distIndex = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
beforeAll(() => {
  if (!existsSync(distIndex))
    throw new Error(`${distIndex} is missing: run \`npm run build\` first`);
});

let project: string;
beforeEach(async () => {
  project = await realpath(await mkdtemp(path.join(os.tmpdir(), 'moex-bot-load-')));
});
afterEach(async () => {
  await rm(project, { recursive: true, force: true });
});

/** A default export branded by hand, as a plugin built against another copy of the framework. */
function literalPlugin(kind: string, id: string, extra = ''): string {
  return `const params = { safeParse: (value) => ({ success: true, data: value }) };
export default { $$type: 'moex-bot.plugin', contractVersion: 1, kind: '${kind}', id: '${id}', params, create: () => ({})${extra} };
`;
}

/** A plugin made with the real built framework: defineStrategy and z, imported by file URL. */
const realStrategy = `import { defineStrategy, z } from '${pathToFileURL(distIndex).href}';
export default defineStrategy({
  id: 'real',
  description: 'Made with the built framework',
  params: z.object({ fast: z.number().int().positive().default(5) }),
  create: (params) => ({ onBar: () => [], fast: params.fast }),
});
`;

/** Installs plugin packages into the project and lists them as its dependencies. */
async function install(
  plugins: Array<{ name: string; kind: string; id: string; source: string; json?: object }>,
) {
  const dependencies = Object.fromEntries(plugins.map((plugin) => [plugin.name, '*']));
  await writeFile(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'bot', dependencies }),
  );
  for (const { name, kind, id, source, json: overrides } of plugins) {
    const dir = path.join(project, 'node_modules', name);
    await mkdir(dir, { recursive: true });
    const json = {
      name,
      version: '2.0.0',
      type: 'module',
      exports: './index.js',
      peerDependencies: { '@moex-bot/framework': `>=${frameworkVersion}` },
      moexBot: { manifestVersion: 1, kind, id },
      ...overrides,
    };
    await writeFile(path.join(dir, 'package.json'), JSON.stringify(json));
    await writeFile(path.join(dir, 'index.js'), source);
  }
}

const simulated = defineBroker({
  id: 'simulated',
  description: 'Built-in venue',
  params: z.object({}),
  create: () => {
    throw new Error('not used here');
  },
});

describe('PluginRegistry.load', () => {
  it('loads installed plugins, real or hand-branded, beside the built-ins', async () => {
    await install([
      { name: 'moex-bot-strategy-real', kind: 'strategy', id: 'real', source: realStrategy },
      {
        name: '@acme/moex-bot-risk-lit',
        kind: 'risk',
        id: 'lit',
        source: literalPlugin('risk', 'lit'),
      },
    ]);

    const { registry, problems } = await PluginRegistry.load(project, { builtins: [simulated] });

    expect(problems).toEqual([]);
    expect(
      registry.list().map((plugin) => [plugin.kind, plugin.id, plugin.packageName, plugin.builtin]),
    ).toEqual([
      ['strategy', 'real', 'moex-bot-strategy-real', false],
      ['risk', 'lit', '@acme/moex-bot-risk-lit', false],
      ['broker', 'simulated', '@moex-bot/framework', true],
    ]);
    const real = registry.get('strategy', 'real')!;
    expect(real).toMatchObject({ version: '2.0.0', description: 'Made with the built framework' });
    expect(real.definition.params.safeParse({}).data).toEqual({ fast: 5 });
    expect(registry.get('broker', 'simulated')).toMatchObject({
      version: frameworkVersion,
      description: 'Built-in venue',
    });
    expect(registry.get('risk', 'real')).toBeUndefined();
    expect(registry.list('risk').map((plugin) => plugin.id)).toEqual(['lit']);
  });

  it.each([
    [
      'a default export without brand',
      'export default { kind: "risk", id: "bad" };',
      'PLUGIN_BRAND_MISSING',
      'index.js#default',
      'found an object without the $$type "moex-bot.plugin" brand; expected the result of defineRisk(...)',
    ],
    [
      'no default export',
      'export const rule = 1;',
      'PLUGIN_BRAND_MISSING',
      'index.js#default',
      'found nothing',
    ],
    [
      'another contract version',
      literalPlugin('risk', 'bad', ', contractVersion: 2'),
      'PLUGIN_BRAND_MISSING',
      'index.js#default',
      'found contract version number 2, this host supports 1',
    ],
    [
      'a kind mismatch',
      literalPlugin('alert', 'bad'),
      'PLUGIN_KIND_MISMATCH',
      'index.js#default.kind',
      'found kind "alert" (made by defineAlert), but package.json#moexBot.kind is "risk"',
    ],
    [
      'an id mismatch',
      literalPlugin('risk', 'other'),
      'PLUGIN_ID_MISMATCH',
      'index.js#default.id',
      'found id string "other", but package.json#moexBot.id is "bad"',
    ],
    [
      'an entry that throws',
      'throw new Error("T_INVEST_TOKEN is not set");',
      'PLUGIN_IMPORT_FAILED',
      'index.js',
      'importing index.js threw: T_INVEST_TOKEN is not set',
    ],
    [
      'an entry that does not parse',
      'export default {',
      'PLUGIN_IMPORT_FAILED',
      'index.js',
      'importing index.js threw: ',
    ],
  ])(
    'reports %s with its own code, naming package and field',
    async (_case, source, code, field, message) => {
      await install([{ name: 'moex-bot-risk-bad', kind: 'risk', id: 'bad', source }]);

      const { registry, problems } = await PluginRegistry.load(project);

      expect(registry.list()).toEqual([]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({
        code: `MOEXBOT_ERR_${code}`,
        path: `moex-bot-risk-bad (${field})`,
      });
      expect(problems[0]!.message).toContain(message);
      // One line an operator can read: no stack trace of someone else's module.
      expect(problems[0]!.message).not.toContain('\n');
    },
  );

  it('reports every broken plugin of a project in one call and keeps the good ones', async () => {
    await install([
      { name: 'moex-bot-strategy-real', kind: 'strategy', id: 'real', source: realStrategy },
      { name: 'moex-bot-risk-nobrand', kind: 'risk', id: 'nobrand', source: 'export default {};' },
      {
        name: 'moex-bot-alert-mixed',
        kind: 'alert',
        id: 'mixed',
        source: literalPlugin('broker', 'other'),
      },
      {
        name: 'moex-bot-broker-boom',
        kind: 'broker',
        id: 'boom',
        source: 'throw new Error("boom");',
      },
      {
        name: 'moex-bot-broker-twin',
        kind: 'broker',
        id: 'simulated',
        source: literalPlugin('broker', 'simulated'),
      },
      // Never imported: its manifest and host range are broken, so its code must not run.
      {
        name: 'moex-bot-risk-bad',
        kind: 'risk',
        id: 'bad',
        source: 'throw new Error("must not be imported");',
        json: { moexBot: { manifestVersion: 1, id: 'bad' }, peerDependencies: undefined },
      },
    ]);
    const { registry, problems } = await PluginRegistry.load(project, { builtins: [simulated] });

    expect(registry.list().map((plugin) => `${plugin.kind}:${plugin.id}`)).toEqual([
      'strategy:real',
      'broker:simulated',
    ]);
    expect(registry.get('broker', 'simulated')!.builtin).toBe(true);
    expect(problems.map((problem) => `${problem.code} ${problem.path}`)).toEqual([
      'MOEXBOT_ERR_PLUGIN_KIND_MISSING moex-bot-risk-bad (package.json#moexBot.kind)',
      'MOEXBOT_ERR_PLUGIN_HOST_RANGE_MISSING moex-bot-risk-bad (package.json#peerDependencies["@moex-bot/framework"])',
      'MOEXBOT_ERR_PLUGIN_BRAND_MISSING moex-bot-risk-nobrand (index.js#default)',
      'MOEXBOT_ERR_PLUGIN_KIND_MISMATCH moex-bot-alert-mixed (index.js#default.kind)',
      'MOEXBOT_ERR_PLUGIN_ID_MISMATCH moex-bot-alert-mixed (index.js#default.id)',
      'MOEXBOT_ERR_PLUGIN_IMPORT_FAILED moex-bot-broker-boom (index.js)',
      'MOEXBOT_ERR_PLUGIN_DUPLICATE_ID moex-bot-broker-twin (package.json#moexBot.id)',
    ]);
    expect(problems.at(-1)!.message).toContain(
      'broker:simulated is also provided by @moex-bot/framework (built in)',
    );
  });
});

describe('PluginRegistry', () => {
  it('refuses two plugins with the same kind and id', () => {
    try {
      new PluginRegistry([builtinPlugin(simulated), builtinPlugin(simulated)]);
      expect.unreachable();
    } catch (error) {
      expect(isMoexBotError(error) && error.code).toBe('MOEXBOT_ERR_PLUGIN_DUPLICATE_ID');
    }
  });
});
