/**
 * The fallback for the trades stream: a poll of the open orders on a timer, more often
 * while the stream is down, and at once when it comes back (to catch up on what it
 * missed). Polls never overlap; a failed poll is reported and the next one runs on time.
 * @module
 */

export interface PollerOptions {
  /** Between polls while the trades stream is up, ms. */
  readonly intervalMs: number;
  /** Between polls while it is down, ms. */
  readonly fastIntervalMs: number;
  readonly onError: (error: unknown) => void;
}

/**
 * @example
 * const poller = new OrderPoller(() => broker.pollOpenOrders(), { intervalMs: 5_000, fastIntervalMs: 1_000, onError });
 * poller.start();
 */
export class OrderPoller {
  private timer: NodeJS.Timeout | undefined;
  // Until the stream confirms its subscription, the poll is the only source.
  private streamUp = false;
  private polling = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly poll: () => Promise<void>,
    private readonly options: PollerOptions,
  ) {}

  start(): void {
    this.schedule(this.interval());
  }

  /** The trades stream went up (poll now, then slowly) or down (poll fast). */
  streamState(up: boolean): void {
    if (up === this.streamUp) return;
    this.streamUp = up;
    this.schedule(up ? 0 : this.interval());
  }

  /** Polls as soon as possible. */
  pollSoon(): void {
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private interval(): number {
    return this.streamUp ? this.options.intervalMs : this.options.fastIntervalMs;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delayMs);
    // The session's streams keep the process alive; a poll timer alone must not.
    this.timer.unref();
  }

  private async run(): Promise<void> {
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = true;
    try {
      await this.poll();
    } catch (error) {
      this.options.onError(error);
    } finally {
      this.polling = false;
    }
    const again = this.again;
    this.again = false;
    this.schedule(again ? 0 : this.interval());
  }
}
