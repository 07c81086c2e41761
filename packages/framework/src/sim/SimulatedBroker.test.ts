import { describe, expect, it } from 'vitest';
import { toNanos } from '../domain/decimal.js';
import { type SimAccount, SimulatedBroker } from './SimulatedBroker.js';
import { bar, MINUTE, order, sber, setup } from './sim.fixture.js';

const account = (cash: number, positions: Record<string, number> = {}): SimAccount => ({
  cashNanos: () => toNanos(cash),
  position: (uid) => positions[uid] ?? 0,
});

describe('SimulatedBroker.submit: validation', () => {
  it('accepts a valid order at once with a sim-<n> broker id and rests it', () => {
    const { broker, events } = setup();
    const first = order();
    const second = order({ type: 'limit', limitPrice: 99.5 });
    broker.submit(first);
    broker.submit(second);
    expect(events.log).toEqual([
      { kind: 'accepted', orderId: first.id, brokerOrderId: 'sim-1' },
      { kind: 'accepted', orderId: second.id, brokerOrderId: 'sim-2' },
    ]);
    expect(broker.restingCount).toBe(2);
  });

  it.each([
    ['UNKNOWN_INSTRUMENT', { instrument: 'GAZP' }],
    ['INVALID_QUANTITY', { lots: 0 }],
    ['INVALID_QUANTITY', { lots: -2 }],
    ['INVALID_QUANTITY', { lots: 1.5 }],
    ['INVALID_QUANTITY', { lots: Number.NaN }],
    ['INVALID_ORDER_TYPE', { type: 'stop' as never }],
    ['INVALID_ORDER_TYPE', { side: 'short' as never }],
    ['INVALID_PRICE', { type: 'limit' as const }],
    ['INVALID_PRICE', { type: 'limit' as const, limitPrice: 0 }],
    ['INVALID_PRICE', { type: 'limit' as const, limitPrice: Number.POSITIVE_INFINITY }],
    ['PRICE_OFF_GRID', { type: 'limit' as const, limitPrice: 100.005 }],
    ['PRICE_OFF_GRID', { type: 'limit' as const, limitPrice: 3000.2, instrument: 'LKOH' }],
    ['PRICE_OFF_GRID', { type: 'limit' as const, limitPrice: 100.0000000001 }],
  ])('rejects with %s: %o', (code, fields) => {
    const { broker, events } = setup();
    const bad = order(fields);
    broker.submit(bad);
    expect(events.log).toHaveLength(1);
    expect(events.log[0]).toMatchObject({ kind: 'rejected', orderId: bad.id, code });
    expect(broker.restingCount).toBe(0);
  });

  it('accepts on-grid limits on coarse grids and ignores limitPrice on market orders', () => {
    const { broker, events } = setup();
    broker.submit(order({ type: 'limit', limitPrice: 3000.5, instrument: 'LKOH' }));
    broker.submit(order({ limitPrice: 100.005 }));
    expect(events.log.map((event) => event.kind)).toEqual(['accepted', 'accepted']);
  });

  it('treats a re-sent live order id as the same order', () => {
    const { broker, events } = setup();
    const once = order();
    broker.submit(once);
    broker.submit(once);
    expect(events.log).toHaveLength(1);
    expect(broker.restingCount).toBe(1);
  });

  it('needs connect() before submit', () => {
    const broker = new SimulatedBroker([sber]);
    expect(() => broker.submit(order())).toThrow(/connect/);
  });

  it('refuses bad options when built', () => {
    expect(() => new SimulatedBroker([sber], { maxVolumeParticipation: 0 })).toThrow(
      /maxVolumeParticipation/,
    );
    expect(() => new SimulatedBroker([sber], { maxVolumeParticipation: 1.5 })).toThrow(
      /maxVolumeParticipation/,
    );
    expect(() => new SimulatedBroker([sber], { slippage: { ticks: -1 } })).toThrow(/ticks/);
  });
});

describe('SimulatedBroker.cancel', () => {
  it('removes a resting order and confirms; it never fills afterwards', () => {
    const { broker, events } = setup();
    const resting = order();
    broker.submit(resting);
    broker.cancel(resting.id);
    broker.onBar(bar(MINUTE));
    expect(events.log.map((event) => event.kind)).toEqual(['accepted', 'cancelled']);
    expect(broker.restingCount).toBe(0);
  });

  it('ignores unknown and finished orders', () => {
    const { broker, events } = setup();
    const done = order();
    broker.submit(done);
    broker.onBar(bar(MINUTE));
    broker.cancel(done.id);
    broker.cancel('nope');
    expect(events.log.map((event) => event.kind)).toEqual(['accepted', 'filled']);
  });

  it('may be called from inside a fill event without disturbing the bar', () => {
    const { broker, events } = setup({ maxVolumeParticipation: 0.001 });
    const partial = order({ lots: 5 });
    const other = order({ lots: 1, instrument: 'SBER' });
    broker.connect({
      ...events,
      filled: (fill) => {
        events.filled(fill);
        broker.cancel(partial.id);
      },
    });
    broker.submit(partial);
    broker.submit(other);
    broker.onBar(bar(MINUTE, { volume: 1000 }));
    expect(events.log.map((event) => `${event.kind}:${event.orderId}`)).toEqual([
      `accepted:${partial.id}`,
      `accepted:${other.id}`,
      `filled:${partial.id}`,
      `cancelled:${partial.id}`,
    ]);
    expect(broker.restingCount).toBe(1);
    broker.onBar(bar(2 * MINUTE, { volume: 1000 }));
    expect(events.fills.at(-1)).toMatchObject({ orderId: other.id, lots: 1 });
  });
});

describe('SimulatedBroker: orders placed from inside a fill event', () => {
  it('rest behind the current ones and fill from the next bar', () => {
    const { broker, events } = setup();
    const first = order();
    const follow = order({ side: 'sell' });
    broker.connect({
      ...events,
      filled: (fill) => {
        events.filled(fill);
        if (fill.orderId === first.id) broker.submit(follow);
      },
    });
    broker.submit(first);
    broker.onBar(bar(MINUTE, { open: 100 }));
    expect(events.fills.map((fill) => fill.orderId)).toEqual([first.id]);
    expect(broker.restingCount).toBe(1);
    broker.onBar(bar(2 * MINUTE, { open: 102 }));
    expect(events.fills.map((fill) => [fill.orderId, fill.price])).toEqual([
      [first.id, 100],
      [follow.id, 102],
    ]);
  });
});

describe('SimulatedBroker: short and cash checks', () => {
  it('rejects a sell that would go short, counting other resting sells', () => {
    const { broker, events } = setup({ account: account(1e6, { SBER: 30 }) });
    const first = order({ side: 'sell', lots: 2 });
    const second = order({ side: 'sell', lots: 2 });
    broker.submit(first);
    broker.submit(second);
    expect(events.rejectionCode(first.id)).toBeUndefined();
    expect(events.rejectionCode(second.id)).toBe('SHORT_NOT_ALLOWED');
    const none = order({ side: 'sell', instrument: 'LKOH' });
    broker.submit(none);
    expect(events.rejectionCode(none.id)).toBe('SHORT_NOT_ALLOWED');
  });

  it('stops counting a sell once it is cancelled or filled', () => {
    const { broker, events } = setup({ account: account(1e6, { SBER: 30 }) });
    const first = order({ side: 'sell', lots: 2 });
    broker.submit(first);
    broker.cancel(first.id);
    const second = order({ side: 'sell', lots: 3 });
    broker.submit(second);
    broker.onBar(bar(MINUTE));
    // The fake account keeps reporting 30 pieces; only resting sells are subtracted from it,
    // so the filled sell no longer counts and the third fits exactly, leaving no room.
    const third = order({ side: 'sell', lots: 3 });
    broker.submit(third);
    expect([second, third].map((each) => events.rejectionCode(each.id))).toEqual([
      undefined,
      undefined,
    ]);
    const fourth = order({ side: 'sell', lots: 1 });
    broker.submit(fourth);
    expect(events.rejectionCode(fourth.id)).toBe('SHORT_NOT_ALLOWED');
  });

  it('allows shorts when asked, and skips the check without an account', () => {
    const allowed = setup({ account: account(1e6), allowShort: true });
    allowed.broker.submit(order({ side: 'sell' }));
    const blind = setup();
    blind.broker.submit(order({ side: 'sell' }));
    expect(allowed.events.log[0]?.kind).toBe('accepted');
    expect(blind.events.log[0]?.kind).toBe('accepted');
  });

  it('rejects a buy at fill time when price × quantity + commission exceeds cash', () => {
    // 1 lot × 10 × 100 = 1000, + 0.05% = 0.50 → needs 1000.50
    const { broker, events } = setup({ account: account(1000.49) });
    const buy = order();
    broker.submit(buy);
    expect(events.log[0]?.kind).toBe('accepted');
    broker.onBar(bar(MINUTE));
    expect(events.log[1]).toMatchObject({
      kind: 'rejected',
      orderId: buy.id,
      code: 'NOT_ENOUGH_MONEY',
    });
    expect(broker.restingCount).toBe(0);
    const enough = setup({ account: account(1000.5) });
    enough.broker.submit(order());
    enough.broker.onBar(bar(MINUTE));
    expect(enough.events.fills).toHaveLength(1);
  });

  it('does not let two buys on one bar spend the same cash, and counts sells first', () => {
    const { broker, events } = setup({
      account: account(1500, { SBER: 10 }),
      commission: { percent: 0, minimum: 0 },
    });
    const sell = order({ side: 'sell' });
    const first = order();
    const second = order();
    const third = order();
    for (const each of [sell, first, second, third]) broker.submit(each);
    broker.onBar(bar(MINUTE));
    // 1500 + 1000 from the sell pays for two buys of 1000 only.
    expect(events.fills.map((fill) => fill.orderId)).toEqual([sell.id, first.id, second.id]);
    expect(events.rejectionCode(third.id)).toBe('NOT_ENOUGH_MONEY');
  });

  it('skips the cash check when disabled or without an account', () => {
    const off = setup({ account: account(0), checkCash: false });
    off.broker.submit(order());
    off.broker.onBar(bar(MINUTE));
    const blind = setup();
    blind.broker.submit(order());
    blind.broker.onBar(bar(MINUTE));
    expect(off.events.fills).toHaveLength(1);
    expect(blind.events.fills).toHaveLength(1);
  });

  it('uses an account attached after construction', () => {
    const { broker, events } = setup();
    broker.attachAccount(account(0));
    const buy = order();
    broker.submit(buy);
    broker.onBar(bar(MINUTE));
    expect(events.rejectionCode(buy.id)).toBe('NOT_ENOUGH_MONEY');
  });
});
