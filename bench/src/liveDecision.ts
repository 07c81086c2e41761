/**
 * The live decision path: a completed bar reaches the engine, the strategy signals, the
 * host sizes and risk-checks the order, the state store records it, and the `tinvest`
 * broker sends it over real gRPC to the fake exchange on loopback, which acknowledges it.
 * Thousands of orders, one per bar, each waited for before the next bar. Reported as
 * p50 / p99 of each leg, beside a bare `PostOrder` round trip of the same client measured
 * in the same run, between the session's orders, as the reference.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  createTinvestBroker,
  InvestApi,
  postOrderRequest,
  TINVEST_RATE_LIMITS,
  TinvestParamsSchema,
} from '@moex-bot/broker-tinvest';
import {
  type Bar,
  type Broker,
  type BrokerContext,
  type BrokerEvents,
  composeRun,
  heapTuningHint,
  type Order,
  openSqliteStateStore,
  PersistingBroker,
  SerialWriter,
  semiSpaceSetting,
  signals,
  silentLogger,
  wallClock,
} from '@moex-bot/framework';
import { scriptedStrategy } from '@moex-bot/framework/testing';
import { FakeExchange, startFakeExchange } from '@moex-bot/tinvest-fake';

const ORDERS = Number(process.env.BENCH_LIVE_ORDERS ?? 3_000);
/** Orders whose timings are dropped while the JIT warms up. */
const WARMUP = 300;
const T0 = Date.parse('2024-03-11T07:00:00Z');
const TOKEN = 't.bench';
const UNLIMITED = 1e9;

/** Timings of one leg, µs. */
class Leg {
  readonly samples: number[] = [];
  add(ms: number): void {
    this.samples.push(ms * 1000);
  }
  quantile(q: number): number {
    const sorted = this.samples.slice(WARMUP).sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  }
}

/** Marks the moment an order passes, and the moment the venue acknowledges it. */
class Stopwatch implements Broker {
  constructor(
    private readonly inner: Broker,
    private readonly mark: (order: Order) => void,
    private readonly acknowledged?: (orderId: string) => void,
  ) {}
  connect(events: BrokerEvents) {
    const ack = this.acknowledged;
    return this.inner.connect(
      ack === undefined
        ? events
        : {
            // The engine's sink is a class: its methods are not own properties to spread.
            accepted: (orderId, exchangeId) => {
              ack(orderId);
              events.accepted(orderId, exchangeId);
            },
            rejected: (orderId, reason, code) => events.rejected(orderId, reason, code),
            filled: (fill) => events.filled(fill),
            cancelled: (orderId) => events.cancelled(orderId),
          },
    );
  }
  submit(order: Order) {
    this.mark(order);
    return this.inner.submit(order);
  }
  cancel(orderId: string) {
    return this.inner.cancel(orderId);
  }
  close() {
    return this.inner.close?.();
  }
}

function exchangeWithSber() {
  const exchange = new FakeExchange({
    startTime: T0,
    rateLimits: {
      limits: { OrdersService: UNLIMITED, PostOrder: UNLIMITED, GetOrders: UNLIMITED },
    },
  });
  exchange.loadInstruments([
    {
      ticker: 'SBER',
      classCode: 'TQBR',
      uid: 'sber-uid',
      figi: 'BBG004730N88',
      lot: 10,
      minPriceIncrement: '0.01',
    },
  ]);
  const candles = Array.from({ length: 10 }, (_, i) => ({
    time: T0 + i * 60_000,
    open: '250',
    high: '250',
    low: '250',
    close: '250',
    volume: 100,
  }));
  exchange.loadCandles('SBER', '1m', candles);
  exchange.setTime(T0 + 5 * 60_000);
  const account = exchange.openAccount({ money: 1_000_000_000 });
  exchange.addToken(TOKEN, { accounts: [account] });
  return { exchange, account };
}

function context(): BrokerContext {
  return {
    name: 'tinvest',
    clock: wallClock,
    logger: silentLogger(),
    alerts: { raise: () => undefined },
    instruments: [],
    mode: 'real',
    dataDir: undefined,
    trading: {
      state: 'active',
      halt: () => undefined,
      reduce: () => undefined,
      release: () => undefined,
    },
  };
}

/** Runs the bench; returns the lines to print. */
export async function benchLiveDecision(): Promise<string[]> {
  const { exchange, account } = exchangeWithSber();
  const postOrderCall = new Leg();
  const server = await startFakeExchange(exchange);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-bench-live-'));
  const unlimited = {
    services: Object.fromEntries(
      Object.keys(TINVEST_RATE_LIMITS.services).map((s) => [s, UNLIMITED]),
    ),
    methods: {},
    windowMs: 60_000,
  };
  const tinvest = await createTinvestBroker(
    TinvestParamsSchema.parse({
      token: TOKEN,
      endpoint: server.endpoint,
      accountId: account,
      pollIntervalMs: 60_000,
    }),
    context(),
    {
      rateLimits: unlimited,
      hooks: {
        onCall: (method, ms) => {
          if (method === 'OrdersService/PostOrder') postOrderCall.add(ms);
        },
      },
    },
  );
  await tinvest.venue.open();
  const sber = await tinvest.venue.instruments.resolve({ ticker: 'SBER', classCode: 'TQBR' });
  const store = await openSqliteStateStore(path.join(dir, 'state.sqlite'));
  const writer = new SerialWriter((error) => {
    throw error;
  });

  const decision = new Leg();
  const record = new Leg();
  const roundTrip = new Leg();
  let barAt = 0;
  const decidedAt = new Map<string, number>();
  const sentAt = new Map<string, number>();
  const sent = new Stopwatch(
    tinvest,
    (order) => {
      const now = performance.now();
      sentAt.set(order.id, now);
      record.add(now - decidedAt.get(order.id)!);
    },
    (orderId) => roundTrip.add(performance.now() - sentAt.get(orderId)!),
  );
  const decided = new Stopwatch(new PersistingBroker(sent, store, writer), (order) => {
    const now = performance.now();
    decidedAt.set(order.id, now);
    decision.add(now - barAt);
  });
  // Long one lot on even bars, flat on odd ones: one order per bar.
  const flip = scriptedStrategy((_bar, index) =>
    signals.targetLots(sber.uid, index % 2 === 0 ? 1 : 0),
  );
  const run = await composeRun({
    clock: wallClock,
    mode: 'real',
    instruments: [sber],
    brokerInstance: { broker: decided, name: 'tinvest' },
    newOrderId: randomUUID,
    strategies: [{ definition: flip, instruments: [sber.uid] }],
    initialCash: 1_000_000_000,
  });
  let settled: (() => void) | undefined;
  run.engine.execution.addListener({
    onOrder: (order) => {
      if (order.status === 'filled' || order.status === 'rejected' || order.status === 'cancelled')
        settled?.();
    },
  });
  await run.engine.start();
  // Executions before the trades stream is up would come by the (slow) poll: wait for it.
  while (exchange.openStreams('TradesStream') === 0) await new Promise((r) => setTimeout(r, 5));

  const bar = (i: number): Bar => ({
    instrument: sber.uid,
    time: T0 + i * 60_000,
    open: 250,
    high: 250,
    low: 250,
    close: 250,
    volume: 100,
  });
  // The reference: the same client's bare PostOrder round trip, no engine, no store. It
  // alternates with the session's orders, so that both see the same JIT warmth, heap and
  // machine load; measured one after the other, whichever runs second looks faster.
  const bare = new Leg();
  const api = new InvestApi({ token: TOKEN, endpoint: server.endpoint });
  for (let i = 0; i < ORDERS; i++) {
    const done = new Promise<void>((resolve) => {
      settled = resolve;
    });
    barAt = performance.now();
    run.engine.onBar(bar(i));
    await done;

    const order = {
      id: randomUUID(),
      instrument: sber.uid,
      side: i % 2 === 0 ? 'buy' : 'sell',
      type: 'market',
      lots: 1,
    } as Order;
    const start = performance.now();
    await api.orders.postOrder(postOrderRequest(order, account));
    bare.add(performance.now() - start);
  }

  const rejected = (await store.orders()).filter((o) => o.status === 'rejected').length;
  api.close();
  await tinvest.close();
  await store.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });

  const us = (leg: Leg) =>
    `p50 ${leg.quantile(0.5).toFixed(0).padStart(5)} µs   p99 ${leg.quantile(0.99).toFixed(0).padStart(5)} µs`;
  const decisionOk = decision.quantile(0.99) <= 200;
  const tripOk = roundTrip.quantile(0.99) <= 5_000;
  const semiSpace = semiSpaceSetting();
  return [
    `live decision path: ${ORDERS.toLocaleString('en-US')} orders over gRPC to the fake exchange on loopback (first ${WARMUP} not timed), ${rejected} rejected`,
    `  V8 semi-space: ${semiSpace === undefined ? "Node's default" : `${semiSpace} MB`}${heapTuningHint(semiSpace) === undefined ? ' (as docs/live.md recommends for live processes)' : ' (docs/live.md recommends 64 MB for live processes)'}`,
    `  bar → order (engine decision)      ${us(decision)}`,
    `  order recorded in the state store  ${us(record)}`,
    `  sent → acknowledged (round trip)   ${us(roundTrip)}`,
    `  of which the PostOrder call itself ${us(postOrderCall)}`,
    `  reference: bare PostOrder          ${us(bare)}`,
    `  round trip / bare PostOrder        p50 ${(roundTrip.quantile(0.5) / bare.quantile(0.5)).toFixed(2)}×   p99 ${(roundTrip.quantile(0.99) / bare.quantile(0.99)).toFixed(2)}×`,
    `target engine decision p99 ≤ 200 µs: ${decisionOk ? 'met' : 'NOT met'}; round trip p99 ≤ 5 ms: ${tripOk ? 'met' : 'NOT met'}`,
  ];
}
