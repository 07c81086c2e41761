/**
 * Faults tests queue by method name. Call faults replace or spoil a reply; order faults
 * change how the order a `PostOrder` creates executes; `dropStreams` breaks the open
 * streams at once, like a network drop.
 * @module
 */
import type { ApiErrorCode } from '../apiErrors.js';

/** A fault that fails the call instead of handling it. */
export type CallFault =
  /** `UNAVAILABLE`, as when the API is down; no trailers but the tracking id. */
  | { readonly kind: 'unavailable' }
  /** `RESOURCE_EXHAUSTED` 80002 with `x-ratelimit-remaining: 0` and the given reset. */
  | { readonly kind: 'rate-limit'; readonly resetSeconds?: number }
  /** Waits `delayMs` of wall time (default 50), then `DEADLINE_EXCEEDED`. */
  | { readonly kind: 'deadline'; readonly delayMs?: number }
  /** Waits `delayMs` of wall time, then handles the call as usual: a slow exchange. */
  | { readonly kind: 'slow'; readonly delayMs: number }
  /** Fails with any code of the table, with its status and message (`detail` fills `%s`). */
  | { readonly kind: 'error'; readonly code: ApiErrorCode; readonly detail?: string };

/**
 * The call is handled — an order is placed — but the reply is lost. The client sees
 * `UNAVAILABLE` with no trailers at all, as after a dropped connection (`as: 'drop'`, the
 * default); `UNAVAILABLE` from the server, with its tracking id (`as: 'unavailable'`); or
 * `DEADLINE_EXCEEDED` (`as: 'deadline'`).
 */
export interface ResponseLostFault {
  readonly kind: 'response-lost';
  readonly as?: 'drop' | 'unavailable' | 'deadline';
}

/** Faults of the order a `PostOrder` or `PostSandboxOrder` creates; the call succeeds. */
export type OrderFault =
  /** The order rests `ticks` ticks before it may execute. */
  | { readonly kind: 'delay-fill'; readonly ticks: number }
  /** The order executes at most `lotsPerExecution` lots per tick. */
  | { readonly kind: 'partial-fill'; readonly lotsPerExecution: number }
  /** The order is accepted and rejected at once: status REJECTED with `message`. */
  | { readonly kind: 'reject-order'; readonly message?: string };

/** Any fault `next` takes. */
export type Fault = CallFault | ResponseLostFault | OrderFault;

/** How a stream is broken by `dropStreams`. */
export type StreamDropKind = 'unavailable' | 'stream-lifetime';

interface Queued {
  readonly fault: Fault;
  remaining: number;
}

/** An open server stream the fake can break or end. */
export interface TrackedStream {
  readonly method: string;
  /** Ends the stream with an error. */
  drop(kind: StreamDropKind): void;
  /** Ends the stream normally (server shutdown). */
  end(): void;
}

/** Faults queued per method, consumed in order. */
export class FaultInjector {
  private readonly queues = new Map<string, Queued[]>();
  private readonly streams = new Set<TrackedStream>();

  /**
   * Queues a fault for the next `times` (default 1) calls of `method` (`PostOrder`,
   * `GetCandles`, `MarketDataStream`, ...).
   * @example
   * exchange.faults.next('PostOrder', { kind: 'response-lost' });
   * exchange.faults.next('GetCandles', { kind: 'unavailable' }, { times: 2 });
   */
  next(method: string, fault: Fault, options: { times?: number } = {}): void {
    const times = options.times ?? 1;
    if (!(times >= 1)) throw new RangeError(`times must be at least 1, got ${times}`);
    const queue = this.queues.get(method) ?? [];
    queue.push({ fault, remaining: times });
    this.queues.set(method, queue);
  }

  /** Ends every open stream of `method` (all streams when omitted) with an error; returns how many. */
  dropStreams(method?: string, kind: StreamDropKind = 'unavailable'): number {
    let dropped = 0;
    for (const stream of [...this.streams]) {
      if (method !== undefined && stream.method !== method) continue;
      stream.drop(kind);
      dropped += 1;
    }
    return dropped;
  }

  /** Faults still queued for `method` (for all methods when omitted). */
  pending(method?: string): number {
    const queues =
      method === undefined ? [...this.queues.values()] : [this.queues.get(method) ?? []];
    return queues.flat().reduce((sum, queued) => sum + queued.remaining, 0);
  }

  /** Drops every queued fault. */
  clear(): void {
    this.queues.clear();
  }

  /** @internal Takes the next fault of `method`, if one is queued. */
  take(method: string): Fault | undefined {
    const queue = this.queues.get(method);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.fault;
  }

  /** @internal Registers an open stream; returns the unregister function. */
  track(stream: TrackedStream): () => void {
    this.streams.add(stream);
    return () => this.streams.delete(stream);
  }

  /** @internal Open streams, for shutdown. */
  openStreams(): TrackedStream[] {
    return [...this.streams];
  }
}
