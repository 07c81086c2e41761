/**
 * The ExecutionEngine against a broker driven by hand: venues report late, twice and
 * out of order, and none of that may crash the run or be booked twice.
 */
import { describe, expect, it } from 'vitest';
import { AlertRouter } from '../alerts/AlertRouter.js';
import type { Broker, BrokerEvents } from '../contracts/broker.js';
import { createRunContainer } from '../di/createRunContainer.js';
import type { OrderIntent } from '../domain/order.js';
import { silentLogger } from '../observability/logger.js';
import { Engine } from './Engine.js';
import { ExecutionEngine } from './ExecutionEngine.js';
import { INSTRUMENTS } from './engine.fixture.js';
import { SimulatedClock } from './SimulatedClock.js';

/** A broker that accepts nothing by itself: the test plays the venue. */
class HandBroker implements Broker {
  events!: BrokerEvents;
  connect(events: BrokerEvents): void {
    this.events = events;
  }
  submit(): void {}
  cancel(): void {}
}

async function setup() {
  const broker = new HandBroker();
  const run = createRunContainer({
    clock: new SimulatedClock(1_000),
    broker,
    brokerName: 'hand',
    logger: silentLogger(),
    instruments: INSTRUMENTS,
    initialCash: 1_000_000,
    riskLimits: { onExposureBreach: 'resize' },
  });
  const engine = run.resolve(Engine);
  engine.portfolio.mark('SBER', 300);
  await engine.start();
  const execution = run.resolve(ExecutionEngine);
  const intent: OrderIntent = {
    strategyId: 's',
    instrument: 'SBER',
    side: 'buy',
    lots: 5,
    type: 'market',
    reason: 'signal',
    time: 1_000,
  };
  const order = execution.submit(intent, 5);
  return { broker, engine, order, alerts: run.resolve(AlertRouter) };
}

const fill = (orderId: string, lots: number, executionId?: string) => ({
  orderId,
  lots,
  price: 300,
  commission: 0,
  time: 2_000,
  ...(executionId ? { executionId } : {}),
});

describe('ExecutionEngine with a venue that misbehaves', () => {
  it('takes a fill before the acknowledgement, and ignores the late acknowledgement', async () => {
    const { broker, engine, order } = await setup();
    broker.events.filled(fill(order.id, 5));
    expect(() => broker.events.accepted(order.id, 'x-1')).not.toThrow();
    expect(order.status).toBe('filled');
    expect(engine.portfolio.position('SBER').lots).toBe(5);
  });

  it('books a repeated execution once', async () => {
    const { broker, engine, order } = await setup();
    broker.events.accepted(order.id);
    broker.events.filled(fill(order.id, 2, 'e-1'));
    broker.events.filled(fill(order.id, 2, 'e-1'));
    expect(order).toMatchObject({ status: 'partially_filled', filledLots: 2 });
    expect(engine.portfolio.position('SBER').lots).toBe(2);
  });

  it('refuses a fill after the cancel was confirmed, and one beyond the order, with an alert', async () => {
    const { broker, engine, order, alerts } = await setup();
    broker.events.accepted(order.id);
    broker.events.filled(fill(order.id, 3));
    expect(() => broker.events.filled(fill(order.id, 4))).not.toThrow(); // 3 + 4 > 5
    broker.events.cancelled(order.id);
    expect(() => broker.events.filled(fill(order.id, 1))).not.toThrow();
    expect(() => broker.events.rejected(order.id, 'late', '30079')).not.toThrow();
    expect(order).toMatchObject({ status: 'cancelled', filledLots: 3 });
    expect(engine.portfolio.position('SBER').lots).toBe(3);
    expect(alerts.recent.filter((a) => a.type === 'order.fill-refused')).toHaveLength(2);
  });
});
