import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AlertChannel } from '../contracts/define.js';
import {
  type AlertContext,
  defineAlert,
  defineStrategy,
  type PluginDefinition,
  type PluginKind,
} from '../contracts/define.js';
import type { Logger } from '../contracts/services.js';
import { isMoexBotError, MoexBotError, type Problem } from '../errors.js';
import {
  assertNoProblems,
  createPluginInstance,
  resolvePluginRefs,
  validateParams,
} from './instantiate.js';
import type { LoadedPlugin } from './loadPlugins.js';
import { PluginRegistry } from './PluginRegistry.js';

function installed<K extends PluginKind>(definition: PluginDefinition<K>): LoadedPlugin<K> {
  return {
    definition,
    kind: definition.kind,
    id: definition.id,
    packageName: `moex-bot-${definition.kind}-${definition.id}`,
    version: '1.0.0',
    builtin: false,
  };
}

const smaCross = installed(
  defineStrategy({
    id: 'sma-cross',
    params: z.object({
      fast: z.number().int().positive(),
      slow: z.number().int().positive().default(20),
      levels: z.array(z.number()).default([]),
      'stop-loss': z.number().optional(),
    }),
    create: () => ({ onBar: () => [] }),
  }),
);
const momentum = installed(
  defineStrategy({ id: 'momentum', params: z.object({}), create: () => ({ onBar: () => [] }) }),
);
const registry = new PluginRegistry([smaCross, momentum]);

describe('validateParams', () => {
  it('returns the parsed parameters with the schema defaults', () => {
    expect(validateParams(smaCross, { fast: 5 }, 'strategies[0].params')).toEqual({
      ok: true,
      value: { fast: 5, slow: 20, levels: [] },
    });
  });

  it('reports each issue at its config path, naming the plugin', () => {
    const result = validateParams(
      smaCross,
      { fast: 'ten', levels: [1, 'x'], 'stop-loss': 'big' },
      'strategies[0].params',
    );
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((problem) => problem.path)).toEqual([
      'strategies[0].params.fast',
      'strategies[0].params.levels[1]',
      'strategies[0].params["stop-loss"]',
    ]);
    expect(problems[0]).toMatchObject({
      code: 'MOEXBOT_ERR_PLUGIN_PARAMS_INVALID',
      message: expect.stringMatching(/^strategy:sma-cross: .*expected number/),
    });
  });

  it('reports a value that is not an object at the params path itself', () => {
    const result = validateParams(smaCross, 'fast', 'strategies[2].params');
    expect(result.ok ? [] : result.problems.map((problem) => problem.path)).toEqual([
      'strategies[2].params',
    ]);
  });
});

describe('resolvePluginRefs', () => {
  it('matches references to plugins and collects every problem', () => {
    const { resolved, problems } = resolvePluginRefs(registry, [
      {
        kind: 'strategy',
        ref: { plugin: 'sma-cross', params: { fast: 3 } },
        path: 'strategies[0]',
      },
      {
        kind: 'strategy',
        ref: { plugin: 'sma-cross', params: { fast: -1 } },
        path: 'strategies[1]',
      },
      { kind: 'strategy', ref: { plugin: 'rsi', params: {} }, path: 'strategies[2]' },
      { kind: 'risk', ref: { plugin: 'no-shorts', params: {} }, path: 'risk.plugins[0]' },
    ]);

    expect(resolved).toEqual([
      { plugin: smaCross, params: { fast: 3, slow: 20, levels: [] }, path: 'strategies[0]' },
    ]);
    expect(problems.map((problem) => [problem.code, problem.path])).toEqual([
      ['MOEXBOT_ERR_PLUGIN_PARAMS_INVALID', 'strategies[1].params.fast'],
      ['MOEXBOT_ERR_PLUGIN_NOT_FOUND', 'strategies[2].plugin'],
      ['MOEXBOT_ERR_PLUGIN_NOT_FOUND', 'risk.plugins[0].plugin'],
    ]);
    expect(problems[1]!.message).toBe(
      'no strategy plugin "rsi" is installed (installed strategy plugins: momentum, sma-cross); ' +
        'install the package that provides it in the operator project, e.g. ' +
        '`npm install @moex-bot/strategy-rsi` (first-party) or `npm install moex-bot-strategy-rsi`',
    );
    expect(problems[2]!.message).toContain('(installed risk plugins: none)');
    expect(problems[2]!.message).toContain('`npm install moex-bot-risk-no-shorts`');
  });
});

describe('createPluginInstance', () => {
  const silent: Logger = {
    trace: () => {},
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: () => {},
    child: () => silent,
  };
  const unused = () => {
    throw new Error('not used by these plugins');
  };
  const context: AlertContext = {
    name: 'ops',
    logger: silent,
    clock: { now: () => 0, setTimer: () => () => {} },
    alerts: { raise: () => {} },
    mode: 'backtest',
    dataDir: undefined,
    operator: { status: unused, positions: unused, openOrders: unused, pnl: unused, act: unused },
  };
  const channel = (create: () => AlertChannel | Promise<AlertChannel>) =>
    installed(defineAlert({ id: 'telegram', params: z.object({}), create }));

  it('returns what create returns, awaited', async () => {
    const send = async () => {};
    expect(
      await createPluginInstance(
        channel(() => ({ send })),
        {},
        context,
      ),
    ).toEqual({ send });
    expect(
      await createPluginInstance(
        channel(async () => ({ send })),
        {},
        context,
      ),
    ).toEqual({ send });
  });

  it.each([
    [
      'throws',
      () =>
        channel(() => {
          throw new Error('bot token rejected');
        }),
    ],
    ['rejects', () => channel(() => Promise.reject(new Error('bot token rejected')))],
  ])('wraps a create that %s, naming the plugin and keeping the cause', async (_case, make) => {
    const error = await createPluginInstance(make(), {}, context).catch((e: unknown) => e);
    expect(isMoexBotError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'MOEXBOT_ERR_PLUGIN_CREATE_FAILED',
      message: 'alert:telegram create failed: bot token rejected',
      cause: expect.objectContaining({ message: 'bot token rejected' }),
    });
  });
});

describe('assertNoProblems', () => {
  const problem = (code: Problem['code'], path: string): Problem => ({ code, path, message: 'x' });

  it('does nothing without problems', () => {
    expect(() => assertNoProblems([], 'Plugins could not be loaded')).not.toThrow();
  });

  it('uses the shared code when all problems have one', () => {
    const problems = [
      problem('MOEXBOT_ERR_PLUGIN_NOT_FOUND', 'strategies[0].plugin'),
      problem('MOEXBOT_ERR_PLUGIN_NOT_FOUND', 'broker.plugin'),
    ];
    expect(() => assertNoProblems(problems, 'Config refers to missing plugins')).toThrow(
      expect.objectContaining({
        code: 'MOEXBOT_ERR_PLUGIN_NOT_FOUND',
        message: 'Config refers to missing plugins: 2 plugin problems',
        problems,
      }),
    );
  });

  it('uses PLUGIN_PROBLEMS for mixed codes and carries every problem', () => {
    const problems = [
      problem('MOEXBOT_ERR_PLUGIN_KIND_MISSING', 'a (package.json#moexBot.kind)'),
      problem('MOEXBOT_ERR_PLUGIN_IMPORT_FAILED', 'b (index.js)'),
      problem(undefined, 'c'),
    ];
    let thrown: unknown;
    try {
      assertNoProblems(problems, 'Plugins could not be loaded');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MoexBotError);
    expect(thrown).toMatchObject({
      code: 'MOEXBOT_ERR_PLUGIN_PROBLEMS',
      message: 'Plugins could not be loaded: 3 plugin problems',
      problems,
    });
  });

  it('says "1 plugin problem" for one', () => {
    expect(() => assertNoProblems([problem('MOEXBOT_ERR_PLUGIN_ID_INVALID', 'a')], 'Stop')).toThrow(
      'Stop: 1 plugin problem',
    );
  });
});
