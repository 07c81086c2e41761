/**
 * A `BrokerEvents` sink that records every event in order: what broker tests assert
 * against. Kept out of the `sim` barrel; the test kit may re-export it for authors of
 * broker plugins.
 * @module
 */
import type { BrokerEvents, BrokerFill } from '../contracts/broker.js';

/** One recorded broker event. */
export type RecordedEvent =
  | {
      readonly kind: 'accepted';
      readonly orderId: string;
      readonly brokerOrderId?: string | undefined;
    }
  | {
      readonly kind: 'rejected';
      readonly orderId: string;
      readonly reason: string;
      readonly code?: string | undefined;
    }
  | { readonly kind: 'filled'; readonly orderId: string; readonly fill: BrokerFill }
  | { readonly kind: 'cancelled'; readonly orderId: string };

/** The sink plus views of what it received. */
export interface RecordingEvents extends BrokerEvents {
  readonly log: RecordedEvent[];
  readonly fills: BrokerFill[];
  /** The code of the last rejection of `orderId`, if any. */
  rejectionCode(orderId: string): string | undefined;
}

/**
 * Builds a recording sink.
 * @example
 * const events = recordBrokerEvents();
 * broker.connect(events);
 * broker.submit(order);
 * expect(events.log[0]).toMatchObject({ kind: 'accepted' });
 */
export function recordBrokerEvents(): RecordingEvents {
  const log: RecordedEvent[] = [];
  const fills: BrokerFill[] = [];
  return {
    log,
    fills,
    accepted: (orderId, brokerOrderId) => log.push({ kind: 'accepted', orderId, brokerOrderId }),
    rejected: (orderId, reason, code) => log.push({ kind: 'rejected', orderId, reason, code }),
    filled: (fill) => {
      fills.push(fill);
      log.push({ kind: 'filled', orderId: fill.orderId, fill });
    },
    cancelled: (orderId) => log.push({ kind: 'cancelled', orderId }),
    rejectionCode: (orderId) => {
      for (let i = log.length - 1; i >= 0; i--) {
        const event = log[i]!;
        if (event.kind === 'rejected' && event.orderId === orderId) return event.code;
      }
      return undefined;
    },
  };
}
