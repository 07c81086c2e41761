/**
 * `MarketDataStreamService`: the bidirectional `MarketDataStream` (and its server-side
 * twin). The response stream ends when the client's request stream ends, which is what
 * lets the client's `cancel()` return.
 * @module
 */
import {
  type MarketDataResponse,
  MarketDataStreamServiceDefinition,
} from 'tinkoff-invest-api/cjs/generated/marketdata.js';
import type { ExchangeCore } from '../ExchangeCore.js';
import { AsyncQueue } from '../server/AsyncQueue.js';
import { withUnimplemented } from '../server/unimplemented.js';
import { MarketDataSession } from './MarketDataSession.js';
import { trackStream } from './streamControl.js';

/** The `MarketDataStreamService` implementation. */
export function marketDataStreamService(core: ExchangeCore) {
  return withUnimplemented(MarketDataStreamServiceDefinition, {
    async *marketDataStream(requests, context) {
      const queue = new AsyncQueue<MarketDataResponse>();
      const session = new MarketDataSession(core, queue, context.trackingId);
      const untrack = trackStream(core, 'MarketDataStream', queue);
      const reading = (async () => {
        try {
          for await (const request of requests) session.handle(request);
        } catch {
          // The call was cancelled or broke: nothing more to read.
        }
        queue.end();
      })();
      try {
        yield* queue.drain(context.signal);
      } finally {
        session.close();
        untrack();
        void reading;
      }
    },
    async *marketDataServerSideStream(request, context) {
      const queue = new AsyncQueue<MarketDataResponse>();
      const session = new MarketDataSession(core, queue, context.trackingId);
      const untrack = trackStream(core, 'MarketDataServerSideStream', queue);
      session.handle(request);
      try {
        yield* queue.drain(context.signal);
      } finally {
        session.close();
        untrack();
      }
    },
  });
}
