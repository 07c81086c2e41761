import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { frameworkVersion } from '../version.js';
import { checkPlugins } from './checkPlugins.js';
import { inspectConfig } from './loadConfig.js';
import { redactSecrets } from './secrets.js';

const distIndex = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
beforeAll(() => {
  if (!existsSync(distIndex))
    throw new Error(`${distIndex} is missing: run \`npm run build\` first`);
});

/** Plugins made with the built framework, as an installed package would be. */
const PLUGINS = {
  'moex-bot-strategy-demo': {
    kind: 'strategy',
    id: 'demo',
    source: `defineStrategy({
  id: 'demo',
  params: z.object({ fast: z.number().int().positive().default(5) }),
  create: () => ({ onBar: () => [] }),
})`,
  },
  'moex-bot-alert-pager': {
    kind: 'alert',
    id: 'pager',
    source: `defineAlert({
  id: 'pager',
  params: z.object({ routingKey: secret('Events API key'), team: z.string().optional() }),
  create: () => ({ send: async () => {} }),
})`,
  },
};

/** An operator project: the config, package.json and the installed plugin packages. */
async function project(yaml: string): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'moex-bot-check-')));
  const dependencies = Object.fromEntries(Object.keys(PLUGINS).map((name) => [name, '*']));
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'bot', dependencies }));
  await writeFile(path.join(dir, 'moex-bot.yaml'), yaml);
  for (const [name, { kind, id, source }] of Object.entries(PLUGINS)) {
    const pkg = path.join(dir, 'node_modules', name);
    await mkdir(pkg, { recursive: true });
    await writeFile(
      path.join(pkg, 'package.json'),
      JSON.stringify({
        name,
        version: '1.2.3',
        type: 'module',
        exports: './index.js',
        peerDependencies: { '@moex-bot/framework': `>=${frameworkVersion}` },
        moexBot: { manifestVersion: 1, kind, id },
      }),
    );
    const framework = pathToFileURL(distIndex).href;
    await writeFile(
      path.join(pkg, 'index.js'),
      `import { defineAlert, defineStrategy, secret, z } from '${framework}';\nexport default ${source};\n`,
    );
  }
  return path.join(dir, 'moex-bot.yaml');
}

async function check(yaml: string, env: NodeJS.ProcessEnv = {}) {
  const inspection = await inspectConfig(await project(yaml), { env });
  const { dir, source } = inspection;
  return checkPlugins({ dir, config: inspection.config ?? inspection.value, source });
}

describe('checkPlugins', () => {
  it('resolves every plugin the config names and registers declared secrets', async () => {
    const { plugins, problems } = await check(
      `instruments: [{ ticker: SBER, lot: 10, minPriceIncrement: 0.01 }]
strategies:
  - plugin: demo
    instruments: [SBER]
    params: { fast: 3 }
alerts:
  - plugin: pager
    params:
      routingKey: \${PAGER_ROUTING}
`,
      { PAGER_ROUTING: 'r.pager-routing-1' },
    );
    expect(problems).toEqual([]);
    expect(plugins.map((p) => [`${p.plugin.kind}:${p.plugin.id}`, p.path, p.params])).toEqual([
      ['strategy:demo', 'strategies[0]', { fast: 3 }],
      ['broker:simulated', 'broker', expect.objectContaining({ commission: 'trader' })],
      ['alert:pager', 'alerts[0]', { routingKey: 'r.pager-routing-1' }],
    ]);
    // `routingKey` is no secret by name; the plugin's secret() made it one.
    expect(redactSecrets('key r.pager-routing-1')).toBe('key [REDACTED]');
  });

  it('reports unknown plugins, bad params and literal secret() params with lines', async () => {
    const { problems } =
      await check(`instruments: [{ ticker: SBER, lot: 10, minPriceIncrement: 0.01 }]
strategies:
  - plugin: demo
    instruments: [SBER]
    params:
      fast: ten
  - plugin: retired
    enabled: false
    instruments: [SBER]
risk:
  plugins:
    - plugin: nope
alerts:
  - plugin: pager
    params:
      routingKey: r.literal-routing-2
`);
    expect(problems.map((p) => `${p.path}: ${p.message} [${p.code}]`)).toEqual([
      expect.stringMatching(
        /^alerts\[0\]\.params\.routingKey: alert:pager declares this parameter a secret, but it is written literally.*\(line 16:7\) \[MOEXBOT_ERR_CONFIG_SECRET_LITERAL\]$/,
      ),
      expect.stringMatching(
        /^strategies\[0\]\.params\.fast: strategy:demo: .*expected number.*\(line 6:7\) \[MOEXBOT_ERR_PLUGIN_PARAMS_INVALID\]$/,
      ),
      expect.stringMatching(
        /^risk\.plugins\[0\]\.plugin: no risk plugin "nope" is installed.*\(line 12:7\) \[MOEXBOT_ERR_PLUGIN_NOT_FOUND\]$/,
      ),
    ]);
    expect(JSON.stringify(problems)).not.toContain('r.literal-routing-2');
  });

  it('checks the plugins of a config that also has schema problems', async () => {
    const { problems } = await check(`instruments: []
strategies:
  - plugin: demo
    params: { fast: -1 }
`);
    expect(problems.map((p) => p.path)).toEqual(['strategies[0].params.fast']);
  });
});
