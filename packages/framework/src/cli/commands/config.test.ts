import { mkdtemp, realpath, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main.js';

/** Runs the CLI in-process and returns what it wrote and its exit code. */
async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

async function configFile(yaml: string): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'moex-bot-cli-config-')));
  const file = path.join(dir, 'moex-bot.yaml');
  await writeFile(file, yaml);
  return file;
}

afterEach(() => {
  vi.unstubAllEnvs();
  process.exitCode = undefined;
});

const VALID = `instruments:
  - { ticker: SBER, lot: 10, minPriceIncrement: 0.01 }
  - { ticker: GAZP, lot: 10, minPriceIncrement: 0.01 }
strategies:
  - plugin: sma-cross
    instruments: [SBER, GAZP]
broker:
  plugin: simulated
  params:
    token: \${CLI_TEST_TOKEN}
    port: 465
    tls: true
`;

describe('moex-bot config check', () => {
  it('prints a summary and exits 0 for a valid config', async () => {
    vi.stubEnv('CLI_TEST_TOKEN', 't.cli-token-1');
    const file = await configFile(VALID);
    const result = await run('config', 'check', file, '--no-plugins');
    expect(result).toEqual({
      code: 0,
      stdout: `✔ ${file} is valid: 2 instruments, 1 strategy, 0 risk plugins, 0 alert channels; broker simulated, mode backtest\n`,
      stderr: '',
    });
  });

  it('prints the effective config as JSON with secrets redacted', async () => {
    vi.stubEnv('CLI_TEST_TOKEN', 't.cli-token-2');
    const result = await run('config', 'check', await configFile(VALID), '--no-plugins', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      ok: true,
      problems: [],
      summary: { instruments: 2, strategies: 1 },
    });
    expect(report.config.broker.params.token).toBe('[REDACTED]');
    // Numbers and booleans written in the file are settings, shown as they are.
    expect(report.config.broker.params).toMatchObject({ port: 465, tls: true });
    expect(result.stdout).not.toContain('t.cli-token-2');
  });

  it('prints every problem on its own line, exits 2, and shows no stack trace', async () => {
    const file = await configFile(`instruments:
  - ticker: SBER
    lot: ten
    minPriceIncrement: 0.01
strategies:
  - plugin: sma-cross
    instruments: [LKOH]
broker:
  plugin: simulated
  params:
    token: abc123
    accountId: \${CLI_TEST_UNSET}
colour: blue
`);
    const result = await run('config', 'check', file);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`error MOEXBOT_ERR_CONFIG_INVALID: ${file}: 7 problems in the config`);
    expect(lines.slice(1).map((line) => line.slice(0, line.indexOf(':')))).toEqual([
      '  broker.params.token',
      '  broker.params.accountId',
      '  instruments[0].lot',
      '  colour',
      '  strategies[0].instruments[0]',
      // The plugin check runs too: sma-cross is not installed in this project, and the
      // built-in simulated broker has no `token` parameter.
      '  strategies[0].plugin',
      '  broker.params',
    ]);
    expect(result.stderr).toContain('[MOEXBOT_ERR_CONFIG_SECRET_LITERAL]');
    expect(result.stderr).toContain('[MOEXBOT_ERR_CONFIG_ENV_MISSING]');
    expect(result.stderr).not.toContain('abc123');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('reports a missing file with exit 2', async () => {
    const result = await run('config', 'check', path.join(os.tmpdir(), 'nope', 'moex-bot.yaml'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error MOEXBOT_ERR_CONFIG_NOT_FOUND: cannot read config .* \(ENOENT\)\n$/,
    );
  });

  it('prints JSON problems to stdout with --json and still exits 2', async () => {
    const file = await configFile('instruments: []\nstrategies: []\n');
    const result = await run('config', 'check', file, '--json', '--no-plugins');
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      problems: [{ path: 'instruments' }, { path: 'strategies' }],
    });
  });
});

describe('moex-bot config schema', () => {
  it('prints the JSON Schema', async () => {
    const result = await run('config', 'schema');
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout);
    expect(schema.properties).toHaveProperty('strategies');
    expect(result.stdout).toBe(`${JSON.stringify(schema, null, 2)}\n`);
  });
});
