/**
 * What a session starts from. Paper: the account the stored fills add up to (the
 * simulator's working orders died with the process). Sandbox and real: the venue is
 * the truth — orders the store holds open are settled by their keys first (missed
 * executions booked, working ones adopted), then the venue's cash and positions are
 * compared with what the store expects, every difference reported, and the venue's
 * figures used.
 * @module
 */
import type { BrokerAccountState, BrokerOrderState, LiveBroker } from '../contracts/broker.js';
import { formatNanos, toNanos } from '../domain/decimal.js';
import type { Instrument } from '../domain/instrument.js';
import { type Fill, isTerminal, type Order } from '../domain/order.js';
import { Portfolio } from '../domain/portfolio.js';
import { executionIdOf, fillOf } from '../engine/ExecutionEngine.js';
import { MoexBotError } from '../errors.js';
import { replayAccount } from '../state/replayAccount.js';
import type { OrderRecord, StateStore } from '../state/StateStore.js';

/** The store's view of positions and cash after the last reconciliation. */
const BASELINE = 'host:baseline';

/** A difference between what the store expected and what the venue holds. */
export interface Mismatch {
  readonly kind: 'position' | 'cash' | 'order';
  readonly instrument?: string;
  readonly message: string;
}

/** The restored ledger and what reconciliation found. */
export interface RestoredAccount {
  readonly portfolio: Portfolio;
  readonly mismatches: readonly Mismatch[];
  /** Orders still working at the venue, for the engine to adopt. */
  readonly working: readonly Order[];
  /** Executions booked now that the previous session missed. */
  readonly missedExecutions: number;
}

/** The paper account: stored fills replayed on the paper starting cash. */
export async function restorePaper(
  store: StateStore,
  instruments: readonly Instrument[],
  initialCash: number,
  now: number,
): Promise<RestoredAccount> {
  // The simulator's resting orders lived in the process that stopped.
  for (const order of await store.openOrders()) {
    await store.updateOrder({ ...order, status: 'cancelled', updatedAt: now });
  }
  const portfolio = replayAccount({
    initialCashNanos: toNanos(initialCash),
    instruments,
    fills: await store.fills(),
  });
  return { portfolio, mismatches: [], working: [], missedExecutions: 0 };
}

/**
 * Settles stored open orders with the venue, then builds the ledger from the venue's
 * account. `prices` gives each instrument's last price, the cost basis of a restored
 * position when the venue reports no average price.
 */
export async function reconcileWithVenue(
  store: StateStore,
  venue: LiveBroker,
  instruments: readonly Instrument[],
  prices: (uid: string) => number,
  now: number,
): Promise<RestoredAccount> {
  const byUid = new Map(instruments.map((i) => [i.uid, i]));
  const mismatches: Mismatch[] = [];
  const working: Order[] = [];
  let missedExecutions = 0;
  const open = await store.openOrders();
  const { states, account } = await consistentRead(venue, open);
  for (const [index, order] of open.entries()) {
    const state = states[index];
    const instrument = byUid.get(order.instrument);
    if (instrument === undefined) {
      // Its instrument left the config: report it, and leave it for the operator.
      mismatches.push({
        kind: 'order',
        instrument: order.instrument,
        message: `order ${order.id} for ${order.instrument}, no longer configured, is ${state?.status ?? 'unknown to the venue'}; settle it by hand`,
      });
      continue;
    }
    if (state === undefined) {
      // Recorded, then the process died before the venue had it: it never existed there.
      await store.updateOrder({
        ...order,
        status: 'rejected',
        rejectReason: 'not received by the venue before the restart',
        updatedAt: now,
      });
      continue;
    }
    const settled = await bookMissed(store, order, state, instrument);
    missedExecutions += settled.booked;
    if (!isTerminal(settled.order.status)) working.push({ ...settled.order });
  }

  // Read once: the fills are the whole account's history, which grows for as long as it trades.
  const fills = await store.fills();
  const expected = await expectedPositions(store, fills);
  const actual = new Map(account.positions.map((p) => [p.instrument, p]));
  for (const instrument of instruments) {
    const want = expected?.get(instrument.uid) ?? 0;
    const have = actual.get(instrument.uid)?.quantity ?? 0;
    if (expected !== undefined && want !== have) {
      mismatches.push({
        kind: 'position',
        instrument: instrument.uid,
        message: `${instrument.ticker}: the venue holds ${have} pieces, the state store expected ${want}`,
      });
    }
  }

  // The venue's positions at their cost basis, with cash equal to the venue's cash.
  let cost = 0n;
  const opening: Fill[] = [];
  for (const instrument of instruments) {
    const position = actual.get(instrument.uid);
    if (position === undefined || position.quantity === 0) continue;
    const price = position.averagePrice ?? prices(instrument.uid);
    const pieces = Math.abs(position.quantity);
    cost += BigInt(position.quantity) * toNanos(price);
    opening.push({
      orderId: 'restored-position',
      strategyId: '@restore',
      instrument: instrument.uid,
      side: position.quantity > 0 ? 'buy' : 'sell',
      lots: pieces / instrument.lot,
      quantity: pieces,
      price,
      commission: 0,
      time: now,
      reason: 'manual',
    });
  }
  const portfolio = new Portfolio(account.cashNanos + cost, instruments);
  for (const fill of opening) portfolio.applyFill(fill);
  await saveBaseline(store, account.positions, account.cashNanos, fills.length, now);
  return { portfolio, mismatches, working, missedExecutions };
}

/** Reads per attempt before giving up on a quiet moment; each is a few venue calls. */
const CONSISTENT_READS = 5;

/**
 * The open orders' states and the account as of one moment: the orders are read before
 * and after the account, until no execution happened in between. Otherwise a fill landing
 * between the reads would be in the account's positions and also booked as missed (or
 * the reverse), and counted twice (or not at all).
 */
async function consistentRead(
  venue: LiveBroker,
  open: readonly OrderRecord[],
): Promise<{ states: (BrokerOrderState | undefined)[]; account: BrokerAccountState }> {
  const read = () => Promise.all(open.map((order) => venue.orderState(order.id)));
  let before = await read();
  for (let attempt = 1; ; attempt++) {
    const account = await venue.accountState();
    const after = await read();
    const executed = (states: (BrokerOrderState | undefined)[]) =>
      states.map((state) => state?.lotsExecuted ?? -1).join(',');
    if (executed(before) === executed(after) || attempt === CONSISTENT_READS) {
      if (executed(before) !== executed(after)) {
        throw new MoexBotError(
          'RUN_VENUE_REFUSED',
          `orders kept filling while the account was read ${CONSISTENT_READS} times; start again when the market is calmer`,
        );
      }
      return { states: after, account };
    }
    before = after;
  }
}

/** Books the executions of `state` the store lacks; returns the order as it now stands. */
async function bookMissed(
  store: StateStore,
  stored: OrderRecord,
  state: BrokerOrderState,
  instrument: Instrument,
): Promise<{ order: OrderRecord; booked: number }> {
  let order: OrderRecord = { ...stored, brokerOrderId: state.brokerOrderId };
  let booked = 0;
  let filled = 0;
  for (const execution of state.executions) {
    filled += execution.lots;
    const executionId = executionIdOf(execution.executionId, { id: order.id, filledLots: filled });
    if (await store.hasExecution(executionId)) continue;
    order = {
      ...order,
      filledLots: filled,
      status: filled >= order.lots ? 'filled' : 'partially_filled',
      updatedAt: execution.time,
    };
    await store.recordExecution({
      executionId,
      fill: fillOf(order, execution, instrument.lot),
      order,
    });
    booked += 1;
  }
  const final = state.status;
  if (
    final === 'cancelled' ||
    final === 'rejected' ||
    (final === 'filled' && !isTerminal(order.status))
  ) {
    order = {
      ...order,
      status: final,
      ...(state.rejectReason ? { rejectReason: state.rejectReason } : {}),
    };
    await store.updateOrder(order);
  } else if (order.status === 'new') {
    order = { ...order, status: 'submitted' };
    await store.updateOrder(order);
  }
  return { order, booked };
}

interface Baseline {
  readonly positions: Record<string, number>;
  readonly cash: string;
  /** Fills stored when the baseline was taken: later ones move the expected positions. */
  readonly fills: number;
}

/** Positions the store expects: the last baseline plus every fill since; undefined on a first start. */
async function expectedPositions(
  store: StateStore,
  fills: readonly Fill[],
): Promise<Map<string, number> | undefined> {
  const snapshot = (await store.loadSnapshots('plugin')).find((s) => s.name === BASELINE);
  if (snapshot === undefined) return undefined;
  const baseline = snapshot.data as unknown as Baseline;
  const positions = new Map(Object.entries(baseline.positions));
  for (const fill of fills.slice(baseline.fills)) {
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    positions.set(fill.instrument, (positions.get(fill.instrument) ?? 0) + signed);
  }
  return positions;
}

async function saveBaseline(
  store: StateStore,
  positions: readonly { instrument: string; quantity: number }[],
  cashNanos: bigint,
  fills: number,
  time: number,
): Promise<void> {
  const data: Baseline = {
    positions: Object.fromEntries(positions.map((p) => [p.instrument, p.quantity])),
    cash: formatNanos(cashNanos),
    fills,
  };
  await store.saveSnapshot({ scope: 'plugin', name: BASELINE, data: { ...data }, time });
}
