/**
 * Keeps the state store in step with the engine during a session: every order change,
 * every execution (atomically with its order), and every change of the trading state.
 * Writes go through the session's `SerialWriter`: the engine never waits for the disk,
 * yet the store sees events in the order they happened.
 * @module
 */

import type { Fill, Order } from '../domain/order.js';
import { type ExecutionListener, executionIdOf } from '../engine/ExecutionEngine.js';
import type { TradingState } from '../engine/TradingState.js';
import type { StateStore, TradingStateRecord } from '../state/StateStore.js';
import type { SerialWriter } from './SerialWriter.js';

export class StateRecorder implements ExecutionListener {
  /** Orders whose record is written: later changes are updates. */
  private readonly orders = new Map<string, Order>();

  constructor(
    private readonly store: StateStore,
    private readonly writer: SerialWriter,
  ) {}

  /** Follows an order recorded by an earlier session (adopted after reconciliation). */
  track(order: Order): void {
    this.orders.set(order.id, order);
  }

  onOrder(order: Order): void {
    // A new order is recorded by `PersistingBroker` before it is sent.
    if (order.status === 'new') {
      this.orders.set(order.id, order);
      return;
    }
    // A fill moves an order to these states, and `onFill` writes the order with its fill in
    // one transaction. Written apart, a crash between the two writes would leave an order
    // marked filled without its fill, and reconciliation never asks about finished orders.
    if (order.status === 'partially_filled' || order.status === 'filled') return;
    const record = { ...order };
    this.writer.post(`update order ${order.id}`, () => this.store.updateOrder(record));
    if (order.status === 'cancelled' || order.status === 'rejected') this.orders.delete(order.id);
  }

  onFill(fill: Fill, _closed: unknown, venueExecutionId: string | undefined): void {
    const order = this.orders.get(fill.orderId);
    if (order === undefined) return;
    const executionId = executionIdOf(venueExecutionId, order);
    const record = { ...order };
    this.writer.post(`record execution ${executionId}`, () =>
      this.store.recordExecution({ executionId, fill, order: record }),
    );
    if (order.status === 'filled') this.orders.delete(order.id);
  }

  /** Saves the trading state on each change. */
  watch(trading: TradingState): void {
    trading.onChange((change) => {
      const record = tradingRecord(trading, change.time);
      this.writer.post('save trading state', () => this.store.saveTradingState(record));
    });
  }
}

/** The trading state as persisted: the state, its reason and every hold in force. */
export function tradingRecord(trading: TradingState, time: number): TradingStateRecord {
  return {
    state: trading.state,
    reason: trading.reason,
    holds: [...trading.activeHolds].map(([reason, state]) => ({ reason, state })),
    time,
  };
}

/** Puts back the holds a previous session left in force. */
export function restoreTrading(trading: TradingState, record: TradingStateRecord): void {
  for (const hold of record.holds) {
    if (hold.state === 'halted') trading.halt(hold.reason);
    else if (hold.state === 'reducing') trading.reduce(hold.reason);
  }
}
