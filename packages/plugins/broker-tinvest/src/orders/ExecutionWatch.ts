/**
 * Follows an account's executions: `TradesStream` first, and a poll of the open orders
 * as fallback (faster while the stream is down). The poll also settles orders whose
 * reply was lost and ends orders the venue cancelled or rejected, which the stream never
 * reports; while the circuit breaker is open it probes the venue even without orders.
 * @module
 */
import type { Logger } from '@moex-bot/framework';
import type { OrderState, OrderTrades } from 'tinkoff-invest-api/cjs/generated/orders.js';
import type { InvestApi } from '../client/InvestApi.js';
import type { TinvestHooks } from '../hooks.js';
import type { CircuitBreaker } from '../resilience/CircuitBreaker.js';
import { OrderPoller } from './OrderPoller.js';
import type { OrderReports } from './OrderReports.js';
import type { TrackedOrder, TrackedOrders } from './TrackedOrders.js';
import { TradesFeed } from './TradesFeed.js';
import type { TradingApi } from './TradingApi.js';

/** How executions are followed: shared by the broker's options and the watch's. */
export interface WatchSettings {
  readonly api: InvestApi;
  readonly trading: TradingApi;
  readonly logger: Logger;
  /** Between polls while the trades stream is up, ms; a fifth of it while it is down. */
  readonly pollIntervalMs: number;
  /** Largest pause between trades stream reconnects, ms; default 5 000. */
  readonly maxReconnectDelayMs?: number | undefined;
  /** The gateway's breaker: while it is open, polls probe the venue even without orders. */
  readonly breaker?: CircuitBreaker | undefined;
  /**
   * How long, ms of wall time, lookups by key must keep finding nothing (three at least)
   * before an order whose reply was lost counts as never received; default 30 000. The
   * venue's lookup may lag behind its orders. An order it refused as a duplicate (30057)
   * is never given up.
   */
  readonly notReceivedGraceMs?: number | undefined;
  readonly hooks?: TinvestHooks | undefined;
}

export interface ExecutionWatchOptions extends WatchSettings {
  readonly accountId: string;
  readonly orders: TrackedOrders;
  readonly reports: OrderReports;
  /** An order whose reply was lost turned out to be at the venue. */
  readonly onFound: (order: TrackedOrder) => Promise<void>;
}

/**
 * @example
 * const watch = new ExecutionWatch({ api, trading, accountId, orders, reports, logger, pollIntervalMs: 5_000, onFound });
 * watch.start();
 * await watch.stop();
 */
export class ExecutionWatch {
  private readonly feed: TradesFeed;
  private readonly poller: OrderPoller;
  private streamUp = false;

  constructor(private readonly options: ExecutionWatchOptions) {
    const { logger, pollIntervalMs } = options;
    this.poller = new OrderPoller(() => this.poll(), {
      intervalMs: pollIntervalMs,
      fastIntervalMs: Math.max(50, Math.round(pollIntervalMs / 5)),
      onError: (error) =>
        logger.warn(
          { event: 'OrderPollFailed', err: String(error) },
          `order poll failed: ${error}`,
        ),
    });
    this.feed = new TradesFeed(options.api, options.accountId, (m) => this.onTrades(m), {
      maxReconnectDelayMs: options.maxReconnectDelayMs,
      onReconnect: (attempt, error) =>
        options.hooks?.onStreamReconnect?.('TradesStream', attempt, error),
      onState: (state, detail) => this.onStreamState(state === 'up', detail),
    });
  }

  start(): void {
    this.poller.start();
    this.feed.start();
  }

  async stop(): Promise<void> {
    this.poller.stop();
    await this.feed.stop();
  }

  /** One poll: the open orders' states from one GetOrders, ended ones one by one. */
  private async poll(): Promise<void> {
    const { orders, trading, reports, accountId, breaker } = this.options;
    const open = orders.open();
    const probing = breaker !== undefined && breaker.state !== 'closed';
    if (open.length === 0 && !probing) return;
    const listed = await trading.getOrders(accountId);
    const byId = new Map(listed.orders.map((state) => [state.orderId, state]));
    const byKey = new Map(listed.orders.map((state) => [state.orderRequestId, state]));
    for (const order of open) {
      if (order.phase === 'unresolved') {
        await this.resolve(order, byKey.get(order.key));
        continue;
      }
      const exchangeId = order.exchangeId!;
      // Orders that left the list have ended: their final state is asked for.
      const state = byId.get(exchangeId) ?? (await trading.orderById(accountId, exchangeId));
      if (state !== undefined) reports.state(order, state);
    }
  }

  /**
   * A lost reply: the venue has the order (listed among the open ones, or found by its
   * key), or never got it — which only repeated empty lookups over the grace period show,
   * and never for an order the venue refused as a duplicate. It is not re-sent late.
   */
  private async resolve(order: TrackedOrder, listed: OrderState | undefined): Promise<void> {
    const { trading, reports, accountId } = this.options;
    const state = listed ?? (await trading.orderByKey(accountId, order.key));
    if (state === undefined) {
      if (this.stillExpected(order)) return;
      reports.rejected(
        order,
        'the venue never received the order (its reply was lost; it is not re-sent late)',
        'NOT_RECEIVED',
      );
      return;
    }
    reports.accepted(order, state.orderId);
    reports.state(order, state);
    await this.options.onFound(order);
  }

  /** One more empty lookup of `order`: true while it may still turn up at the venue. */
  private stillExpected(order: TrackedOrder): boolean {
    if (order.acknowledged) return true;
    const now = Date.now();
    order.notFound ??= { since: now, answers: 0 };
    order.notFound.answers += 1;
    const graceMs = this.options.notReceivedGraceMs ?? 30_000;
    return order.notFound.answers < 3 || now - order.notFound.since < graceMs;
  }

  private onTrades(message: OrderTrades): void {
    try {
      this.options.reports.trades(message);
    } catch (error) {
      this.options.logger.error({ event: 'TradeReportFailed', err: String(error) }, String(error));
    }
  }

  private onStreamState(up: boolean, detail: string): void {
    if (up !== this.streamUp) {
      this.streamUp = up;
      const { logger } = this.options;
      if (up) logger.info({ event: 'TradesStreamUp' }, detail);
      else logger.warn({ event: 'TradesStreamDown', err: detail }, `trades stream down: ${detail}`);
    }
    this.poller.streamState(up);
  }
}
