/**
 * `moex-bot data fetch` end to end: the built CLI, in an operator project with this
 * plugin installed, downloads a week of minute candles of two instruments from the fake
 * exchange over gRPC into the store — one GetCandles request per UTC day, within the
 * rate limits — and, killed with SIGKILL half-way, resumes without asking for the chunks
 * it had finished.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Bar, barStore, localObjectStore } from '@moex-bot/framework';
import {
  FakeExchange,
  type FakeExchangeServer,
  type RequestLogEntry,
  startFakeExchange,
} from '@moex-bot/tinvest-fake';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GAZP, MINUTE, minuteCandles, SBER } from './venue.fixture.js';

const PACKAGES = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = path.join(PACKAGES, 'framework/dist/cli/bin.js');
const TOKEN = 't.fetch-test';
const DAY = 86_400_000;
/** Monday 2024-03-11: five session days of candles, then a weekend. */
const MONDAY = Date.parse('2024-03-11T00:00:00Z');
const SESSION_MINUTES = 520;
const RANGE = ['--from', '2024-03-11', '--to', '2024-03-18'];
/** A week is 7 chunks (UTC days) per instrument, the weekend's empty. */
const CHUNKS = 14;

const CONFIG = (endpoint: string) => `
name: fetch-test
mode: paper
instruments:
  - { ticker: SBER, lot: 10, minPriceIncrement: 0.01 }
  - { ticker: GAZP, lot: 10, minPriceIncrement: 0.01 }
strategies:
  - { plugin: sma-cross, instruments: [SBER] }
broker:
  plugin: tinvest
  params:
    token: \${TINVEST_TOKEN}
    endpoint: "${endpoint}"
`;

/** Five session days (07:00–15:40 UTC) of minute candles from `base`. */
function week(base: number) {
  return Array.from({ length: 5 }, (_, day) =>
    minuteCandles(SESSION_MINUTES, base + day, MONDAY + day * DAY + 7 * 60 * MINUTE),
  ).flat();
}

let exchange: FakeExchange;
let server: FakeExchangeServer;
const projects: string[] = [];

beforeAll(async () => {
  // The clock stands after the history, so every candle is complete. Rate-limit windows
  // last a second, so that the resume test can make the limit bite without long waits.
  exchange = new FakeExchange({
    startTime: '2024-03-18T06:00:00Z',
    rateLimits: { windowMs: 1_000 },
  });
  exchange.loadInstruments([
    { ...SBER, lot: 10, minPriceIncrement: '0.01', name: 'Sberbank' },
    { ...GAZP, lot: 10, minPriceIncrement: '0.01', name: 'Gazprom' },
  ]);
  exchange.loadCandles('SBER', '1m', week(250));
  exchange.loadCandles('GAZP', '1m', week(160));
  exchange.addToken(TOKEN, { accounts: [exchange.openAccount({ money: 1_000_000 })] });
  server = await startFakeExchange(exchange);
});

afterAll(async () => {
  await server?.close();
  for (const project of projects) await rm(project, { recursive: true, force: true });
});

/** An operator project with the framework and this plugin installed. */
async function makeProject(): Promise<string> {
  const project = await mkdtemp(path.join(tmpdir(), 'moexbot-fetch-'));
  projects.push(project);
  const modules = path.join(project, 'node_modules/@moex-bot');
  await mkdir(modules, { recursive: true });
  await symlink(path.join(PACKAGES, 'framework'), path.join(modules, 'framework'), 'dir');
  await symlink(
    path.join(PACKAGES, 'plugins/broker-tinvest'),
    path.join(modules, 'broker-tinvest'),
    'dir',
  );
  await writeFile(
    path.join(project, 'package.json'),
    JSON.stringify({
      name: 'fetch-bot',
      private: true,
      dependencies: { '@moex-bot/framework': '^0.1.0', '@moex-bot/broker-tinvest': '^0.1.0' },
    }),
  );
  await writeFile(path.join(project, 'moex-bot.yaml'), CONFIG(server.endpoint));
  return project;
}

const env = () => ({ ...process.env, TINVEST_TOKEN: TOKEN });

async function cli(project: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd: project,
      env: env(),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** `uid@from` of a GetCandles request. */
function windowOf(entry: RequestLogEntry): string {
  const request = entry.request as { instrumentId: string; from: Date; to: Date };
  return `${request.instrumentId}@${request.from.toISOString()}`;
}

/** Answered GetCandles requests per window. */
function answeredPerWindow(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of exchange.requests('GetCandles')) {
    if (entry.outcome !== 'OK') continue;
    counts.set(windowOf(entry), (counts.get(windowOf(entry)) ?? 0) + 1);
  }
  return counts;
}

/** Every window the fetch must ask for: each UTC day of the week, per instrument. */
const ALL_WINDOWS = [SBER.uid, GAZP.uid].flatMap((uid) =>
  Array.from({ length: 7 }, (_, day) => `${uid}@${new Date(MONDAY + day * DAY).toISOString()}`),
);

async function storedBars(project: string, ticker: string): Promise<Bar[]> {
  const store = barStore(localObjectStore(path.join(project, 'data')));
  const id = { source: 'tinvest', interval: '1m', instrument: ticker };
  const bars: Bar[] = [];
  for await (const batch of store.read(id, 1)) bars.push(...batch);
  return bars;
}

/** SBER's chunks the state file records as finished, as `uid@start`. */
async function finishedChunks(project: string): Promise<string[]> {
  const file = path.join(project, 'state/fetch/tinvest/1m/SBER/state.json');
  try {
    const state = JSON.parse(await readFile(file, 'utf8')) as {
      chunks: { start: string; complete: boolean }[];
    };
    return state.chunks.filter((c) => c.complete).map((c) => `${SBER.uid}@${c.start}`);
  } catch {
    return [];
  }
}

/** Starts `moex-bot data fetch` in `project`, collecting its output. */
function startFetch(project: string, ...args: string[]) {
  const child = spawn(process.execPath, [BIN, 'data', 'fetch', ...RANGE, ...args], {
    cwd: project,
    env: env(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => {
    output.stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output.stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output, exited };
}

/** Polls until SBER's state file records `count` finished chunks, or the process ended. */
async function untilFinished(project: string, count: number, child: ChildProcess) {
  const deadline = Date.now() + 30_000;
  let finished = await finishedChunks(project);
  while (finished.length < count && child.exitCode === null && Date.now() < deadline) {
    await sleep(10);
    finished = await finishedChunks(project);
  }
  return finished;
}

let uninterrupted: string;

describe('moex-bot data fetch against the fake exchange', () => {
  it('downloads one request per chunk within the limits, shows progress, stores every bar', async () => {
    uninterrupted = await makeProject();
    exchange.clearRequests();
    const run = await cli(uninterrupted, 'data', 'fetch', ...RANGE);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      'tinvest/1m/SBER: 7 chunks (7 fetched, 0 resumed), 2600 bars; version 1 (new dataset), 2600 rows, 1 partition written, 0 reused\n' +
        'tinvest/1m/GAZP: 7 chunks (7 fetched, 0 resumed), 2600 bars; version 1 (new dataset), 2600 rows, 1 partition written, 0 reused\n',
    );
    // Not a terminal: no bar, one final progress line.
    expect(run.stderr).toMatch(/^fetched {2}14\/14 chunks {2}5,200 bars {2}in \d+s\n$/);

    const requests = exchange.requests('GetCandles');
    expect(requests).toHaveLength(CHUNKS);
    expect(requests.filter((r) => r.outcome !== 'OK' || r.code === 80002)).toEqual([]);
    expect([...answeredPerWindow().keys()].sort()).toEqual([...ALL_WINDOWS].sort());
    for (const entry of requests) {
      const { from, to } = entry.request as { from: Date; to: Date };
      expect(to.getTime() - from.getTime()).toBe(DAY);
    }

    const ls = await cli(uninterrupted, 'data', 'ls', '--json');
    expect(JSON.parse(ls.stdout).datasets).toEqual([
      expect.objectContaining({
        dataset: 'tinvest/1m/GAZP',
        latest: 1,
        rows: 5 * SESSION_MINUTES,
        firstTime: '2024-03-11T07:00:00.000Z',
        lastTime: '2024-03-15T15:39:00.000Z',
      }),
      expect.objectContaining({ dataset: 'tinvest/1m/SBER', latest: 1, rows: 5 * SESSION_MINUTES }),
    ]);
    expect((await storedBars(uninterrupted, 'SBER'))[0]).toEqual({
      instrument: 'SBER',
      time: Date.parse('2024-03-11T07:00:00Z'),
      open: 250,
      high: 250.01,
      low: 250,
      close: 250.01,
      volume: 10,
    });
    // Nothing stays staged once the versions are written.
    expect(existsSync(path.join(uninterrupted, 'state/fetch/tinvest'))).toBe(false);
  });

  it('killed half-way, resumes without asking for finished chunks again', async () => {
    const project = await makeProject();
    // Two GetCandles a second: the fake answers 80002 to the third, and the client
    // waits out the reset it names, so the download takes several seconds.
    exchange.rateLimits.setLimit('MarketDataService', 2);
    exchange.clearRequests();
    try {
      const { child, output, exited } = startFetch(project);
      // Killed once the state file shows three finished chunks of the first instrument.
      let finished = await untilFinished(project, 3, child);
      child.kill('SIGKILL');
      await exited;
      expect(child.signalCode, output.stderr).toBe('SIGKILL');
      finished = await finishedChunks(project);
      expect(finished.length).toBeGreaterThanOrEqual(3);
      expect(finished.length).toBeLessThan(7);

      const resumed = await cli(project, 'data', 'fetch', ...RANGE);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stdout).toContain(
        `tinvest/1m/SBER: 7 chunks (${7 - finished.length} fetched, ${finished.length} resumed), 2600 bars; version 1 (new dataset)`,
      );
      expect(resumed.stdout).toContain(
        'tinvest/1m/GAZP: 7 chunks (7 fetched, 0 resumed), 2600 bars',
      );
      expect(resumed.stderr).toMatch(
        new RegExp(
          `^fetched {2}14/14 chunks \\(${finished.length} resumed\\) {2}5,200 bars {2}in \\d+s\\n$`,
        ),
      );

      // Each finished chunk was asked for (and answered) once over both runs; the one in
      // flight at the kill may have been answered twice, nothing else.
      const answered = answeredPerWindow();
      for (const window of finished) expect(answered.get(window), window).toBe(1);
      expect([...answered.keys()].sort()).toEqual([...ALL_WINDOWS].sort());
      const total = [...answered.values()].reduce((sum, n) => sum + n, 0);
      expect(total).toBeGreaterThanOrEqual(CHUNKS);
      expect(total).toBeLessThanOrEqual(CHUNKS + 1);
      // The limit did bite, and every refusal was waited out rather than failing the run.
      const refused = exchange.requests('GetCandles').filter((r) => r.code === 80002);
      expect(refused.length).toBeGreaterThan(0);
    } finally {
      exchange.rateLimits.setLimit('MarketDataService', 600);
    }

    // The same bars as the download that was never interrupted.
    for (const ticker of ['SBER', 'GAZP']) {
      expect(await storedBars(project, ticker)).toEqual(await storedBars(uninterrupted, ticker));
    }
    const ls = await cli(project, 'data', 'ls', '--json');
    expect(
      JSON.parse(ls.stdout).datasets.map((d: { dataset: string; rows: number }) => [
        d.dataset,
        d.rows,
      ]),
    ).toEqual([
      ['tinvest/1m/GAZP', 2600],
      ['tinvest/1m/SBER', 2600],
    ]);
  }, 90_000);

  it('stops with DATA_FETCH_FAILED naming the instrument and chunk, keeping finished chunks', async () => {
    const project = await makeProject();
    exchange.rateLimits.setLimit('MarketDataService', 2);
    exchange.clearRequests();
    try {
      const { child, output, exited } = startFetch(project, '--instrument', 'SBER');
      // Once two chunks are in, the venue fails more often than the client retries (4).
      const finished = await untilFinished(project, 2, child);
      exchange.faults.next('GetCandles', { kind: 'unavailable' }, { times: 6 });
      const code = await exited;
      // The venue failed, not the input: exit 1.
      expect(code, output.stderr).toBe(1);
      const staged = await finishedChunks(project);
      expect(staged.length).toBeGreaterThanOrEqual(finished.length);
      const failed = new Date(MONDAY + staged.length * DAY);
      expect(output.stderr).toMatch(
        new RegExp(
          '^error MOEXBOT_ERR_DATA_FETCH_FAILED: tinvest/1m/SBER \\(instrument SBER, uid sber-uid\\): ' +
            `chunk ${failed.toISOString()} – ${new Date(failed.getTime() + DAY).toISOString()} failed: MarketDataService/GetCandles failed: Service is unavailable .*; ` +
            `${staged.length} of 7 chunks are staged in ${project}/state/fetch/tinvest/1m/SBER and are not fetched again: ` +
            'run the command again to resume\n$',
        ),
      );
      const attempts = exchange
        .requests('GetCandles')
        .filter((r) => windowOf(r) === `${SBER.uid}@${failed.toISOString()}`);
      expect(attempts.filter((r) => r.outcome === 'UNAVAILABLE').length).toBeGreaterThan(0);
      expect(attempts.filter((r) => r.outcome === 'OK')).toEqual([]);
      expect(existsSync(path.join(project, 'data'))).toBe(false);
    } finally {
      exchange.faults.clear();
      exchange.rateLimits.setLimit('MarketDataService', 600);
    }
  }, 60_000);
});
