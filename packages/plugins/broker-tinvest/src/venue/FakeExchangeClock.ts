/**
 * The clock of the built-in fake exchange: its time, which a replay moves faster than
 * the wall clock (and across nights and weekends at once). Timers fire when the
 * exchange's time reaches them, checked on a short wall-clock tick while any wait.
 * @module
 */
import type { CancelTimer, Clock } from '@moex-bot/framework';

interface Timer {
  readonly at: number;
  readonly callback: () => void;
}

/**
 * @example
 * const clock = new FakeExchangeClock(exchange);
 * clock.setTimer(clock.now() + 60_000, () => console.log('a minute of exchange time'));
 */
export class FakeExchangeClock implements Clock {
  private timers: Timer[] = [];
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly exchange: { readonly now: number },
    /** Wall ms between checks of the exchange time. */
    private readonly tickMs = 20,
  ) {}

  now(): number {
    return this.exchange.now;
  }

  setTimer(at: number, callback: () => void): CancelTimer {
    const timer = { at, callback };
    this.timers.push(timer);
    this.timers.sort((a, b) => a.at - b.at);
    if (this.ticker === undefined) {
      this.ticker = setInterval(() => this.fireDue(), this.tickMs);
      // Like the wall clock of live runs: a timer alone does not keep the process alive.
      this.ticker.unref();
    }
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
      if (this.timers.length === 0) this.stop();
    };
  }

  /** Drops every timer. */
  stop(): void {
    this.timers = [];
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private fireDue(): void {
    const now = this.exchange.now;
    while (this.timers.length > 0 && this.timers[0]!.at <= now) {
      this.timers.shift()!.callback();
    }
    if (this.timers.length === 0) this.stop();
  }
}
