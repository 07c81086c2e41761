import { describe, expect, it } from 'vitest';
import type { Broker } from '../contracts/broker.js';
import type { Order } from '../domain/order.js';
import { openSqliteStateStore } from '../state/openSqliteStateStore.js';
import { makeOrder } from '../state/records.fixture.js';
import { PersistingBroker } from './PersistingBroker.js';
import { SerialWriter } from './SerialWriter.js';

/**
 * A persisting broker on an in-memory store over an inner broker that logs its calls;
 * `onSubmit` replaces the inner broker's logging of a submit.
 */
async function persisting(onSubmit?: (order: Order, calls: string[]) => Promise<void>) {
  const store = await openSqliteStateStore(':memory:');
  const calls: string[] = [];
  const inner: Broker = {
    connect: () => undefined,
    submit: (order) => (onSubmit ? onSubmit(order, calls) : void calls.push(`submit ${order.id}`)),
    cancel: (orderId) => void calls.push(`cancel ${orderId}`),
  };
  const broker = new PersistingBroker(inner, store, new SerialWriter(() => undefined));
  return { store, calls, broker };
}

describe('PersistingBroker', () => {
  it('hands an order on only once the store holds it', async () => {
    const { store, calls, broker } = await persisting(async (order, log) => {
      log.push(`submit ${order.id}, stored ${(await store.getOrder(order.id))?.id}`);
    });
    await broker.submit(makeOrder('a'));
    expect(calls).toEqual(['submit a, stored a']);
    await store.close();
  });

  it('does not send an order the store refused', async () => {
    const { store, calls, broker } = await persisting();
    await broker.submit(makeOrder('a'));
    await expect(broker.submit(makeOrder('a'))).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_STATE_DUPLICATE_ORDER',
    });
    expect(calls).toEqual(['submit a']);
    await store.close();
  });

  it('holds a cancel that arrives while the order is being recorded until it is handed on', async () => {
    const { store, calls, broker } = await persisting();
    const submitted = broker.submit(makeOrder('a'));
    const cancelled = broker.cancel('a'); // same tick: a halt right after the signal
    await Promise.all([submitted, cancelled]);
    expect(calls).toEqual(['submit a', 'cancel a']);
    await store.close();
  });
});
