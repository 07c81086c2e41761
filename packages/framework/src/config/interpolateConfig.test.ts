// biome-ignore-all lint/suspicious/noTemplateCurlyInString: this file is about ${...} reference syntax
import { mkdir, mkdtemp, realpath, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMoexBotError, type MoexBotError } from '../errors.js';
import { interpolateConfig } from './interpolateConfig.js';
import { loadConfig } from './loadConfig.js';
import { knownSecrets, redactSecrets } from './secrets.js';

async function project(yaml: string, files: Record<string, string> = {}): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'moex-bot-interp-')));
  for (const [name, content] of Object.entries({ 'moex-bot.yaml': yaml, ...files })) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return path.join(dir, 'moex-bot.yaml');
}

async function failure(file: string, env: NodeJS.ProcessEnv = {}): Promise<MoexBotError> {
  const error = await loadConfig(file, { env }).catch((thrown: unknown) => thrown);
  if (!isMoexBotError(error)) throw new Error('expected a MoexBotError');
  return error;
}

/** A valid config with `broker` given by the test. */
const withBroker = (broker: string) => `instruments:
  - ticker: SBER
    lot: \${LOT:-10}
    minPriceIncrement: 0.01
strategies:
  - plugin: sma-cross
    instruments: [SBER]
    enabled: \${SMA_ENABLED:-true}
    params:
      fast: \${FAST:-5}
      label: "price $\${PRICE}"
broker:
  plugin: tinvest
  params:
${broker}
`;

describe('references in a config', () => {
  it('resolves ${VAR} from the environment and registers secrets for redaction', async () => {
    const file = await project(withBroker('    token: ${TINVEST_TOKEN}'));
    const { config } = await loadConfig(file, { env: { TINVEST_TOKEN: 't.from-env-1' } });
    expect(config.broker.params['token']).toBe('t.from-env-1');
    expect(knownSecrets()).toContain('t.from-env-1');
    expect(redactSecrets('auth t.from-env-1')).toBe('auth [REDACTED]');
  });

  it('reads .env beside the config; the environment wins; process.env is untouched', async () => {
    const file = await project(
      withBroker('    token: ${TINVEST_TOKEN}\n    accountId: ${TINVEST_ACCOUNT}'),
      { '.env': '# sandbox\nTINVEST_TOKEN=t.from-dotenv-2\nTINVEST_ACCOUNT="acc-1"\n' },
    );
    const fromFile = await loadConfig(file, { env: {} });
    expect(fromFile.config.broker.params).toEqual({ token: 't.from-dotenv-2', accountId: 'acc-1' });
    expect(knownSecrets()).toContain('t.from-dotenv-2');
    expect(process.env['TINVEST_TOKEN']).toBeUndefined();
    const overridden = await loadConfig(file, { env: { TINVEST_ACCOUNT: 'acc-2' } });
    expect(overridden.config.broker.params['accountId']).toBe('acc-2');
  });

  it('reads ${file:...} relative to the config folder', async () => {
    const file = await project(withBroker('    token: ${file:secrets/token.txt}'), {
      'secrets/token.txt': 't.from-file-3\n',
    });
    const { config } = await loadConfig(file, { env: {} });
    expect(config.broker.params['token']).toBe('t.from-file-3');
    expect(knownSecrets()).toContain('t.from-file-3');
  });

  it('reports an unreadable ${file:...}', async () => {
    const file = await project(withBroker('    token: ${file:secrets/missing}'));
    const error = await failure(file);
    expect(error.code).toBe('MOEXBOT_ERR_CONFIG_SECRET_FILE_UNREADABLE');
    expect(error.problems[0]).toMatchObject({
      path: 'broker.params.token',
      message: expect.stringContaining('(line 15:5)'),
    });
  });

  it('keeps $${ as a literal ${ and converts whole references the schema needs as numbers', async () => {
    const file = await project(withBroker('    mode: fast'));
    const { config } = await loadConfig(file, { env: { LOT: '100', SMA_ENABLED: 'false' } });
    expect(config.instruments[0]?.lot).toBe(100);
    expect(config.strategies[0]?.enabled).toBe(false);
    // Plugin params are the plugin's business: a reference stays a string there.
    expect(config.strategies[0]?.params).toEqual({ fast: '5', label: 'price ${PRICE}' });
  });

  it('does not convert a reference inside text, nor a value that is not a number', async () => {
    const file = await project(withBroker('    mode: fast').replace('${LOT:-10}', 'x${LOT:-10}'));
    const error = await failure(file, { SMA_ENABLED: 'maybe' });
    expect(error.problems.map((p) => p.path)).toEqual([
      'instruments[0].lot',
      'strategies[0].enabled',
    ]);
  });

  it('reports a field whose variable is unset once, not again for its type', async () => {
    const file = await project(withBroker('    mode: fast').replace('${LOT:-10}', '${LOT}'));
    const error = await failure(file);
    expect(error.code).toBe('MOEXBOT_ERR_CONFIG_ENV_MISSING');
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.message).toMatch(
      /^environment variable LOT is not set.*\(line 3:5\)$/,
    );
  });
});

describe('the secret rule', () => {
  it('refuses a literal token in plugin params without echoing it', async () => {
    const file = await project(withBroker('    token: abc123'));
    const error = await failure(file);
    expect(error.code).toBe('MOEXBOT_ERR_CONFIG_SECRET_LITERAL');
    expect(error.problems).toEqual([
      {
        path: 'broker.params.token',
        code: 'MOEXBOT_ERR_CONFIG_SECRET_LITERAL',
        message: expect.stringMatching(/written literally; write \$\{TOKEN\}.*\(line 15:5\)$/),
      },
    ]);
    expect(JSON.stringify({ message: error.message, problems: error.problems })).not.toContain(
      'abc123',
    );
    // The literal is registered too, so anything that prints it later is redacted.
    expect(redactSecrets('abc123')).toBe('[REDACTED]');
  });

  it.each([
    ['botToken: "t.lit"', 'strategies'],
    ['smtpPassword: 123456', 'number'],
    ['apiKey: Bearer ${KEY}', 'text around a reference'],
    ['clientSecret: ${SECRET:-fallback}', 'a literal default'],
    ['private-key: $${NOT_A_REF}', 'an escaped reference'],
  ])('refuses %s (%s)', async (line) => {
    const file = await project(withBroker(`    nested:\n      ${line}`));
    const error = await failure(file, { KEY: 'k.bearer-key', SECRET: 's.client-secret' });
    expect(error.code).toBe('MOEXBOT_ERR_CONFIG_SECRET_LITERAL');
    expect(error.problems[0]?.path).toMatch(/^broker\.params\.nested\./);
  });

  it('accepts references only, empty values and non-secret keys', async () => {
    const file = await project(
      withBroker(
        '    token: ${A}${B}\n    password: ""\n    apiKey: ${K:-}\n    maxTokens: 5\n    tokenUrl: https://x',
      ),
    );
    const { config } = await loadConfig(file, { env: { A: 't.part-a', B: '-b' } });
    expect(config.broker.params['token']).toBe('t.part-a-b');
    expect(knownSecrets()).toEqual(expect.arrayContaining(['t.part-a', 't.part-a-b']));
  });

  it('registers values of variables named like secrets wherever they are used', () => {
    interpolateConfig(
      { url: 'https://x/?k=${SERVICE_API_KEY}' },
      {
        env: { SERVICE_API_KEY: 'k.named-secret' },
        dir: '.',
      },
    );
    expect(redactSecrets('k.named-secret')).toBe('[REDACTED]');
  });
});
