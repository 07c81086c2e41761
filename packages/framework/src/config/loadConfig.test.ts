// biome-ignore-all lint/suspicious/noTemplateCurlyInString: this file is about ${...} reference syntax
import { mkdtemp, realpath, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMoexBotError, type MoexBotError } from '../errors.js';
import { inspectConfig, loadConfig, resolveFromConfig } from './loadConfig.js';

/** Writes files into a fresh temp folder; returns the path of `moex-bot.yaml` in it. */
async function project(yaml: string, files: Record<string, string> = {}): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'moex-bot-config-')));
  for (const [name, content] of Object.entries({ 'moex-bot.yaml': yaml, ...files })) {
    await writeFile(path.join(dir, name), content);
  }
  return path.join(dir, 'moex-bot.yaml');
}

async function failure(file: string, env: NodeJS.ProcessEnv = {}): Promise<MoexBotError> {
  const error = await loadConfig(file, { env }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isMoexBotError(error)) throw new Error(`expected a MoexBotError, got ${String(error)}`);
  return error;
}

const VALID = `name: demo
instruments:
  - ticker: SBER
    lot: 10
    minPriceIncrement: 0.01
  - ticker: GAZP
    uid: gazp-uid
    lot: 10
    minPriceIncrement: "0.01"
data:
  bars:
    - instrument: gazp-uid
      file: data/gazp.csv
strategies:
  - plugin: sma-cross
    instruments: [SBER, GAZP]
    params:
      fast: 10
`;

describe('loadConfig', () => {
  it('loads a valid config with defaults applied', async () => {
    const file = await project(VALID);
    const loaded = await loadConfig(file, { env: {} });
    expect(loaded.file).toBe(file);
    expect(loaded.dir).toBe(path.dirname(file));
    expect(loaded.config.instruments.map((i) => [i.uid, i.minPriceIncrement])).toEqual([
      ['SBER', 0.01],
      ['gazp-uid', 0.01],
    ]);
    expect(loaded.config.strategies[0]).toMatchObject({ enabled: true, params: { fast: 10 } });
    expect(loaded.config.broker).toEqual({ plugin: 'simulated', params: {} });
    expect(loaded.config.risk.limits.onExposureBreach).toBe('resize');
    expect(resolveFromConfig(loaded, loaded.config.data.bars[0]!.file)).toBe(
      path.join(loaded.dir, 'data/gazp.csv'),
    );
    expect(resolveFromConfig(loaded, '/abs/out')).toBe('/abs/out');
  });

  it('reports every kind of problem at once, with paths and lines', async () => {
    const file = await project(`name: demo
stratgies: []
instruments:
  - ticker: SBER
    lot: ten
    minPriceIncrement: 0.01
strategies:
  - plugin: sma-cross
    instruments: [SBER, LKOH]
  - plugin: buy-hold
broker:
  plugin: tinvest
  params:
    accountId: \${TINVEST_ACCOUNT}
`);
    const error = await failure(file);
    expect(error.code).toBe('MOEXBOT_ERR_CONFIG_INVALID');
    const lines = error.problems.map((p) => `${p.path}: ${p.message} [${p.code}]`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^broker\.params\.accountId: environment variable TINVEST_ACCOUNT is not set.* \(line 14:5\) \[MOEXBOT_ERR_CONFIG_ENV_MISSING\]$/,
        ),
        expect.stringMatching(
          /^instruments\[0\]\.lot: .*expected number.* \(line 5:5\) \[MOEXBOT_ERR_CONFIG_INVALID\]$/,
        ),
        expect.stringMatching(
          /^stratgies: unknown key "stratgies"; did you mean "strategies"\? \(line 2:1\)/,
        ),
        expect.stringMatching(
          /^strategies\[1\]\.instruments: is required \(expected array\) \(line 10:5\)/,
        ),
        expect.stringMatching(
          /^strategies\[0\]\.instruments\[1\]: unknown instrument "LKOH".* \(line 9:25\)/,
        ),
      ]),
    );
    expect(error.problems).toHaveLength(5);
  });

  it('reports unknown keys in nested sections and instruments', async () => {
    const file = await project(`${VALID}risk:
  limits:
    maxGrossExposur: 100
instrumentz: []
`);
    const text = (await failure(file)).problems.map((p) => `${p.path}: ${p.message}`);
    expect(text).toEqual([
      'risk.limits.maxGrossExposur: unknown key "maxGrossExposur"; did you mean "maxGrossExposure"? (line 21:5)',
      'instrumentz: unknown key "instrumentz"; did you mean "instruments"? (line 22:1)',
    ]);
    const instrument = await project(
      VALID.replace('    lot: 10\n', '    lot: 10\n    clasCode: SMAL\n'),
    );
    expect((await failure(instrument)).problems[0]).toMatchObject({
      path: 'instruments[0].clasCode',
      message: expect.stringContaining('did you mean "classCode"?'),
    });
  });

  it('supports anchors and merge keys for shared params', async () => {
    const file = await project(`instruments:
  - { ticker: SBER, lot: 10, minPriceIncrement: 0.01 }
strategies:
  - plugin: sma-cross
    name: fast
    instruments: [SBER]
    params: &base { fast: 5, slow: 20 }
  - plugin: sma-cross
    name: slow
    instruments: [SBER]
    params: { <<: *base, fast: 10 }
`);
    const { config } = await loadConfig(file, { env: {} });
    expect(config.strategies.map((s) => s.params)).toEqual([
      { fast: 5, slow: 20 },
      { fast: 10, slow: 20 },
    ]);
  });

  it('reports a __proto__ key instead of letting it change the object', async () => {
    const file = await project(`${VALID}__proto__: { polluted: true }\n`);
    expect((await failure(file)).problems).toEqual([
      expect.objectContaining({
        path: '__proto__',
        message: expect.stringContaining('unknown key'),
      }),
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('keeps the domain check on the price step', async () => {
    const file = await project(
      VALID.replace('minPriceIncrement: 0.01', 'minPriceIncrement: 0.0000000001'),
    );
    expect((await failure(file)).problems[0]).toMatchObject({
      path: 'instruments[0].minPriceIncrement',
    });
  });

  it('refuses a document that is not a mapping', async () => {
    for (const yaml of ['', '# only a comment\n', '- a\n- b\n', 'just text\n']) {
      const error = await failure(await project(yaml));
      expect(error.code).toBe('MOEXBOT_ERR_CONFIG_INVALID');
      expect(error.problems).toEqual([
        expect.objectContaining({ path: '(root)', message: expect.stringContaining('mapping') }),
      ]);
    }
  });

  it('collects every YAML syntax error with file:line:col', async () => {
    const file = await project('name: a\nname: b\nlist: [1, 2\ntoken: "abc123\n');
    const error = await failure(file);
    expect(error.code).toBe('MOEXBOT_ERR_CONFIG_YAML_INVALID');
    expect(error.problems.length).toBeGreaterThanOrEqual(2);
    expect(error.problems[0]).toEqual({ path: `${file}:2:1`, message: 'Map keys must be unique' });
    for (const problem of error.problems) {
      expect(problem.path).toMatch(/:\d+:\d+$/);
      // No source excerpt: a broken line may hold a secret.
      expect(problem.message).not.toContain('abc123');
    }
  });

  it('says when the file is missing', async () => {
    const error = await failure(path.join(os.tmpdir(), 'no-such-dir', 'moex-bot.yaml'));
    expect(error.code).toBe('MOEXBOT_ERR_CONFIG_NOT_FOUND');
    expect(error.message).toContain('ENOENT');
  });

  it('inspects a broken config without throwing, keeping the interpolated value', async () => {
    const file = await project('instruments: []\nstrategies:\n  - plugin: ${PLUGIN}\n');
    const inspection = await inspectConfig(file, { env: { PLUGIN: 'sma-cross' } });
    expect(inspection.config).toBeUndefined();
    expect(inspection.value).toEqual({ instruments: [], strategies: [{ plugin: 'sma-cross' }] });
    expect(inspection.problems.map((p) => p.path)).toEqual([
      'instruments',
      'strategies[0].instruments',
    ]);
    expect(inspection.source.locate(['strategies', 0, 'plugin'])).toEqual({ line: 3, col: 5 });
    expect(inspection.source.isLiteral('strategies[0].plugin')).toBe(false);
    expect(inspection.source.isLiteral(['instruments'])).toBe(false);
  });
});
