import { describe, expect, it } from 'vitest';
import type { Broker } from '../contracts/broker.js';
import { openSqliteStateStore } from '../state/openSqliteStateStore.js';
import { makeOrder } from '../state/records.fixture.js';
import { PersistingBroker } from './PersistingBroker.js';
import { SerialWriter } from './SerialWriter.js';

function recordingBroker(calls: string[]): Broker {
  return {
    connect: () => undefined,
    submit: (order) => {
      calls.push(`submit ${order.id}`);
    },
    cancel: (orderId) => {
      calls.push(`cancel ${orderId}`);
    },
  };
}

describe('PersistingBroker', () => {
  it('hands an order on only once the store holds it', async () => {
    const store = await openSqliteStateStore(':memory:');
    const calls: string[] = [];
    const inner: Broker = {
      ...recordingBroker(calls),
      submit: async (order) => {
        calls.push(`submit ${order.id}, stored ${(await store.getOrder(order.id))?.id}`);
      },
    };
    const broker = new PersistingBroker(inner, store, new SerialWriter(() => undefined));
    await broker.submit(makeOrder('a'));
    expect(calls).toEqual(['submit a, stored a']);
    await store.close();
  });

  it('does not send an order the store refused', async () => {
    const store = await openSqliteStateStore(':memory:');
    const calls: string[] = [];
    const broker = new PersistingBroker(
      recordingBroker(calls),
      store,
      new SerialWriter(() => undefined),
    );
    await broker.submit(makeOrder('a'));
    await expect(broker.submit(makeOrder('a'))).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_STATE_DUPLICATE_ORDER',
    });
    expect(calls).toEqual(['submit a']);
    await store.close();
  });

  it('holds a cancel that arrives while the order is being recorded until it is handed on', async () => {
    const store = await openSqliteStateStore(':memory:');
    const calls: string[] = [];
    const broker = new PersistingBroker(
      recordingBroker(calls),
      store,
      new SerialWriter(() => undefined),
    );
    const submitted = broker.submit(makeOrder('a'));
    const cancelled = broker.cancel('a'); // same tick: a halt right after the signal
    await Promise.all([submitted, cancelled]);
    expect(calls).toEqual(['submit a', 'cancel a']);
    await store.close();
  });
});
