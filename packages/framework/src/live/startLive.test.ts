import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { OperatorConfigSchema } from '../config/schema.js';
import { defineStrategy } from '../contracts/define.js';
import { signals } from '../contracts/signal.js';
import type { Bar } from '../domain/bar.js';
import { toNanos } from '../domain/decimal.js';
import { SBER } from '../engine/engine.fixture.js';
import { createLogger } from '../observability/logger.js';
import { openSqliteStateStore } from '../state/openSqliteStateStore.js';
import { scriptedStrategy } from '../testing/scriptedStrategy.js';
import { waitFor } from '../testing/waitFor.js';
import { semiSpaceSetting } from './heapTuning.js';
import { ScriptedVenue, scriptedVenuePlugin } from './scriptedVenue.fixture.js';
import { startLive } from './startLive.js';

const MINUTE = 60_000;
/** Now, as the session sees it: the bars below are all in the past. */
const NOW = Date.now();
const FIRST = Math.floor(NOW / MINUTE) * MINUTE - 10 * MINUTE;

function bar(index: number, price = 250): Bar {
  return {
    instrument: SBER.uid,
    time: FIRST + index * MINUTE,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: 1000,
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'moexbot-live-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A config trading SBER through the scripted venue; the strategy buys 2 lots at its 1st live bar. */
function config(mode: 'paper' | 'sandbox' | 'real' | 'backtest', extra: object = {}) {
  return OperatorConfigSchema.parse({
    mode,
    instruments: [
      { ticker: SBER.ticker, lot: SBER.lot, minPriceIncrement: SBER.minPriceIncrement },
    ],
    strategies: [{ plugin: 'scripted', instruments: [SBER.ticker] }],
    broker: { plugin: 'scripted-venue' },
    live: { warmupBars: 3, state: 'state.sqlite', ...extra },
    ...(mode === 'paper' ? {} : {}),
  });
}

/** Buys 2 lots on the first bar after 3 warm-up bars, whatever they said. */
const buyAfterWarmup = scriptedStrategy((_bar, index) =>
  index === 3 ? signals.targetLots(SBER.uid, 2) : undefined,
);

function plugins(venue: ScriptedVenue) {
  return [scriptedVenuePlugin(venue), buyAfterWarmup];
}

/** Waits for the session to get there: about as long as a few bars of a slow machine. */
function until(check: () => boolean): Promise<void> {
  return waitFor(check, 2_500);
}

/** A sandbox venue with 100,000 RUB and three bars of SBER history. */
function sandboxVenue(): ScriptedVenue {
  return new ScriptedVenue({
    instruments: [SBER],
    history: [bar(0), bar(1), bar(2)],
    accountState: { cashNanos: toNanos(100_000), positions: [], openOrders: [] },
  });
}

/**
 * A sandbox session that sends its order and stops without cancelling it, as if killed:
 * the order stays working at the venue. Resolves its id.
 */
async function leaveOrderWorking(venue: ScriptedVenue): Promise<string> {
  const first = await startLive(config('sandbox', { cancelOnStop: false }), dir, {
    plugins: plugins(venue),
  });
  venue.emit(bar(3));
  await until(() => venue.submitted.length === 1);
  const id = venue.submitted[0]!.id;
  await until(() => first.engine.orders.find(id)?.status === 'submitted');
  await first.stop('test');
  return id;
}

/** One lot executed at 250 at the time of bar `index`. */
function oneLot(executionId: string, index: number) {
  return { executionId, lots: 1, price: 250, commission: 0.13, time: bar(index).time };
}

describe('startLive', () => {
  it('refuses mode backtest, and mode real without --confirm-real, before touching the venue', async () => {
    const venue = new ScriptedVenue({ instruments: [SBER] });
    await expect(
      startLive(config('backtest'), dir, { plugins: plugins(venue) }),
    ).rejects.toMatchObject({ code: 'MOEXBOT_ERR_RUN_MODE_INVALID' });
    await expect(startLive(config('real'), dir, { plugins: plugins(venue) })).rejects.toMatchObject(
      {
        code: 'MOEXBOT_ERR_RUN_REAL_NOT_CONFIRMED',
      },
    );
    expect(venue.submitted).toEqual([]);
  });

  it('refuses a read-only token for sandbox and real trading, and closes the venue', async () => {
    const venue = new ScriptedVenue({
      instruments: [SBER],
      account: { canTrade: false, reason: 'read-only token' },
    });
    await expect(
      startLive(config('real'), dir, { plugins: plugins(venue), confirmReal: true }),
    ).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_RUN_TOKEN_READ_ONLY',
      message: expect.stringContaining('read-only token'),
    });
    expect(venue.closed).toBe(1);
  });

  it('reports a venue that refuses the session with its reason', async () => {
    const venue = new ScriptedVenue({ instruments: [SBER] });
    venue.venue.open = async () => {
      throw new Error('UNAUTHENTICATED (40003): authentication token is missing or invalid');
    };
    await expect(
      startLive(config('paper'), dir, { plugins: plugins(venue) }),
    ).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_RUN_VENUE_REFUSED',
      message: expect.stringContaining('40003'),
    });
    expect(venue.closed).toBe(1);
  });

  it('names an instrument the venue does not know', async () => {
    const venue = new ScriptedVenue({ instruments: [] });
    await expect(
      startLive(config('paper'), dir, { plugins: plugins(venue) }),
    ).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_RUN_INSTRUMENT_UNAVAILABLE',
      message: expect.stringContaining('instruments[0] (SBER)'),
    });
  });

  it('paper: warms up on history, trades on live bars, and a restart continues the same account', async () => {
    const venue = new ScriptedVenue({ instruments: [SBER], history: [bar(0), bar(1), bar(2)] });
    const first = await startLive(config('paper'), dir, { plugins: plugins(venue) });
    expect(venue.subscribed).toBe(true);
    venue.emit(bar(2)); // the seam: already seen in history, dropped
    venue.emit(bar(3)); // the strategy's 4th bar: target 2 lots
    // The order reaches the simulator once the store has it; bars come a minute apart.
    await until(() => first.engine.orders.openOrders()[0]?.status === 'submitted');
    venue.emit(bar(4, 251)); // the simulator fills at this bar's open
    await until(() => first.engine.portfolio.book(SBER.uid).quantity === 20);
    expect(first.bars()).toBe(2);
    await first.stop('test');
    expect(venue.submitted).toEqual([]); // paper orders never reach the venue

    const store = await openSqliteStateStore(path.join(dir, 'state.sqlite'));
    const fills = await store.fills();
    await store.close();
    expect(fills.map((f) => [f.side, f.lots, f.price])).toEqual([['buy', 2, 251]]);

    const again = await startLive(config('paper'), dir, { plugins: plugins(venue) });
    expect(again.engine.portfolio.book(SBER.uid).quantity).toBe(20);
    expect(again.engine.portfolio.cashNanos).toBe(first.engine.portfolio.cashNanos);
    await again.stop('test');
  });

  it('names the young-generation setting to a sandbox session started without it, not to paper', async () => {
    // The vitest worker runs with Node's default: the setting comes from NODE_OPTIONS here.
    expect(semiSpaceSetting(process.execArgv, '')).toBeUndefined();
    const hinted = async (mode: 'paper' | 'sandbox', nodeOptions: string) => {
      vi.stubEnv('NODE_OPTIONS', nodeOptions);
      const lines: string[] = [];
      const destination = new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      });
      const session = await startLive(config(mode), dir, {
        plugins: plugins(sandboxVenue()),
        logger: createLogger({ level: 'info', destination }),
      });
      await session.stop('test');
      vi.unstubAllEnvs();
      return lines.some((line) => line.includes('"event":"HeapNotTuned"'));
    };
    expect(await hinted('sandbox', '')).toBe(true);
    expect(await hinted('sandbox', '--max-semi-space-size=64')).toBe(false);
    expect(await hinted('paper', '')).toBe(false);
  });

  it('sandbox: each order is in the state store before the venue sees it', async () => {
    const venue = sandboxVenue();
    const session = await startLive(config('sandbox'), dir, { plugins: plugins(venue) });
    const seen: (string | undefined)[] = [];
    venue.onSubmit = async (order) => {
      seen.push((await session.store.getOrder(order.id))?.id);
    };
    venue.emit(bar(3));
    await until(() => venue.submitted.length === 1);
    const order = venue.submitted[0]!;
    expect(seen).toEqual([order.id]);
    expect(order.id).toMatch(/^[0-9a-f-]{36}$/); // a UUID: the venue's idempotency key
    venue.fill(order.id, {
      executionId: 't1',
      lots: 2,
      price: 250,
      commission: 0.25,
      time: bar(3).time,
    });
    await until(() => session.engine.portfolio.book(SBER.uid).quantity === 20);
    await session.stop('test');
  });

  it('sandbox restart: books executions the dead session missed, adopts working orders, reports mismatches', async () => {
    const venue = sandboxVenue();
    const id = await leaveOrderWorking(venue);
    // While the bot was down: one lot filled, and the venue also holds 10 more pieces than expected.
    venue.fill(id, oneLot('t1', 4), false);
    venue.accountState_ = {
      cashNanos: toNanos(100_000 - 2_500.13),
      positions: [{ instrument: SBER.uid, quantity: 10, averagePrice: 250 }],
      openOrders: [],
    };

    const second = await startLive(config('sandbox', { cancelOnStop: false }), dir, {
      plugins: plugins(venue),
    });
    expect(second.mismatches).toEqual([]); // the baseline of the first start plus the booked fill
    expect(second.engine.portfolio.book(SBER.uid).quantity).toBe(10);
    expect(second.engine.portfolio.cashNanos).toBe(toNanos(100_000 - 2_500.13));
    const adopted = second.engine.orders.find(id);
    expect(adopted).toMatchObject({ status: 'partially_filled', filledLots: 1 });
    // The rest fills now, through the adopted order: booked once, store in step.
    venue.fill(id, oneLot('t2', 5));
    await until(() => second.engine.portfolio.book(SBER.uid).quantity === 20);
    expect(venue.submitted).toHaveLength(1); // never sent again
    await second.stop('test');

    venue.accountState_ = {
      cashNanos: toNanos(90_000),
      positions: [{ instrument: SBER.uid, quantity: 30, averagePrice: 250 }],
      openOrders: [],
    };
    const third = await startLive(config('sandbox'), dir, { plugins: plugins(venue) });
    expect(third.mismatches).toEqual([
      {
        kind: 'position',
        instrument: SBER.uid,
        message: 'SBER: the venue holds 30 pieces, the state store expected 20',
      },
    ]);
    expect(third.engine.portfolio.book(SBER.uid).quantity).toBe(30); // the venue is the truth
    expect(await third.store.fills()).toHaveLength(2);
    await third.stop('test');
  });

  it('sandbox restart: a fill landing while the account is read is booked once, not missed', async () => {
    const venue = sandboxVenue();
    const id = await leaveOrderWorking(venue);
    // The first read of the account during reconciliation coincides with an execution.
    venue.onAccountState = () => {
      venue.onAccountState = undefined;
      venue.fill(id, oneLot('t1', 4), false);
      venue.accountState_ = {
        cashNanos: toNanos(100_000 - 2_500.13),
        positions: [{ instrument: SBER.uid, quantity: 10, averagePrice: 250 }],
        openOrders: [],
      };
    };
    const second = await startLive(config('sandbox', { cancelOnStop: false }), dir, {
      plugins: plugins(venue),
    });
    expect(second.engine.portfolio.book(SBER.uid).quantity).toBe(10);
    expect(second.engine.orders.find(id)).toMatchObject({ filledLots: 1 });
    expect((await second.store.fills()).map((f) => f.executionId)).toEqual(['t1']);
    await second.stop('test');
  });

  it('saves strategy state after live bars and hands it back after a restart', async () => {
    const restoredWith: unknown[] = [];
    const counter = defineStrategy({
      id: 'scripted',
      params: z.object({}),
      create: () => {
        let liveBars = 0;
        return {
          onBar: () => {
            liveBars += 1;
            return undefined;
          },
          snapshot: () => ({ liveBars }),
          restore: (state) => {
            restoredWith.push(state);
            liveBars = (state as { liveBars: number }).liveBars;
          },
        };
      },
    });
    const venue = new ScriptedVenue({ instruments: [SBER], history: [bar(0), bar(1), bar(2)] });
    const first = await startLive(config('paper'), dir, {
      plugins: [scriptedVenuePlugin(venue), counter],
    });
    venue.emit(bar(3));
    venue.emit(bar(4));
    await first.stop('test');
    const second = await startLive(config('paper'), dir, {
      plugins: [scriptedVenuePlugin(venue), counter],
    });
    // 3 warm-up bars and 2 live ones were seen when the first session stopped.
    expect(restoredWith).toEqual([{ liveBars: 5 }]);
    await second.stop('test');
  });

  it('keeps the Moscow day’s starting equity across a restart, so the daily loss is not reset', async () => {
    const venue = new ScriptedVenue({ instruments: [SBER], history: [bar(0), bar(1), bar(2)] });
    const cfg = OperatorConfigSchema.parse({
      ...config('paper'),
      risk: { limits: { dailyLossLimit: 50_000 } },
    });
    const first = await startLive(cfg, dir, { plugins: plugins(venue) });
    const dayStart = first.engine.risk.dayStartEquity;
    venue.emit(bar(3));
    await until(() => first.engine.orders.openOrders()[0]?.status === 'submitted');
    venue.emit(bar(4, 251)); // filled with commission: equity is now below the day's start
    await until(() => first.engine.portfolio.book(SBER.uid).quantity === 20);
    venue.emit(bar(5, 200)); // and the price falls
    await first.stop('test');
    expect(first.engine.portfolio.equity).toBeLessThan(dayStart);

    const second = await startLive(cfg, dir, { plugins: plugins(venue) });
    expect(second.engine.risk.dayStartEquity).toBe(dayStart);
    await second.stop('test');
  });

  it('denies orders while the venue says the instrument is not tradable', async () => {
    const venue = sandboxVenue();
    venue.status.set(SBER.uid, { tradable: false, reason: 'session closed' });
    const session = await startLive(config('sandbox'), dir, { plugins: plugins(venue) });
    venue.emit(bar(3));
    await new Promise((r) => setTimeout(r, 30));
    expect(venue.submitted).toEqual([]);
    await session.stop('test');
  });
});
