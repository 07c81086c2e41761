/**
 * One queue for every state-store write of a session, so that writes land in the order
 * the engine made them (an order is recorded before its acknowledgement, its
 * acknowledgement before its fills) although the engine never waits for them.
 * @module
 */
export class SerialWriter {
  private tail: Promise<unknown> = Promise.resolve();
  private failures = 0;
  private lastOk = true;

  constructor(private readonly onError: (error: unknown, what: string) => void) {}

  /** Runs `write` after every write queued before it; resolves or rejects with it. */
  run<T>(what: string, write: () => Promise<T>): Promise<T> {
    const result = this.tail.then(write);
    this.tail = result.then(
      () => {
        this.lastOk = true;
      },
      (error: unknown) => {
        this.failures += 1;
        this.lastOk = false;
        this.onError(error, what);
      },
    );
    return result;
  }

  /** Queues a write nobody waits for; a failure is reported through `onError`. */
  post(what: string, write: () => Promise<unknown>): void {
    this.run(what, write).catch(() => undefined);
  }

  /** Resolves once every write queued so far has finished. */
  async flush(): Promise<void> {
    await this.tail;
  }

  /** False while the latest finished write failed: the store is not taking writes. */
  get healthy(): boolean {
    return this.lastOk;
  }

  /** Writes that failed so far. */
  get failed(): number {
    return this.failures;
  }
}
