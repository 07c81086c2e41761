import { describe, expect, it } from 'vitest';
import type { Order } from '../domain/order.js';
import { openSqliteStateStore } from '../state/openSqliteStateStore.js';
import { afterFill, makeFill, makeOrder } from '../state/records.fixture.js';
import { SerialWriter } from './SerialWriter.js';
import { StateRecorder } from './StateRecorder.js';

describe('StateRecorder', () => {
  it('writes a filled order only together with its fill, never ahead of it', async () => {
    const store = await openSqliteStateStore(':memory:');
    const writer = new SerialWriter(() => undefined);
    const recorder = new StateRecorder(store, writer);
    const order: Order = { ...makeOrder('a', { lots: 2 }) };
    await store.recordOrder(order);
    recorder.onOrder(order);
    Object.assign(order, { status: 'submitted' });
    recorder.onOrder(order);
    // The engine announces the filled order, then the fill: a crash may fall in between.
    Object.assign(order, afterFill(order, 2));
    recorder.onOrder(order);
    await writer.flush();
    expect((await store.getOrder('a'))?.status).toBe('submitted');
    expect(await store.openOrders()).toHaveLength(1); // so a restart asks the venue about it

    recorder.onFill(makeFill(order, 2), undefined, 'x1');
    await writer.flush();
    expect((await store.getOrder('a'))?.status).toBe('filled');
    expect((await store.fills()).map((f) => f.executionId)).toEqual(['x1']);
    await store.close();
  });
});
