import { SecurityTradingStatus } from '@moex-bot/tinvest-fake';
import { describe, expect, it } from 'vitest';
import { order, useConnectedBroker } from '../broker.fixture.js';
import { SBER, waitFor } from '../venue.fixture.js';

/** The API codes of the retries the broker reported. */
let retries: number[] = [];
const at = useConnectedBroker(() => {
  retries = [];
  return {
    hooks: { onRetry: (_method, error) => retries.push(error.apiCode ?? 0) },
    // Given up after three empty lookups, however quick: the tests say when they come.
    notReceivedGraceMs: 0,
  };
});

/** What the exchange logged of the lookups by key. */
const lookupsByKey = () =>
  at.venue.exchange
    .requests('GetOrderState')
    .map((r) => r.request as { orderId: string; orderIdType?: number })
    .filter((r) => r.orderIdType === 2);

describe('placing an order when the reply is lost', () => {
  for (const as of ['drop', 'deadline', 'unavailable'] as const) {
    it(`finds the order by its key and does not send it again (reply lost as ${as})`, async () => {
      const { broker, events } = at;
      at.venue.exchange.faults.next('PostOrder', { kind: 'response-lost', as });
      const buy = order({ lots: 2 });
      await broker.submit(buy);
      const placed = at.venue.exchange.orders(at.venue.account);
      expect(placed).toHaveLength(1);
      expect(at.venue.exchange.requests('PostOrder')).toHaveLength(1);
      expect(lookupsByKey().map((r) => r.orderId)).toEqual([buy.id]);
      expect(events.log[0]).toBe(`accepted ${buy.id} ${placed[0]!.orderId}`);
      // Its executions (from the order's stages and the stream) are reported once.
      await waitFor(() => events.lots(buy.id) === 2);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(events.lots(buy.id)).toBe(2);
    });
  }

  it('sends again, with the same key, an order the venue never received', async () => {
    const { broker, events } = at;
    at.venue.exchange.faults.next('PostOrder', { kind: 'unavailable' });
    const buy = order();
    await broker.submit(buy);
    expect(at.venue.exchange.requests('PostOrder').map((r) => r.orderId)).toEqual([buy.id, buy.id]);
    expect(lookupsByKey()).toHaveLength(1);
    expect(at.venue.exchange.orders(at.venue.account)).toHaveLength(1);
    expect(events.log[0]).toMatch(`accepted ${buy.id}`);
  });

  it('gives up after the re-sends, with a reason that says why', async () => {
    const { broker, events } = at;
    at.venue.exchange.faults.next('PostOrder', { kind: 'unavailable' }, { times: 3 });
    const buy = order();
    await broker.submit(buy);
    expect(at.venue.exchange.requests('PostOrder')).toHaveLength(3);
    expect(at.venue.exchange.orders(at.venue.account)).toHaveLength(0);
    expect(events.rejections).toEqual([
      {
        orderId: buy.id,
        reason: expect.stringMatching(/^the venue did not receive the order in 3 attempts/),
        code: 'UNAVAILABLE',
      },
    ]);
  });

  it('waits for the reset after an 80002 and goes on', async () => {
    const { broker, events } = at;
    at.venue.exchange.faults.next('PostOrder', { kind: 'rate-limit', resetSeconds: 1 });
    const started = Date.now();
    const buy = order();
    await broker.submit(buy);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(at.venue.exchange.requests('PostOrder').map((r) => r.code)).toEqual([80002, undefined]);
    expect(lookupsByKey()).toHaveLength(0);
    expect(retries).toEqual([80002]);
    expect(events.log[0]).toMatch(`accepted ${buy.id}`);
  });
});

describe('business refusals', () => {
  it('rejects an off-grid limit price with 30078 and sends nothing again', async () => {
    const { broker, events } = at;
    const buy = order({ type: 'limit', limitPrice: 250.005 });
    await broker.submit(buy);
    expect(at.venue.exchange.requests('PostOrder')).toHaveLength(1);
    expect(lookupsByKey()).toHaveLength(0);
    expect(events.rejections).toEqual([
      {
        orderId: buy.id,
        reason: expect.stringMatching(
          /^price is not a multiple of the price step: Incorrect minimum price increment \[tracking .+\]$/,
        ),
        code: '30078',
      },
    ]);
  });

  it('rejects an order outside the session with 30079', async () => {
    const { broker, events } = at;
    at.venue.exchange.setTime('2024-03-11T21:00:00Z'); // midnight in Moscow
    await broker.submit(order());
    expect(events.rejections[0]).toMatchObject({
      code: '30079',
      reason: expect.stringMatching(/^instrument not tradable now: Instrument is not available/),
    });
  });

  it('rejects an order in an instrument not tradable through the API with 30052', async () => {
    const { broker, events } = at;
    at.venue.exchange.loadInstruments([{ ...SBER, lot: 10, buyAvailableFlag: false }]);
    await broker.submit(order());
    expect(events.rejections[0]).toMatchObject({
      code: '30052',
      reason: expect.stringMatching(/^instrument not tradable through the API/),
    });
  });

  it('rejects an order during a break in trading with 30079', async () => {
    const { broker, events } = at;
    at.venue.exchange.setTradingStatus(
      SBER.uid,
      SecurityTradingStatus.SECURITY_TRADING_STATUS_BREAK_IN_TRADING,
    );
    await broker.submit(order({ side: 'sell' }));
    expect(events.rejections[0]!.code).toBe('30079');
    expect(at.venue.exchange.requests('PostOrder')).toHaveLength(1);
  });
});

describe('a lost reply the venue is slow to show', () => {
  it('keeps an order whose key the venue refused as taken (30057) until the venue shows it', async () => {
    const { broker, events } = at;
    const faults = at.venue.exchange.faults;
    faults.next('PostOrder', { kind: 'response-lost' }); // placed (and filled), reply lost
    faults.next('PostOrder', { kind: 'error', code: 30057 }, { times: 2 }); // the key is taken
    faults.next('GetOrderState', { kind: 'error', code: 50005 }, { times: 6 }); // lookups lag
    const buy = order({ lots: 2 });
    await broker.submit(buy);
    // Sent again once after the first empty lookup; after the 30057 never again.
    expect(at.venue.exchange.requests('PostOrder').map((r) => r.code)).toEqual([undefined, 30057]);
    expect(events.rejections).toEqual([]);
    // Reconciliation asking now must not take it for never received.
    expect(await broker.orderState(buy.id)).toMatchObject({
      orderId: buy.id,
      status: 'submitted',
    });

    // More empty lookups by the poll, then the venue shows the order: all of it is booked.
    await waitFor(() => events.lots(buy.id) === 2);
    const [placed] = at.venue.exchange.orders(at.venue.account);
    expect(events.log).toEqual([`accepted ${buy.id} ${placed!.orderId}`, `filled ${buy.id} 2`]);
    expect(faults.pending('GetOrderState')).toBe(0);
    expect(at.venue.exchange.orders(at.venue.account)).toHaveLength(1);
  });

  it('finds an acknowledged order among the open ones while its lookup by key still fails', async () => {
    const { broker, events } = at;
    const faults = at.venue.exchange.faults;
    faults.next('PostOrder', { kind: 'response-lost' });
    faults.next('PostOrder', { kind: 'error', code: 30057 });
    faults.next('GetOrderState', { kind: 'error', code: 50005 }, { times: 1_000 });
    const resting = order({ type: 'limit', limitPrice: 240, lots: 1 });
    await broker.submit(resting);
    await waitFor(() => events.log.length === 1);
    const [placed] = at.venue.exchange.orders(at.venue.account);
    expect(events.log).toEqual([`accepted ${resting.id} ${placed!.orderId}`]);
    // Followed as any working order: it can be cancelled.
    faults.clear();
    await broker.cancel(resting.id);
    expect(events.log.at(-1)).toBe(`cancelled ${resting.id}`);
    expect(at.venue.exchange.orders(at.venue.account)[0]!.status).toBe('cancelled');
  });

  it('does not give an unresolved order up at the first empty lookup', async () => {
    const { broker, events } = at;
    const faults = at.venue.exchange.faults;
    faults.next('PostOrder', { kind: 'response-lost' });
    // The venue cannot be asked at once (three tries), then its lookups lag twice.
    faults.next('GetOrderState', { kind: 'unavailable' }, { times: 3 });
    faults.next('GetOrderState', { kind: 'error', code: 50005 }, { times: 2 });
    const buy = order({ lots: 2 });
    await broker.submit(buy);
    await waitFor(() => events.lots(buy.id) === 2);
    expect(events.rejections).toEqual([]);
    expect(events.log[0]).toBe(
      `accepted ${buy.id} ${at.venue.exchange.orders(at.venue.account)[0]!.orderId}`,
    );
  });

  it('rejects an order the venue never showed after repeated empty lookups', async () => {
    const { broker, events } = at;
    const faults = at.venue.exchange.faults;
    faults.next('PostOrder', { kind: 'unavailable' }); // never reached the venue
    faults.next('GetOrderState', { kind: 'unavailable' }, { times: 3 });
    const buy = order();
    await broker.submit(buy);
    expect(await broker.orderState(buy.id)).toMatchObject({ status: 'submitted' });
    await waitFor(() => events.rejections.length === 1);
    expect(events.rejections[0]).toMatchObject({ orderId: buy.id, code: 'NOT_RECEIVED' });
    expect(lookupsByKey().length).toBeGreaterThanOrEqual(3 + 1 + 3);
    expect(await broker.orderState(buy.id)).toBeUndefined();
    expect(at.venue.exchange.orders(at.venue.account)).toHaveLength(0);
  });
});
