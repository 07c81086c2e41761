import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KOPECK_NANOS, toNanos } from '../domain/decimal.js';
import type { Order } from '../domain/order.js';
import { isOnGrid, stepNanos } from '../domain/priceGrid.js';
import { SimulatedBroker, type SimulatedBrokerOptions } from './SimulatedBroker.js';
import { bar, lkoh, MINUTE, nano, order, sber, setup as setupBroker, unit } from './sim.fixture.js';

const instruments = [sber, lkoh, nano, unit];
const setup = (options: SimulatedBrokerOptions = {}) => setupBroker(options, instruments);

describe('SimulatedBroker: no look-ahead', () => {
  it('fills a market order at the next bar open, never on the bar it was placed during', () => {
    const { broker, events } = setup();
    broker.onBar(bar(MINUTE, { open: 100 }));
    broker.submit(order());
    broker.onBar(bar(MINUTE, { open: 100 }));
    expect(events.fills).toHaveLength(0);
    broker.onBar(bar(2 * MINUTE, { open: 101.25 }));
    expect(events.fills).toEqual([
      { orderId: expect.any(String), lots: 1, price: 101.25, commission: 0.51, time: 2 * MINUTE },
    ]);
  });

  it('does not fill on another instrument’s bar of the same time', () => {
    const { broker, events } = setup();
    broker.onBar(bar(MINUTE));
    broker.submit(order({ instrument: 'LKOH' }));
    broker.onBar(bar(MINUTE, { instrument: 'LKOH', open: 7000 }));
    expect(events.fills).toHaveLength(0);
    broker.onBar(bar(2 * MINUTE));
    expect(events.fills).toHaveLength(0);
    broker.onBar(bar(2 * MINUTE, { instrument: 'LKOH', open: 7001.5 }));
    expect(events.fills[0]).toMatchObject({ price: 7001.5, time: 2 * MINUTE });
  });

  it('fills orders placed before any bar on the first bar', () => {
    const { broker, events } = setup();
    broker.submit(order());
    broker.onBar(bar(0));
    expect(events.fills).toHaveLength(1);
  });

  it('does nothing on bars while no order rests, not even ask for the event sink', () => {
    const broker = new SimulatedBroker(instruments);
    expect(() => broker.onBar(bar(MINUTE))).not.toThrow();
  });
});

describe('SimulatedBroker: limit orders', () => {
  it('rests until a bar trades through the limit ("through", the default)', () => {
    const { broker, events } = setup();
    broker.submit(order({ type: 'limit', limitPrice: 99 }));
    broker.onBar(bar(MINUTE, { open: 100, low: 99 }));
    expect(events.fills).toHaveLength(0);
    broker.onBar(bar(2 * MINUTE, { open: 99.5, low: 98.5 }));
    expect(events.fills[0]).toMatchObject({ price: 99, time: 2 * MINUTE });
  });

  it('fills on a touch in "touch" mode', () => {
    const { broker, events } = setup({ limitFill: 'touch' });
    broker.submit(order({ type: 'limit', side: 'sell', limitPrice: 101 }));
    broker.onBar(bar(MINUTE, { high: 101 }));
    expect(events.fills[0]).toMatchObject({ price: 101 });
  });

  it('fills at the better open on a gap', () => {
    const { broker, events } = setup();
    broker.submit(order({ type: 'limit', limitPrice: 99 }));
    broker.submit(order({ type: 'limit', side: 'sell', limitPrice: 3000, instrument: 'LKOH' }));
    broker.onBar(bar(MINUTE, { open: 97.31, high: 98, low: 97 }));
    broker.onBar(bar(MINUTE, { instrument: 'LKOH', open: 3100.5, high: 3120, low: 3090 }));
    expect(events.fills.map((fill) => fill.price)).toEqual([97.31, 3100.5]);
  });
});

describe('SimulatedBroker: slippage, commission and volume', () => {
  it('moves market fills by ticks and by bps on each instrument’s grid', () => {
    const ticks = setup({ slippage: { ticks: 2 } });
    ticks.broker.submit(order({ instrument: 'LKOH' }));
    ticks.broker.submit(order({ instrument: 'NANO', side: 'sell' }));
    ticks.broker.onBar(bar(0, { instrument: 'LKOH', open: 3000 }));
    ticks.broker.onBar(bar(0, { instrument: 'NANO', open: 0.5 }));
    expect(ticks.events.fills.map((fill) => fill.price)).toEqual([3001, 0.499999998]);
    const bps = setup({ slippage: { bps: 10 } });
    bps.broker.submit(order({ instrument: 'UNIT' }));
    bps.broker.submit(order({ side: 'sell' }));
    bps.broker.onBar(bar(0, { instrument: 'UNIT', open: 250 }));
    bps.broker.onBar(bar(0, { open: 250.37 }));
    // 250 × 1.001 = 250.25 → 251; 250.37 × 0.999 = 250.11963 → 250.11
    expect(bps.events.fills.map((fill) => fill.price)).toEqual([251, 250.11]);
  });

  it('charges the commission model per execution, with the minimum on each', () => {
    const { broker, events } = setup({
      commission: { percent: 0.05, minimum: 1 },
      maxVolumeParticipation: 0.5,
    });
    broker.submit(order({ lots: 5, instrument: 'LKOH' }));
    broker.onBar(bar(0, { instrument: 'LKOH', open: 7000, volume: 8 }));
    broker.onBar(bar(MINUTE, { instrument: 'LKOH', open: 7000, volume: 2 }));
    // 4 × 7000 × 0.05% = 14; 1 × 7000 × 0.05% = 3.5
    expect(events.fills.map((fill) => [fill.lots, fill.commission])).toEqual([
      [4, 14],
      [1, 3.5],
    ]);
    const small = setup({ commission: { percent: 0.05, minimum: 1 } });
    small.broker.submit(order());
    small.broker.onBar(bar(0, { open: 100 }));
    expect(small.events.fills[0]?.commission).toBe(1);
  });

  it('spreads an order over bars by participation; the executions sum to its lots', () => {
    const { broker, events } = setup({ maxVolumeParticipation: 0.1 });
    const big = order({ lots: 10 });
    broker.submit(big);
    for (let i = 0; i < 6; i++) broker.onBar(bar(i * MINUTE, { open: 100 + i, volume: 30 }));
    expect(events.fills.map((fill) => [fill.lots, fill.price, fill.time])).toEqual([
      [3, 100, 0],
      [3, 101, MINUTE],
      [3, 102, 2 * MINUTE],
      [1, 103, 3 * MINUTE],
    ]);
    expect(broker.restingCount).toBe(0);
  });

  it('shares one bar’s capacity among resting orders in submission order', () => {
    const { broker, events } = setup({ maxVolumeParticipation: 0.1 });
    const first = order({ lots: 2 });
    const second = order({ lots: 2 });
    broker.submit(first);
    broker.submit(second);
    broker.onBar(bar(0, { volume: 30 }));
    expect(events.fills.map((fill) => [fill.orderId, fill.lots])).toEqual([
      [first.id, 2],
      [second.id, 1],
    ]);
  });
});

describe('SimulatedBroker properties', () => {
  const action = fc.oneof(
    fc.record({
      kind: fc.constant('bar' as const),
      instrument: fc.integer({ min: 0, max: 3 }),
      prices: fc.array(fc.integer({ min: 1, max: 2_000 }), { minLength: 3, maxLength: 3 }),
      volume: fc.integer({ min: 0, max: 200 }),
    }),
    fc.record({
      kind: fc.constant('submit' as const),
      instrument: fc.integer({ min: 0, max: 3 }),
      side: fc.constantFrom('buy' as const, 'sell' as const),
      limitSteps: fc.option(fc.integer({ min: 1, max: 2_000 }), { nil: undefined }),
      lots: fc.integer({ min: 1, max: 50 }),
    }),
    fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  );
  const options = fc.record({
    slippage: fc.oneof(
      fc.constant('none' as const),
      fc.record({ ticks: fc.integer({ min: 0, max: 5 }) }),
      fc.record({ bps: fc.double({ min: 0, max: 100, noNaN: true }) }),
    ),
    limitFill: fc.constantFrom('through' as const, 'touch' as const),
    maxVolumeParticipation: fc.option(fc.double({ min: 0.01, max: 1, noNaN: true }), {
      nil: undefined,
    }),
    commission: fc.record({
      percent: fc.integer({ min: 0, max: 500 }).map((n) => n / 1000),
      minimum: fc.integer({ min: 0, max: 300 }).map((n) => n / 100),
    }),
  });

  it('fills on the grid, after the order’s bar, never beyond its lots, whole kopecks', () => {
    fc.assert(
      fc.property(options, fc.array(action, { maxLength: 80 }), (opts, actions) => {
        const { broker, events } = setup(opts);
        const placed = new Map<string, { order: Order; after: number; step: bigint }>();
        let time = 0;
        let lastBar = Number.NEGATIVE_INFINITY;
        for (const act of actions) {
          if (act.kind === 'bar') {
            const instrument = instruments[act.instrument]!;
            // Prices in arbitrary nanos: data need not sit on the grid.
            const [low, open, high] = [...act.prices].sort((a, b) => a - b) as [
              number,
              number,
              number,
            ];
            const scale = (n: number) => (n * 1_000_003) / 1e8;
            time += MINUTE;
            lastBar = time;
            const fields = {
              instrument: instrument.uid,
              open: scale(open),
              high: scale(high),
              low: scale(low),
            };
            broker.onBar(bar(time, { ...fields, volume: act.volume }));
          } else if (act.kind === 'submit') {
            const instrument = instruments[act.instrument]!;
            const step = stepNanos(instrument.minPriceIncrement);
            const limitPrice =
              act.limitSteps === undefined
                ? undefined
                : Number(BigInt(act.limitSteps) * step) / 1e9;
            const type = limitPrice === undefined ? ('market' as const) : ('limit' as const);
            const placedOrder = order({
              instrument: instrument.uid,
              side: act.side,
              lots: act.lots,
              type,
              limitPrice,
            });
            placed.set(placedOrder.id, { order: placedOrder, after: lastBar, step });
            broker.submit(placedOrder);
          } else if (placed.size > 0) {
            broker.cancel([...placed.keys()][act.pick % placed.size]!);
          }
        }
        const filledLots = new Map<string, number>();
        for (const fill of events.fills) {
          const { order: source, after, step } = placed.get(fill.orderId)!;
          expect(isOnGrid(toNanos(fill.price), step)).toBe(true);
          expect(toNanos(fill.commission) % KOPECK_NANOS).toBe(0n);
          expect(fill.time).toBeGreaterThan(after);
          if (source.type === 'limit') {
            const better =
              source.side === 'buy'
                ? fill.price <= source.limitPrice!
                : fill.price >= source.limitPrice!;
            expect(better).toBe(true);
          }
          filledLots.set(fill.orderId, (filledLots.get(fill.orderId) ?? 0) + fill.lots);
        }
        for (const [id, lots] of filledLots)
          expect(lots).toBeLessThanOrEqual(placed.get(id)!.order.lots);
        // Nothing follows a rejection, a cancellation or the last lot.
        const finished = new Set<string>();
        const seen = new Map<string, number>();
        for (const event of events.log) {
          expect(finished.has(event.orderId)).toBe(false);
          if (event.kind === 'filled')
            seen.set(event.orderId, (seen.get(event.orderId) ?? 0) + event.fill.lots);
          const full = seen.get(event.orderId) === placed.get(event.orderId)!.order.lots;
          if (event.kind === 'rejected' || event.kind === 'cancelled' || full)
            finished.add(event.orderId);
        }
      }),
      { numRuns: 300 },
    );
  });
});
