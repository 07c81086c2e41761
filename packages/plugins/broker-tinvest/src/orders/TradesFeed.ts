/**
 * The account's executions from `OrdersStreamService.TradesStream`, kept open: when the
 * stream fails or ends it is opened again after a backoff, for as long as the feed runs.
 * The package's own wrapper cannot be cancelled and never reconnects, so the stream is
 * read here directly, with an abort signal that ends it on `stop()`.
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { OrderTrades } from 'tinkoff-invest-api/cjs/generated/orders.js';
import type { InvestApi } from '../client/InvestApi.js';

export interface TradesFeedOptions {
  /** Largest pause between reconnect attempts, ms; default 5 000. */
  readonly maxReconnectDelayMs?: number;
  /** Each reconnect attempt, for metrics. */
  readonly onReconnect?: (attempt: number, cause: unknown) => void;
  /** The stream came up (subscription confirmed) or went down. */
  readonly onState?: (state: 'up' | 'down', detail: string) => void;
}

/**
 * @example
 * const feed = new TradesFeed(api, accountId, (message) => reports.trades(message));
 * feed.start();
 * await feed.stop();
 */
export class TradesFeed {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly api: InvestApi,
    private readonly accountId: string,
    private readonly onTrades: (message: OrderTrades) => void,
    private readonly options: TradesFeedOptions = {},
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  /** Ends the stream and the reconnect loop. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    const maxDelay = this.options.maxReconnectDelayMs ?? 5_000;
    // Failures since the stream was last confirmed: the backoff grows with them.
    let failures = 0;
    while (!signal.aborted) {
      let cause: unknown;
      try {
        const stream = this.api.ordersStream.tradesStream(
          { accounts: [this.accountId] },
          { signal },
        );
        for await (const message of stream) {
          if (message.subscription) {
            failures = 0;
            this.options.onState?.('up', 'trades stream subscribed');
          }
          if (message.orderTrades) this.onTrades(message.orderTrades);
        }
        cause = new Error('the trades stream ended');
      } catch (error) {
        if (signal.aborted) return;
        cause = error;
      }
      failures += 1;
      this.options.onState?.('down', cause instanceof Error ? cause.message : String(cause));
      this.options.onReconnect?.(failures, cause);
      try {
        await sleep(Math.min(maxDelay, 100 * 2 ** (failures - 1)), undefined, { signal });
      } catch {
        return; // stopped while waiting
      }
    }
  }
}
