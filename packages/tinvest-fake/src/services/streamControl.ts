/**
 * Hooks an open server stream into the fault injector (to drop it) and into shutdown
 * (to end it).
 * @module
 */
import { ExchangeApiError } from '../apiErrors.js';
import type { StreamDropKind } from '../control/FaultInjector.js';
import type { ExchangeCore } from '../ExchangeCore.js';
import type { AsyncQueue } from '../server/AsyncQueue.js';
import { ConnectionDropped } from '../server/errors.js';

/** Registers a stream of `method` fed by `queue`; returns the function that unregisters it. */
export function trackStream<T>(
  core: ExchangeCore,
  method: string,
  queue: AsyncQueue<T>,
): () => void {
  return core.faults.track({
    method,
    drop(kind: StreamDropKind) {
      queue.fail(
        kind === 'stream-lifetime' ? new ExchangeApiError(80005) : new ConnectionDropped(),
      );
    },
    end() {
      queue.end();
    },
  });
}
