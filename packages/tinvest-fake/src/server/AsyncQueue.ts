/**
 * A push queue read as an async iterable: exchange events are pushed synchronously while
 * the gRPC handler yields them in order. The stream ends when the queue is ended, fails
 * when it is failed, and stops at once when the call is aborted.
 * @module
 */

/** A queue of messages for one server stream. */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private waiting: (() => void) | undefined;
  private ended = false;
  private failure: { error: unknown } | undefined;

  /** Adds a message (ignored once the queue has ended). */
  push(item: T): void {
    if (this.ended || this.failure) return;
    this.items.push(item);
    this.wake();
  }

  /** Ends the stream after the queued messages. */
  end(): void {
    this.ended = true;
    this.wake();
  }

  /** Fails the stream after the queued messages. */
  fail(error: unknown): void {
    if (this.ended || this.failure) return;
    this.failure = { error };
    this.wake();
  }

  /** Yields messages until the queue ends, fails or `signal` aborts. */
  async *drain(signal: AbortSignal): AsyncGenerator<T, void, undefined> {
    const onAbort = () => this.end();
    signal.addEventListener('abort', onAbort);
    try {
      while (true) {
        const item = this.items.shift();
        if (item !== undefined) {
          yield item;
          continue;
        }
        if (this.failure) throw this.failure.error;
        if (this.ended || signal.aborted) return;
        await new Promise<void>((resolve) => {
          this.waiting = resolve;
        });
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}
