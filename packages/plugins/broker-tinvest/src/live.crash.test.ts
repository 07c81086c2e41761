/**
 * The crash test: `moex-bot live` in `real` mode, as its own process, trades at the fake
 * exchange (which keeps running in this process) and is killed with SIGKILL at random
 * moments, then restarted, many times; the last run is stopped with SIGTERM. Afterwards
 * the exchange and the state store must agree exactly: no order sent twice, no fill
 * lost, and the fills the store booked add up to the exchange's position and cash.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStateStore, parseDecimal } from '@moex-bot/framework';
import { FakeExchange, startFakeExchange } from '@moex-bot/tinvest-fake';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minuteCandles, SBER, T0, waitFor } from './venue.fixture.js';

const PACKAGES = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = path.join(PACKAGES, 'framework/dist/cli/bin.js');
const TOKEN = 't.crash-test';
/** Runs killed at random moments, then one stopped with SIGTERM. */
const KILLED_RUNS = 8;

/** A tiny seeded generator, so that a failing schedule can be replayed with CRASH_SEED. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

/** A strategy package that wants 0, 1, 2, 0, 1, 2 … lots: an order on almost every bar. */
const FLIP_ENTRY = `
import { defineStrategy, signals, z } from '@moex-bot/framework';
export default defineStrategy({
  id: 'flip',
  params: z.object({}),
  create: () => {
    let n = 0;
    return { onBar: (bar) => signals.targetLots(bar.instrument, n++ % 3) };
  },
});
`;

const CONFIG = (endpoint: string) => `
name: crash-test
mode: real
instruments:
  - { ticker: SBER, lot: 10, minPriceIncrement: 0.01 }
strategies:
  - { plugin: flip, instruments: [SBER] }
broker:
  plugin: tinvest
  params:
    token: \${TINVEST_TOKEN}
    endpoint: "${endpoint}"
    pollIntervalMs: 200
live:
  warmupBars: 0
  state: state/bot.sqlite
  availabilityRefreshSeconds: 1
logging: { level: warn }
`;

let project: string;
let exchange: FakeExchange;
let server: Awaited<ReturnType<typeof startFakeExchange>>;
let account: string;

beforeAll(async () => {
  exchange = new FakeExchange({ startTime: T0, maxLotsPerExecution: 1 });
  exchange.loadInstruments([{ ...SBER, lot: 10, minPriceIncrement: '0.01', name: 'Sberbank' }]);
  exchange.loadCandles('SBER', '1m', minuteCandles(600, 250));
  account = exchange.openAccount({ money: 1_000_000 });
  exchange.addToken(TOKEN, { accounts: [account] });
  server = await startFakeExchange(exchange);

  project = await mkdtemp(path.join(tmpdir(), 'moexbot-crash-'));
  const modules = path.join(project, 'node_modules');
  await mkdir(path.join(modules, '@moex-bot'), { recursive: true });
  await symlink(path.join(PACKAGES, 'framework'), path.join(modules, '@moex-bot/framework'), 'dir');
  await symlink(
    path.join(PACKAGES, 'plugins/broker-tinvest'),
    path.join(modules, '@moex-bot/broker-tinvest'),
    'dir',
  );
  const flip = path.join(modules, 'moex-bot-strategy-flip');
  await mkdir(flip);
  await writeFile(path.join(flip, 'index.js'), FLIP_ENTRY);
  await writeFile(
    path.join(flip, 'package.json'),
    JSON.stringify({
      name: 'moex-bot-strategy-flip',
      version: '1.0.0',
      type: 'module',
      exports: './index.js',
      peerDependencies: { '@moex-bot/framework': '^0.1.0' },
      moexBot: { manifestVersion: 1, kind: 'strategy', id: 'flip' },
    }),
  );
  await writeFile(
    path.join(project, 'package.json'),
    JSON.stringify({
      name: 'crash-bot',
      private: true,
      dependencies: {
        '@moex-bot/framework': '^0.1.0',
        '@moex-bot/broker-tinvest': '^0.1.0',
        'moex-bot-strategy-flip': '^1.0.0',
      },
    }),
  );
  await writeFile(path.join(project, 'moex-bot.yaml'), CONFIG(server.endpoint));
});

afterAll(async () => {
  exchange?.stopReplay();
  await server?.close();
  if (project) await rm(project, { recursive: true, force: true });
});

/** Starts `moex-bot live`; resolves once the session trades, with its output so far. */
async function startBot(): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'live', 'moex-bot.yaml', '--confirm-real'], {
    cwd: project,
    env: { ...process.env, TINVEST_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  // A timeout keeps the output: what the bot said is what tells a slow start from a hang.
  await waitFor(
    () => output.includes('real session started') || child.exitCode !== null,
    20_000,
  ).catch(() => undefined);
  if (!output.includes('real session started')) {
    const state = child.exitCode === null ? 'still running after 20 s' : `exited ${child.exitCode}`;
    child.kill('SIGKILL');
    throw new Error(`the bot did not start (${state}):\n${output}`);
  }
  return { child, output: () => output };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('moex-bot live killed with SIGKILL at random moments', () => {
  it('never sends an order twice, loses no fill, and its books equal the exchange', async () => {
    const seed = Number(process.env['CRASH_SEED'] ?? Date.now() % 1_000_000);
    const next = random(seed);
    const schedule: number[] = [];
    // Bars come every 100 ms: the bot trades on most of them.
    exchange.replay({ speed: 600, tickMs: 20 });

    // A bot that does not start fails the test with the seed and the kills so far.
    const start = () =>
      startBot().catch((error: Error) => {
        throw new Error(
          `CRASH_SEED=${seed}, killed after ${schedule.join(', ')} ms: ${error.message}`,
        );
      });
    for (let run = 0; run < KILLED_RUNS; run++) {
      const bot = await start();
      const alive = Math.floor(next() * 1_500);
      schedule.push(alive);
      await new Promise((resolve) => setTimeout(resolve, alive));
      bot.child.kill('SIGKILL');
      await exited(bot.child);
    }
    const last = await start();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    last.child.kill('SIGTERM');
    const code = await exited(last.child);
    expect({ code, seed, schedule }).toMatchObject({ code: 0 });
    expect(last.output()).toMatch(/stopped after \d+ bars/);
    exchange.stopReplay();

    const store = await openSqliteStateStore(path.join(project, 'state/bot.sqlite'));
    try {
      const orders = exchange.orders(account);
      const stored = new Map((await store.orders()).map((o) => [o.id, o]));
      const keys = orders.map((o) => o.orderRequestId);
      const context = `seed ${seed}, schedule ${schedule.join(',')}`;
      expect(orders.length, context).toBeGreaterThan(KILLED_RUNS);
      // One exchange order per key, each recorded before it was sent; no key posted twice.
      expect(new Set(keys).size, context).toBe(keys.length);
      for (const key of keys) expect(stored.has(key), `${context}: key ${key}`).toBe(true);
      const posted = exchange
        .requests('PostOrder')
        .map((r) => (r.request as { orderId: string }).orderId);
      expect(new Set(posted).size, context).toBe(posted.length);

      // Every execution at the exchange is booked exactly once.
      const fills = await store.fills();
      const booked = new Map(fills.map((f) => [f.executionId, f]));
      const executions = orders.flatMap((o) => o.executions);
      expect(fills.length, context).toBe(executions.length);
      for (const execution of executions) {
        expect(
          booked.get(execution.tradeId),
          `${context}: trade ${execution.tradeId}`,
        ).toMatchObject({
          lots: execution.lots,
          price: Number(execution.price),
        });
      }

      // The booked fills add up to the exchange's position and cash, exactly.
      let pieces = 0;
      let cash = parseDecimal('1000000');
      for (const fill of fills) {
        const signed = fill.side === 'buy' ? 1n : -1n;
        pieces += Number(signed) * fill.quantity;
        cash -= signed * BigInt(fill.quantity) * parseDecimal(String(fill.price));
        cash -= parseDecimal(String(fill.commission));
      }
      expect(pieces, context).toBe(exchange.position(account, 'SBER'));
      expect(cash, context).toBe(parseDecimal(exchange.cash(account)));
    } finally {
      await store.close();
    }
  }, 120_000);
});
