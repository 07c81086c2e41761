/**
 * Durability against a real process kill: a child node process writes orders and
 * executions through the built store in a loop and is SIGKILLed at a random moment.
 * Whatever it reported as committed must be in the file, no execution may be half
 * written, and the journal may have no gap. The child imports the built module
 * (dist/), as the bot runs it; `npm test` builds first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStateStore } from './openSqliteStateStore.js';

const BUILT = fileURLToPath(new URL('../../dist/state/index.js', import.meta.url));

/** The child: writes until killed, printing each step after its call has resolved. */
const WRITER = (file: string) => `
import { openSqliteStateStore } from ${JSON.stringify(pathToFileURL(BUILT).href)};
const store = await openSqliteStateStore(${JSON.stringify(file)});
const say = (line) => process.stdout.write(line + '\\n');
say('ready');
if (process.argv[2] === 'hold') setInterval(() => {}, 1000);
else for (let i = 0; ; i++) {
  const order = { id: 'o' + i, strategyId: 's', instrument: 'SBER', side: i % 2 ? 'sell' : 'buy',
    type: 'limit', lots: 2, limitPrice: 250 + i / 100, reason: 'signal', createdAt: i,
    status: 'new', filledLots: 0, updatedAt: i };
  await store.recordOrder(order);
  say('order ' + i);
  await store.updateOrder({ ...order, status: 'submitted', brokerOrderId: 'B' + i });
  say('submitted ' + i);
  const fill = { orderId: order.id, strategyId: 's', instrument: 'SBER', side: order.side,
    lots: 2, quantity: 20, price: order.limitPrice, commission: 0.01, time: i, reason: 'signal' };
  const n = BigInt(i + 1);
  // The account after execution i says i + 1 everywhere, so a mismatch shows a torn write.
  const account = { cashNanos: n * 1000n, initialCashNanos: 1000n, time: i, positions: [
    { instrument: 'SBER', quantity: i + 1, openLots: [{ quantity: i + 1, priceNanos: 7n }],
      costNanos: n * 7n, realizedNanos: 0n, commissionNanos: n, lastPrice: order.limitPrice } ] };
  const filled = { ...order, status: 'filled', filledLots: 2, updatedAt: i, brokerOrderId: 'B' + i };
  await store.recordExecution({ executionId: 'x' + i, fill, order: filled, account });
  say('exec ' + i);
  if (i > 0 && !(await store.recordExecution({ executionId: 'x' + (i - 1), fill, order: filled, account }))) {
    say('dup ' + i);
  }
  const seq = await store.append({ time: i, type: 'Step', data: { i } });
  say('append ' + i + ' ' + seq);
}
`;

let dir: string;
beforeAll(async () => {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` first`);
  dir = await mkdtemp(path.join(os.tmpdir(), 'moexbot-kill-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Starts the writer on `file`; resolves once it has opened the store. */
async function startWriter(file: string, mode: 'write' | 'hold') {
  const script = path.join(dir, `writer-${path.basename(path.dirname(file))}.mjs`);
  await writeFile(script, WRITER(file));
  const child = spawn(process.execPath, [script, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (stdout.startsWith('ready\n')) resolve();
      else if (child.exitCode !== null) reject(new Error(`writer exited: ${stderr}`));
      else return;
      clearInterval(poll);
    }, 5);
  });
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function kill(child: ChildProcess, exited: Promise<void>): Promise<void> {
  child.kill('SIGKILL');
  await exited;
}

/** Complete lines `word i [seq]` the writer printed. */
function reported(stdout: string, word: string): number[][] {
  const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .filter((line) => line.startsWith(`${word} `))
    .map((line) => line.split(' ').slice(1).map(Number));
}

describe('SqliteStateStore across a SIGKILL', () => {
  it('keeps every reported write, tears no execution and leaves no journal gap', async () => {
    for (let round = 0; round < 6; round++) {
      const file = path.join(dir, `round-${round}`, 'state.db');
      const writer = await startWriter(file, 'write');
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 130));
      await kill(writer.child, writer.exited);
      const { stdout, stderr } = writer.output();
      expect(stderr).toBe('');

      const store = await openSqliteStateStore(file);
      // The killed writer could not release the file; its successor takes it over.
      expect(store.staleHolder?.pid).toBe(writer.child.pid);
      const orders = new Map((await store.orders()).map((o) => [o.id, o]));
      const fills = await store.fills();
      const journal = await store.journal();

      // Everything reported is there.
      for (const [i] of reported(stdout, 'order')) expect(orders.has(`o${i}`)).toBe(true);
      for (const [i] of reported(stdout, 'submitted')) {
        expect(['submitted', 'filled']).toContain(orders.get(`o${i}`)?.status);
      }
      for (const [i] of reported(stdout, 'exec'))
        expect(await store.hasExecution(`x${i}`)).toBe(true);
      for (const [i, seq] of reported(stdout, 'append')) {
        expect(journal[seq! - 1]).toMatchObject({ seq, type: 'Step', data: { i } });
      }
      const executions = reported(stdout, 'exec').length;
      expect(executions).toBeGreaterThan(0);
      // At most the one write in flight at the kill is there without having been reported.
      expect(fills.length - executions).toBeGreaterThanOrEqual(0);
      expect(fills.length - executions).toBeLessThanOrEqual(1);
      // A replayed execution is refused every time: each step past the first printed `dup`.
      const dups = new Set(reported(stdout, 'dup').map(([i]) => i));
      for (const [i] of reported(stdout, 'append')) if (i! > 0) expect(dups.has(i)).toBe(true);

      // No execution is half written: fill, filled order and account go together.
      expect(fills.map((f) => f.executionId)).toEqual(fills.map((_, i) => `x${i}`));
      for (const order of orders.values()) {
        const hasFill = fills.some((f) => f.orderId === order.id);
        expect(order.status === 'filled').toBe(hasFill);
      }
      const account = await store.loadAccount();
      expect(account?.cashNanos).toBe(BigInt(fills.length) * 1000n);
      expect(account?.positions[0]?.quantity).toBe(fills.length);
      expect(await store.openOrders()).toHaveLength(orders.size - fills.length);

      // The journal counts 1, 2, 3, … and holds an entry for each write.
      expect(journal.map((e) => e.seq)).toEqual(journal.map((_, i) => i + 1));
      const ofType = (type: string) => journal.filter((e) => e.type === type).length;
      expect(ofType('OrderRecorded')).toBe(orders.size);
      expect(ofType('OrderFilled')).toBe(fills.length);
      await store.close();
    }
  });

  it('refuses a file another live process holds, naming its pid, and takes it over once it dies', async () => {
    const file = path.join(dir, 'held', 'state.db');
    const holder = await startWriter(file, 'hold');
    try {
      const error = await openSqliteStateStore(file).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error).toMatchObject({ code: 'MOEXBOT_ERR_STATE_LOCKED' });
      expect(error?.message).toContain(`in use by process ${holder.child.pid} on ${os.hostname()}`);
    } finally {
      await kill(holder.child, holder.exited);
    }
    const store = await openSqliteStateStore(file);
    expect(store.staleHolder?.pid).toBe(holder.child.pid);
    await store.close();
  });
});
