/**
 * Wraps the session's broker so that every order is durable in the state store before
 * the venue sees it: its id is the idempotency key a restarted session asks the venue
 * about, so an order the venue may have received is never sent twice, and one it
 * never received is never taken for sent.
 * @module
 */
import type { Broker, BrokerEvents, LiveBroker } from '../contracts/broker.js';
import { isLiveBroker } from '../contracts/broker.js';
import type { Bar } from '../domain/bar.js';
import type { Order } from '../domain/order.js';
import type { SimAccount } from '../sim/SimulatedBroker.js';
import { attachAccount } from '../sim/simulatedBrokerPlugin.js';
import type { StateStore } from '../state/StateStore.js';
import type { SerialWriter } from './SerialWriter.js';

/** Reports how long an order took from the bar that caused it to the broker. */
export interface SendLatency {
  /** `performance.now()` when the bar being processed arrived (read at submit). */
  barReceivedAt(): number;
  observe(seconds: number): void;
  /** An order handed to the broker was acknowledged (accepted, rejected or first filled). */
  acknowledged?(seconds: number, outcome: 'accepted' | 'rejected'): void;
}

export class PersistingBroker implements Broker {
  /** Present only when the inner broker matches against bars (the simulator). */
  readonly onBar?: (bar: Bar) => void;

  constructor(
    readonly inner: Broker,
    private readonly store: StateStore,
    private readonly writer: SerialWriter,
    private readonly latency?: SendLatency,
  ) {
    if (typeof inner.onBar === 'function') this.onBar = (bar) => inner.onBar!(bar);
  }

  /** `performance.now()` when each order not yet acknowledged was handed to the broker. */
  private readonly handedAt = new Map<string, number>();

  connect(events: BrokerEvents): void | Promise<void> {
    if (this.latency?.acknowledged === undefined) return this.inner.connect(events);
    return this.inner.connect({
      accepted: (orderId, brokerOrderId) => {
        this.acknowledge(orderId, 'accepted');
        events.accepted(orderId, brokerOrderId);
      },
      rejected: (orderId, reason, code) => {
        this.acknowledge(orderId, 'rejected');
        events.rejected(orderId, reason, code);
      },
      filled: (fill) => {
        this.acknowledge(fill.orderId, 'accepted');
        events.filled(fill);
      },
      cancelled: (orderId) => {
        this.handedAt.delete(orderId);
        events.cancelled(orderId);
      },
    });
  }

  /** Orders being recorded, not yet handed to the inner broker. */
  private readonly recording = new Map<string, Promise<unknown>>();

  /** Records the order, then sends it; a failed record means it is not sent (a rejection). */
  async submit(order: Order): Promise<void> {
    const record = { ...order };
    const since = this.latency?.barReceivedAt();
    const recorded = this.writer.run(`record order ${order.id}`, () =>
      this.store.recordOrder(record),
    );
    this.recording.set(order.id, recorded);
    try {
      await recorded;
    } finally {
      this.recording.delete(order.id);
    }
    if (this.latency?.acknowledged) this.handedAt.set(order.id, performance.now());
    let sent: void | Promise<void>;
    try {
      sent = this.inner.submit(order);
    } catch (error) {
      this.acknowledge(order.id, 'rejected');
      throw error;
    }
    if (since !== undefined) this.latency!.observe((performance.now() - since) / 1000);
    // A broker that throws refuses the order: the engine books a rejection.
    await Promise.resolve(sent).catch((error: unknown) => {
      this.acknowledge(order.id, 'rejected');
      throw error;
    });
  }

  private acknowledge(orderId: string, outcome: 'accepted' | 'rejected'): void {
    const at = this.handedAt.get(orderId);
    if (at === undefined) return;
    this.handedAt.delete(orderId);
    this.latency!.acknowledged!((performance.now() - at) / 1000, outcome);
  }

  /**
   * A cancel of an order still being recorded (a halt or a stop right after a signal)
   * waits until the order is handed on, so that the inner broker knows what to cancel.
   */
  async cancel(orderId: string): Promise<void> {
    const recording = this.recording.get(orderId);
    if (recording !== undefined) await recording.catch(() => undefined);
    await this.inner.cancel(orderId);
  }

  /** The simulator checks cash and positions against the engine's ledger. */
  attachAccount(account: SimAccount): void {
    attachAccount(this.inner, account);
  }

  /** The venue's side of reconciliation, when the inner broker is live. */
  get live(): LiveBroker | undefined {
    return isLiveBroker(this.inner) ? this.inner : undefined;
  }

  async close(): Promise<void> {
    // Orders the venue never answered (left open at stop, or in doubt) are no latency sample.
    this.handedAt.clear();
    await this.inner.close?.();
  }
}
