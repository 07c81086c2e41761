import { describe, expect, it } from 'vitest';
import type { BrokerFill } from '../contracts/broker.js';
import { recordBrokerEvents } from './recordBrokerEvents.js';
import { SimulatedBroker } from './SimulatedBroker.js';
import { bar, lkoh, MINUTE, order, sber } from './sim.fixture.js';

/**
 * Event handlers run while the broker walks an instrument's resting orders: a host may
 * submit or cancel from inside `filled`. The walk must neither fill an order cancelled
 * meanwhile nor fill one submitted meanwhile on the same bar, and must keep the rest.
 */
describe('SimulatedBroker: orders submitted or cancelled from inside a fill', () => {
  const setup = (onFill: (fill: BrokerFill, broker: SimulatedBroker) => void) => {
    const broker = new SimulatedBroker([sber, lkoh], { maxVolumeParticipation: 1 });
    const events = recordBrokerEvents();
    broker.connect({
      ...events,
      filled: (fill) => {
        events.filled(fill);
        onFill(fill, broker);
      },
    });
    return { broker, events };
  };

  it('does not fill an order cancelled by an earlier fill of the same bar', () => {
    const later = order();
    const { broker, events } = setup(() => broker.cancel(later.id));
    const first = order();
    broker.submit(first);
    broker.submit(later);
    broker.onBar(bar(MINUTE));
    expect(events.fills.map((fill) => fill.orderId)).toEqual([first.id]);
    expect(events.log.filter((e) => e.kind === 'cancelled').map((e) => e.orderId)).toEqual([
      later.id,
    ]);
    broker.onBar(bar(2 * MINUTE));
    expect(events.fills).toHaveLength(1);
    expect(broker.restingCount).toBe(0);
  });

  it('drops a partly filled order cancelled from inside its own fill', () => {
    let cancelled = false;
    const big = order({ lots: 50 });
    const { broker, events } = setup((fill) => {
      if (!cancelled && fill.orderId === big.id) {
        cancelled = true;
        broker.cancel(big.id);
      }
    });
    broker.submit(big);
    const other = order();
    broker.submit(other);
    // Volume 30 lots: 30 of 50 fill, then the handler cancels the rest; `other` gets nothing.
    broker.onBar(bar(MINUTE, { volume: 30 }));
    broker.onBar(bar(2 * MINUTE, { volume: 30 }));
    expect(events.fills.map((fill) => [fill.orderId, fill.lots])).toEqual([
      [big.id, 30],
      [other.id, 1],
    ]);
    expect(broker.restingCount).toBe(0);
  });

  it('rests an order submitted from inside a fill until a later bar, after those already resting', () => {
    const follow = order();
    let sent = false;
    const { broker, events } = setup((_, b) => {
      if (!sent) {
        sent = true;
        b.submit(follow);
      }
    });
    const first = order({ lots: 2 });
    const second = order({ lots: 2 });
    broker.submit(first);
    broker.submit(second);
    // Room for 3 lots: first fills, second gets 1 of 2 and keeps resting ahead of `follow`.
    broker.onBar(bar(MINUTE, { volume: 3 }));
    expect(events.fills.map((fill) => [fill.orderId, fill.lots])).toEqual([
      [first.id, 2],
      [second.id, 1],
    ]);
    broker.onBar(bar(2 * MINUTE, { volume: 1 }));
    broker.onBar(bar(3 * MINUTE, { volume: 1 }));
    expect(events.fills.map((fill) => [fill.orderId, fill.lots]).slice(2)).toEqual([
      [second.id, 1],
      [follow.id, 1],
    ]);
    expect(broker.restingCount).toBe(0);
  });

  it('cancels an order submitted from inside a fill before it ever fills', () => {
    const follow = order();
    const { broker, events } = setup((fill, b) => {
      if (fill.orderId === follow.id) return;
      b.submit(follow);
      b.cancel(follow.id);
    });
    broker.submit(order());
    broker.onBar(bar(MINUTE));
    broker.onBar(bar(2 * MINUTE));
    expect(events.fills).toHaveLength(1);
    expect(broker.restingCount).toBe(0);
  });
});
