import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderIntent, OrderStatus } from '../domain/order.js';
import { isLegalTransition, ORDER_TRANSITIONS, OrderTracker } from './OrderTracker.js';

const intent: OrderIntent = {
  strategyId: 's',
  instrument: 'SBER',
  side: 'buy',
  lots: 10,
  type: 'market',
  reason: 'signal',
  time: 0,
};

type Event = { kind: 'transition'; to: OrderStatus } | { kind: 'fill'; lots: number };

const eventArb: fc.Arbitrary<Event> = fc.oneof(
  fc.record({
    kind: fc.constant('transition' as const),
    to: fc.constantFrom(...(Object.keys(ORDER_TRANSITIONS) as OrderStatus[])),
  }),
  fc.record({ kind: fc.constant('fill' as const), lots: fc.integer({ min: -2, max: 12 }) }),
);

describe('isLegalTransition', () => {
  it('agrees with ORDER_TRANSITIONS for every pair of states', () => {
    const states = Object.keys(ORDER_TRANSITIONS) as OrderStatus[];
    for (const from of states) {
      for (const to of states) {
        expect(isLegalTransition(from, to), `${from} → ${to}`).toBe(
          ORDER_TRANSITIONS[from].includes(to),
        );
      }
    }
  });
});

describe('OrderTracker state machine', () => {
  it('applies exactly the legal transitions and throws a coded error for every other event', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), (events) => {
        const tracker = new OrderTracker();
        const order = tracker.create(intent, 10);
        for (const event of events) {
          const before = { status: order.status, filled: order.filledLots };
          let legal: boolean;
          if (event.kind === 'transition') {
            legal =
              isLegalTransition(before.status, event.to) &&
              event.to !== 'partially_filled' &&
              event.to !== 'filled';
            if (legal) tracker.transition(order, event.to, 1);
            else if (isLegalTransition(before.status, event.to))
              continue; // fills go through fill()
            else expect(() => tracker.transition(order, event.to, 1)).toThrow(/is not allowed/);
          } else {
            const to = before.filled + event.lots === order.lots ? 'filled' : 'partially_filled';
            legal =
              Number.isInteger(event.lots) &&
              event.lots > 0 &&
              before.filled + event.lots <= order.lots &&
              isLegalTransition(before.status, to);
            if (legal) tracker.fill(order, event.lots, 1);
            else {
              try {
                tracker.fill(order, event.lots, 1);
                expect.unreachable('an illegal fill was booked');
              } catch (error) {
                expect((error as { code: string }).code).toBe(
                  'MOEXBOT_ERR_ORDER_ILLEGAL_TRANSITION',
                );
              }
            }
          }
          if (!legal) expect({ status: order.status, filled: order.filledLots }).toEqual(before);
          expect(order.filledLots).toBeLessThanOrEqual(order.lots);
          expect(order.status === 'filled').toBe(order.filledLots === order.lots);
          const open = tracker.find(order.id) !== undefined;
          expect(open).toBe(!['filled', 'cancelled', 'rejected'].includes(order.status));
          // The incremental pending lots always equal a recount over the open orders.
          const recount = tracker.openOrders().reduce((sum, o) => sum + (o.lots - o.filledLots), 0);
          expect(tracker.pendingBySide('SBER').buy).toBe(recount);
          expect(tracker.pendingLots('SBER')).toBe(recount);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a fill after cancel and a second rejection', () => {
    const tracker = new OrderTracker();
    const order = tracker.create(intent, 10);
    tracker.transition(order, 'submitted', 1);
    tracker.transition(order, 'cancelled', 2);
    expect(() => tracker.fill(order, 1, 3)).toThrow(/cancelled → partially_filled is not allowed/);
    const other = tracker.create(intent, 10);
    tracker.transition(other, 'rejected', 1);
    expect(() => tracker.transition(other, 'rejected', 2)).toThrow(/rejected → rejected/);
  });

  it('counts signed pending lots per instrument over open orders only', () => {
    const tracker = new OrderTracker();
    const buy = tracker.create(intent, 10);
    const sell = tracker.create({ ...intent, side: 'sell' }, 4);
    tracker.transition(buy, 'submitted', 1);
    tracker.fill(buy, 3, 2);
    expect(tracker.pendingLots('SBER')).toBe(7 - 4);
    tracker.transition(sell, 'cancelled', 3);
    expect(tracker.pendingLots('SBER')).toBe(7);
    expect(tracker.openOrders('s')).toEqual([buy]);
  });
});
