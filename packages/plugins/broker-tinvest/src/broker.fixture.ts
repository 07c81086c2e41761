/**
 * The `tinvest` broker against the fake venue of `venue.fixture.ts`: a broker context
 * that records halts, releases and alerts, an event sink that records what the broker
 * reports, engine-like orders, and the broker built by the plugin's own factory with
 * quick retries and polls.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type {
  Alert,
  BrokerContext,
  BrokerEvents,
  BrokerFill,
  Order,
  OrderIntent,
  RunMode,
  TradingStateName,
} from '@moex-bot/framework';
import { OrderTracker, silentLogger, wallClock } from '@moex-bot/framework';
import { afterEach, beforeEach } from 'vitest';
import { createTinvestBroker, type TinvestHostOptions } from './createTinvestBroker.js';
import { type TinvestParams, TinvestParamsSchema } from './params.js';
import { SBER, startVenue, TOKEN, waitFor } from './venue.fixture.js';

type Venue = Awaited<ReturnType<typeof startVenue>>;

/**
 * A broker context whose trading control and alerts record what they are told. Like the
 * host's trading state, the control keeps holds by reason (`holds`: those restored from a
 * previous session) and a release lifts only a hold in force; `releases` lists those.
 */
export function brokerContext(mode: RunMode, dataDir?: string, holds: readonly string[] = []) {
  const halts: string[] = [];
  const releases: string[] = [];
  const alerts: Alert[] = [];
  const held = new Set(holds);
  const context: BrokerContext = {
    name: 'tinvest',
    logger: silentLogger(),
    clock: wallClock,
    alerts: { raise: (alert) => alerts.push({ time: Date.now(), ...alert }) },
    instruments: [],
    mode,
    dataDir,
    trading: {
      get state(): TradingStateName {
        return held.size > 0 ? 'halted' : 'active';
      },
      halt: (reason) => {
        halts.push(reason);
        held.add(reason);
      },
      reduce: () => undefined,
      release: (reason) => {
        if (held.delete(reason)) releases.push(reason);
      },
    },
  };
  return { context, halts, releases, alerts, held };
}

/** Records what a broker reports, in order. */
export function recordEvents() {
  const log: string[] = [];
  const fills: BrokerFill[] = [];
  const rejections: { orderId: string; reason: string; code: string | undefined }[] = [];
  const sink: BrokerEvents = {
    accepted: (orderId, exchangeId) => log.push(`accepted ${orderId} ${exchangeId}`),
    rejected: (orderId, reason, code) => {
      rejections.push({ orderId, reason, code });
      log.push(`rejected ${orderId} ${code}`);
    },
    filled: (fill) => {
      fills.push(fill);
      log.push(`filled ${fill.orderId} ${fill.lots}`);
    },
    cancelled: (orderId) => log.push(`cancelled ${orderId}`),
  };
  return {
    log,
    fills,
    rejections,
    sink,
    /** Lots filled for an order so far. */
    lots: (orderId: string) =>
      fills.filter((f) => f.orderId === orderId).reduce((sum, f) => sum + f.lots, 0),
  };
}

/** Orders as a live engine makes them: UUID ids, which the venue takes as keys. */
const engineOrders = new OrderTracker(randomUUID);

/** An engine order of SBER: a market buy of one lot unless the intent says otherwise. */
export function order(intent: Partial<OrderIntent> = {}): Order {
  const lots = intent.lots ?? 1;
  return engineOrders.create(
    {
      strategyId: 'test',
      instrument: SBER.uid,
      side: 'buy',
      type: 'market',
      lots,
      reason: 'signal',
      time: 0,
      ...intent,
    },
    lots,
  );
}

/** Quick retries and reconnects, a breaker that a test opens only on purpose. */
export const QUICK: TinvestHostOptions = {
  retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 },
  breaker: { failureThreshold: 20, cooldownMs: 100 },
  maxReconnectDelayMs: 20,
};

/** The broker on the fake venue, built as the plugin builds it; `connect` wires events. */
export async function startBroker(
  venue: Venue,
  setup: {
    mode?: RunMode;
    params?: Partial<Record<keyof TinvestParams, unknown>>;
    options?: TinvestHostOptions;
    dataDir?: string;
    /** Holds in force when the broker starts, as a restarted host restores them. */
    holds?: readonly string[];
  } = {},
) {
  const { context, halts, releases, alerts, held } = brokerContext(
    setup.mode ?? 'real',
    setup.dataDir,
    setup.holds,
  );
  const params = TinvestParamsSchema.parse({
    token: TOKEN,
    endpoint: venue.server.endpoint,
    accountId: venue.account,
    pollIntervalMs: 100,
    ...setup.params,
  });
  const broker = await createTinvestBroker(params, context, { ...QUICK, ...setup.options });
  const events = recordEvents();
  return {
    broker,
    events,
    halts,
    releases,
    alerts,
    held,
    connect: () => broker.connect(events.sink),
  };
}

/** A broker started by {@link startBroker}, and the venue it trades at. */
export type ConnectedBroker = Awaited<ReturnType<typeof startBroker>> & { venue: Venue };

/**
 * For each test of a file: a fresh venue and a broker connected to it, its trades stream
 * up; both closed after the test. `options` is asked anew for each test.
 */
export function useConnectedBroker(
  options: () => TinvestHostOptions = () => ({}),
): ConnectedBroker {
  const current = {} as ConnectedBroker;
  beforeEach(async () => {
    const venue = await startVenue();
    Object.assign(current, { venue }, await startBroker(venue, { options: options() }));
    await current.connect();
    await waitFor(() => venue.exchange.openStreams('TradesStream') === 1);
  });
  afterEach(async () => {
    await current.broker.close();
    await current.venue.close();
  });
  return current;
}
