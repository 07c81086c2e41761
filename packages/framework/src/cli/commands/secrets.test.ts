/**
 * Secrets stay secret end to end: a plugin parameter declared with `secret()` and
 * set from the environment never appears in logs, errors, results or printed config,
 * whichever command reads it.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdb } from '../../results/duckdb.fixture.js';
import { makeProject, pluginPackageJson, runCli } from './cli.fixture.js';

const SECRET = 'SuperSecretKey123';
const cli = (args: string[], cwd: string) => runCli(args, cwd, { ...process.env, TG_CHAT: SECRET });

/** An alert plugin that quotes its key in every failure, as careless code does. */
const LEAKY_ALERT = `
import { defineAlert, secret, z } from '@moex-bot/framework';
export default defineAlert({
  id: 'leaky',
  params: z.object({ chatKey: secret(), failCreate: z.boolean().default(false) }),
  create: (params, ctx) => {
    if (params.failCreate) throw new Error('cannot reach bot' + params.chatKey);
    ctx.logger.info('connected with key ' + params.chatKey);
    return { send: async () => { throw new Error('POST /bot' + params.chatKey + '/send failed'); } };
  },
});
`;

const CONFIG = (failCreate: boolean) => `
name: secrets
instruments:
  - { ticker: SBER, lot: 10, minPriceIncrement: 0.01 }
data:
  bars:
    - { instrument: SBER, file: data/SBER.csv }
strategies:
  - plugin: thrower
    instruments: [SBER]
alerts:
  - plugin: leaky
    params: { chatKey: "\${TG_CHAT}", failCreate: ${failCreate} }
alerting:
  # Quick retries: each failed try is logged with the channel's error, which quotes the key.
  retry: { attempts: 3, initialSeconds: 0.05 }
  closeTimeoutSeconds: 2
`;

/** A strategy that fails on its third bar, with the secret in its message: an alert follows. */
const THROWER = `
import { defineStrategy, signals, z } from '@moex-bot/framework';
export default defineStrategy({
  id: 'thrower',
  params: z.object({}),
  create: () => { let n = 0; return { onBar: (bar) => { if (++n === 3) throw new Error('bad key ' + process.env.TG_CHAT); return signals.targetLots(bar.instrument, 1); } }; },
});
`;

const pkg = (name: string, kind: string, id: string) => pluginPackageJson({ name, kind, id });

describe('secrets in plugin parameters', () => {
  let project: string;

  beforeAll(async () => {
    project = await makeProject('moex-bot-secrets-', {
      'package.json': JSON.stringify({
        name: 'op',
        private: true,
        dependencies: { 'moex-bot-alert-leaky': '1', 'moex-bot-strategy-thrower': '1' },
      }),
      'node_modules/moex-bot-alert-leaky/package.json': pkg(
        'moex-bot-alert-leaky',
        'alert',
        'leaky',
      ),
      'node_modules/moex-bot-alert-leaky/index.js': LEAKY_ALERT,
      'node_modules/moex-bot-strategy-thrower/package.json': pkg(
        'moex-bot-strategy-thrower',
        'strategy',
        'thrower',
      ),
      'node_modules/moex-bot-strategy-thrower/index.js': THROWER,
      'moex-bot.yaml': CONFIG(false),
      'fails.yaml': CONFIG(true),
      'data/SBER.csv': `time,open,high,low,close,volume\n${[0, 1, 2, 3, 4]
        .map((i) => `${new Date(Date.UTC(2026, 8, 1, 7, i)).toISOString()},300,300,300,300,10`)
        .join('\n')}\n`,
    });
  });

  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it('never reach backtest.log, the results files or the terminal', async () => {
    const result = await cli(['backtest', 'moex-bot.yaml', '--out', 'out', '--json'], project);
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout).out;
    // Parquet pages are compressed: the tables are read as rows, the other files as text.
    const written = await Promise.all(
      (await readdir(run)).map(async (f) => {
        const file = path.join(run, f);
        if (!f.endsWith('.parquet')) return readFile(file, 'utf8');
        const { rows } = await duckdb(`select * from read_parquet('${file}')`);
        return JSON.stringify(rows, (_key, value) =>
          typeof value === 'bigint' ? String(value) : value,
        );
      }),
    );
    const everything = [result.stdout, result.stderr, ...written].join('\n');
    // The leaks were really attempted: the log holds the redacted lines.
    expect(everything).toContain('connected with key [REDACTED]');
    expect(everything).toContain('bad key [REDACTED]');
    // The channel's failures, retried and then given up, are logged with the key redacted.
    expect(everything).toContain('"event":"AlertDeliveryRetry"');
    expect(everything).toContain('"event":"AlertDeliveryFailed"');
    expect(everything).toContain('POST /bot[REDACTED]/send failed');
    expect(everything.split('\n').filter((line) => line.includes(SECRET))).toEqual([]);
  });

  it('never reach the one-line error when the plugin fails to start', async () => {
    const result = await cli(['backtest', 'fails.yaml', '--out', 'out2'], project);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('MOEXBOT_ERR_PLUGIN_CREATE_FAILED');
    expect(result.stderr).not.toContain(SECRET);
  });

  it('never reach `config check --json`, with or without plugin checks', async () => {
    for (const args of [['--json'], ['--json', '--no-plugins']]) {
      const result = await cli(['config', 'check', 'moex-bot.yaml', ...args], project);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).config.alerts[0].params.chatKey).toBe('[REDACTED]');
      expect(result.stdout + result.stderr).not.toContain(SECRET);
    }
  });
});
