import { type Order, type OrderIntent, parseDecimal } from '@moex-bot/framework';
import { describe, expect, it } from 'vitest';
import { order, useConnectedBroker } from '../broker.fixture.js';
import { MINUTE, SBER, waitFor } from '../venue.fixture.js';
import { postOrderRequest } from './placeOrder.js';

/** What the broker told its hooks, as `hook method`. */
let hooked: string[] = [];
const at = useConnectedBroker(() => {
  hooked = [];
  return {
    hooks: {
      onCall: (method, _ms, outcome) => hooked.push(`call ${method} ${outcome}`),
      onStreamReconnect: (stream) => hooked.push(`reconnect ${stream}`),
    },
  };
});

/** Submits an order that executes `perTick` lots at a time; waits for the first execution. */
async function partlyFilled(intent: Partial<OrderIntent>, perTick: number): Promise<Order> {
  at.venue.exchange.faults.next('PostOrder', { kind: 'partial-fill', lotsPerExecution: perTick });
  const submitted = order(intent);
  await at.broker.submit(submitted);
  await waitFor(() => at.events.lots(submitted.id) === perTick);
  return submitted;
}

/** Moves the exchange a minute on and waits until `lots` of the order are reported. */
async function nextMinute(submitted: Order, lots: number): Promise<void> {
  at.venue.exchange.advance(MINUTE);
  await waitFor(() => at.events.lots(submitted.id) === lots);
}

describe('TinvestBroker: an order through its life at the fake exchange', () => {
  it('reports acceptance, then each partial execution once, in lots, with the commission the venue charged', async () => {
    const { events } = at;
    const buy = await partlyFilled({ lots: 5 }, 2);
    await nextMinute(buy, 4);
    await nextMinute(buy, 5);

    const [placed] = at.venue.exchange.orders(at.venue.account);
    expect(placed!.orderRequestId).toBe(buy.id);
    expect(events.log).toEqual([
      `accepted ${buy.id} ${placed!.orderId}`,
      `filled ${buy.id} 2`,
      `filled ${buy.id} 2`,
      `filled ${buy.id} 1`,
    ]);
    // The same executions as the exchange's, each with the trade id, price and fee it booked.
    expect(
      events.fills.map((f) => [f.executionId, f.lots, String(f.price), String(f.commission)]),
    ).toEqual(placed!.executions.map((e) => [e.tradeId, e.lots, e.price, e.commission]));
    expect(at.venue.exchange.position(at.venue.account, SBER.uid)).toBe(50);
  });

  it('cancels a resting limit order after its partial fill; a second cancel is no error', async () => {
    const { broker, events } = at;
    // At the market: one lot executes at once, the rest rests.
    const buy = await partlyFilled({ type: 'limit', limitPrice: 250, lots: 3 }, 1);
    await broker.cancel(buy.id);
    expect(events.log.slice(-2)).toEqual([`filled ${buy.id} 1`, `cancelled ${buy.id}`]);
    await broker.cancel(buy.id);
    expect(events.log.filter((line) => line.startsWith('cancelled'))).toHaveLength(1);
    expect(at.venue.exchange.orders(at.venue.account)[0]!.status).toBe('cancelled');
  });

  it('a cancel in the same tick as the submit: the order is never sent, and ends cancelled', async () => {
    const { broker, events } = at;
    const resting = order({ type: 'limit', limitPrice: 240, lots: 1 });
    // As the engine does: submit not awaited, then cancel.
    const sent = broker.submit(resting);
    await expect(broker.cancel(resting.id)).resolves.toBeUndefined();
    await sent;
    expect(events.log).toEqual([`cancelled ${resting.id}`]);
    expect(at.venue.exchange.requests('PostOrder')).toHaveLength(0);
    expect(at.venue.exchange.orders(at.venue.account)).toHaveLength(0);
  });

  it('a cancel while the order is being sent is carried out as soon as it is placed', async () => {
    const { broker, events } = at;
    // The first PostOrder gets no reply for a while (then fails), so the order is in flight.
    at.venue.exchange.faults.next('PostOrder', { kind: 'deadline', delayMs: 150 });
    const resting = order({ type: 'limit', limitPrice: 240, lots: 1 });
    const sent = broker.submit(resting);
    await waitFor(() => at.venue.exchange.requests('PostOrder').length === 1);
    await broker.cancel(resting.id);
    expect(events.log).toEqual([]);
    await sent;
    const [placed] = at.venue.exchange.orders(at.venue.account);
    expect(events.log).toEqual([
      `accepted ${resting.id} ${placed!.orderId}`,
      `cancelled ${resting.id}`,
    ]);
    expect(placed!.status).toBe('cancelled');
    expect(at.venue.exchange.requests('CancelOrder')).toHaveLength(1);
  });

  it('cancelling an order that has filled is not an error', async () => {
    const { broker, events } = at;
    const buy = order({ lots: 2 });
    await broker.submit(buy);
    await waitFor(() => events.lots(buy.id) === 2);
    await expect(broker.cancel(buy.id)).resolves.toBeUndefined();
    expect(events.log.some((line) => line.startsWith('cancelled'))).toBe(false);
  });

  it('reports fills by the poll while the trades stream is down, each exactly once', async () => {
    const { events } = at;
    // The stream drops and cannot come back until the faults are cleared.
    at.venue.exchange.faults.next('TradesStream', { kind: 'unavailable' }, { times: 100_000 });
    at.venue.exchange.faults.dropStreams('TradesStream');
    await waitFor(() => at.venue.exchange.openStreams('TradesStream') === 0);
    const buy = await partlyFilled({ lots: 3 }, 1);
    await nextMinute(buy, 2);
    expect(at.venue.exchange.requests('GetOrders').length).toBeGreaterThan(0);
    expect(hooked).toContain('call OrdersService/PostOrder ok');
    expect(hooked).toContain('call OrdersService/GetOrders ok');
    expect(hooked).toContain('reconnect TradesStream');

    // Back up: the stream and the poll both see the last execution; it is reported once.
    at.venue.exchange.faults.clear();
    await waitFor(() => at.venue.exchange.openStreams('TradesStream') === 1);
    await nextMinute(buy, 3);
    await new Promise((resolve) => setTimeout(resolve, 250)); // a few more polls
    const ids = events.fills.map((f) => f.executionId);
    expect(new Set(ids).size).toBe(3);
    expect(ids).toEqual(
      at.venue.exchange.orders(at.venue.account)[0]!.executions.map((e) => e.tradeId),
    );
  });

  it('answers the account state and an order state from the venue', async () => {
    const { broker, events } = at;
    const buy = order({ lots: 2 });
    await broker.submit(buy);
    await waitFor(() => events.lots(buy.id) === 2);
    const resting = order({ type: 'limit', limitPrice: 240, lots: 1 });
    await broker.submit(resting);

    const account = await broker.accountState();
    expect(account.cashNanos).toBe(parseDecimal(at.venue.exchange.cash(at.venue.account)));
    expect(account.positions).toEqual([{ instrument: SBER.uid, quantity: 20, averagePrice: 250 }]);
    expect(account.openOrders).toMatchObject([
      { orderId: resting.id, status: 'submitted', lotsRequested: 1, lotsExecuted: 0 },
    ]);

    const filled = await broker.orderState(buy.id);
    expect(filled).toMatchObject({ orderId: buy.id, status: 'filled', lotsExecuted: 2 });
    expect(filled!.executions).toEqual(events.fills);
    expect(await broker.orderState('6f1f4a4e-0000-4000-8000-ffffffffffff')).toBeUndefined();
  });

  it('adopts an order a previous session left working: later executions are reported, earlier ones not', async () => {
    const { broker, events } = at;
    // The previous session placed it; one of its three lots executed before the restart.
    at.venue.exchange.faults.next('PostOrder', { kind: 'partial-fill', lotsPerExecution: 1 });
    const key = '6f1f4a4e-0000-4000-8000-0000000000aa';
    const earlier = { ...postOrderRequest(order({ lots: 3 }), at.venue.account), orderId: key };
    await at.venue.api().orders.postOrder(earlier);
    const state = await broker.orderState(key);
    expect(state).toMatchObject({ orderId: key, status: 'partially_filled', lotsExecuted: 1 });
    expect(state!.executions).toHaveLength(1);

    at.venue.exchange.advance(MINUTE);
    await waitFor(() => events.lots(key) === 1);
    at.venue.exchange.advance(MINUTE);
    await waitFor(() => events.lots(key) === 2);
    const reported = events.fills.map((f) => f.executionId);
    expect(reported).not.toContain(state!.executions[0]!.executionId);
    expect(events.log.some((line) => line.startsWith('accepted'))).toBe(false);
  });
});
