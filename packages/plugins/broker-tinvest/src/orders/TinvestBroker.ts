/**
 * The T-Invest broker: orders to the venue (the sandbox's methods in sandbox mode) with
 * the engine's order id as the idempotency key, executions from `TradesStream` with a
 * poll of the open orders as fallback — each reported once — and the account and order
 * states reconciliation asks for. Its `venue` brings market data and instruments.
 * @module
 */
import type {
  BrokerAccountState,
  BrokerEvents,
  BrokerOrderState,
  Logger,
  Order,
  RunMode,
  VenueBroker,
} from '@moex-bot/framework';
import {
  OrderExecutionReportStatus,
  OrderIdType,
  type OrderState,
  type PostOrderRequest,
} from 'tinkoff-invest-api/cjs/generated/orders.js';
import { asTinvestError } from '../client/TinvestGateway.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../resilience/retry.js';
import type { TinvestVenue } from '../venue/TinvestVenue.js';
import { readAccountState } from './accountState.js';
import { ExecutionWatch, type WatchSettings } from './ExecutionWatch.js';
import type { CommissionEstimate } from './executions.js';
import { OrderReports } from './OrderReports.js';
import { isWorking, pendingOrderState, toBrokerOrderState } from './orderStates.js';
import { placeOrder, postOrderRequest } from './placeOrder.js';
import { isUnsettled, TrackedOrders } from './TrackedOrders.js';
import { isOrderNotFound, type TradingApi } from './TradingApi.js';

export interface TinvestBrokerOptions extends WatchSettings {
  readonly mode: Exclude<RunMode, 'backtest'>;
  readonly venue: TinvestVenue;
  readonly commission: CommissionEstimate;
  /** Retries of PostOrder after rate-limit refusals; default the gateway's. */
  readonly retry?: RetryPolicy | undefined;
  /** Re-sends after a lost reply and a venue without the order; default 2. */
  readonly resends?: number | undefined;
  /** Time for executions the venue reports without one; default the venue's clock. */
  readonly now?: (() => number) | undefined;
}

/**
 * @example
 * const broker = await createTinvestBroker(params, context); // see createTinvestBroker
 * const account = await broker.venue.open();
 * await broker.connect(engineEvents);
 * await broker.submit(order);
 */
export class TinvestBroker implements VenueBroker {
  readonly venue: TinvestVenue;
  private readonly orders = new TrackedOrders();
  private readonly reports: OrderReports;
  private readonly trading: TradingApi;
  private readonly logger: Logger;
  private readonly now: () => number;
  private watch: ExecutionWatch | undefined;
  private closed = false;

  constructor(private readonly options: TinvestBrokerOptions) {
    this.venue = options.venue;
    this.trading = options.trading;
    this.logger = options.logger;
    this.now = options.now ?? (() => options.venue.clock?.now() ?? Date.now());
    this.reports = new OrderReports(this.orders, options.commission, this.now, this.logger);
  }

  /** Opens the session, then follows the account's executions (not in paper runs). */
  async connect(events: BrokerEvents): Promise<void> {
    this.reports.connect(events);
    const account = await this.venue.open();
    if (this.options.mode === 'paper') return;
    if (!account.canTrade) {
      throw new Error(
        `account ${account.accountId} cannot trade: ${account.reason ?? 'no access'}`,
      );
    }
    this.watch = new ExecutionWatch({
      ...this.options,
      accountId: account.accountId,
      orders: this.orders,
      reports: this.reports,
      // A cancel asked for while the order's reply was lost goes out now.
      onFound: async (order) => {
        if (order.cancelRequested) await this.cancel(order.key);
      },
    });
    this.watch.start();
  }

  async submit(order: Order): Promise<void> {
    this.refuseInPaper();
    // Tracked before the first await: the engine may cancel the order at once, and a
    // cancel must find it however far sending has got.
    const tracked = this.orders.add({
      key: order.id,
      instrument: order.instrument,
      lot: 1,
      lotsRequested: order.lots,
      phase: 'preparing',
    });
    let request: PostOrderRequest;
    try {
      request = postOrderRequest(order, await this.accountId());
      tracked.lot = (await this.venue.instruments.resolve({ uid: order.instrument })).lot;
    } catch (error) {
      // Never sent; the host counts the throw as the order's rejection.
      this.orders.finish(tracked);
      throw error;
    }
    // Cancelled before it was sent: it is not sent at all.
    if (tracked.cancelRequested) {
      this.reports.cancelled(tracked);
      return;
    }
    tracked.phase = 'sending';
    const placement = await placeOrder(
      this.trading,
      request,
      this.options.retry ?? DEFAULT_RETRY,
      this.options.resends,
    );
    switch (placement.kind) {
      case 'placed': {
        const { reply } = placement;
        // Accepted and refused at once (a status, not an error): no exchange id is kept.
        if (
          reply.executionReportStatus ===
          OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_REJECTED
        ) {
          this.reports.rejected(tracked, reply.message || 'the exchange rejected the order');
        } else {
          // Executions follow from the stream (or the poll): the reply lists none.
          this.reports.accepted(tracked, reply.orderId);
        }
        break;
      }
      case 'found':
        this.reports.accepted(tracked, placement.state.orderId);
        this.reports.state(tracked, placement.state);
        break;
      case 'refused':
        this.reports.rejected(tracked, placement.reason, placement.code);
        break;
      case 'unknown':
      case 'acknowledged': {
        tracked.phase = 'unresolved';
        tracked.acknowledged = placement.kind === 'acknowledged';
        const why = tracked.acknowledged
          ? 'the venue has it (its key is taken) but cannot show it yet'
          : 'the reply was lost and the venue cannot be asked now';
        this.logger.warn(
          { event: 'OrderUnresolved', orderId: order.id, err: placement.error.message },
          `order ${order.id}: ${why}; the poll will look it up`,
        );
        break;
      }
    }
    if (tracked.cancelRequested) await this.cancel(order.id);
  }

  /** Cancels at the venue; an order that already ended is not an error. */
  async cancel(orderId: string): Promise<void> {
    this.refuseInPaper();
    const order = this.orders.get(orderId);
    if (order === undefined) throw new Error(`order ${orderId} was not placed through this broker`);
    if (order.phase === 'done') return;
    // Not sent yet: it never will be. Sent but not known at the venue yet: cancelled as
    // soon as it is (see submit and the watch's onFound).
    if (order.phase !== 'working' || order.exchangeId === undefined) {
      order.cancelRequested = true;
      return;
    }
    const accountId = await this.accountId();
    try {
      await this.trading.cancelOrder({
        accountId,
        orderId: order.exchangeId,
        orderIdType: OrderIdType.ORDER_ID_TYPE_EXCHANGE,
      });
    } catch (thrown) {
      const error = asTinvestError('OrdersService/CancelOrder', thrown);
      // 30059: already filled or cancelled; the order's state says which.
      if (error.apiCode !== 30059 && !isOrderNotFound(error)) throw error;
    }
    // Executions that came before the cancel are reported first, then the end.
    const state = await this.trading.orderById(accountId, order.exchangeId);
    if (state !== undefined) this.reports.state(order, state);
  }

  async accountState(): Promise<BrokerAccountState> {
    return readAccountState(this.trading, await this.accountId(), (state) => this.describe(state));
  }

  /**
   * The order sent with this key, or undefined when the venue never received it. An
   * order still working is adopted: its later executions are reported through the
   * events, those returned here are not reported again. An order this broker is still
   * sending or looking for (the venue does not show it yet) is reported as submitted:
   * its fate follows through the events.
   */
  async orderState(orderId: string): Promise<BrokerOrderState | undefined> {
    const state = await this.trading.orderByKey(await this.accountId(), orderId);
    if (state === undefined) {
      // Being sent, or sent and not shown by the venue yet (a 30057 proved it has it):
      // not "never received" while this broker still follows it.
      const tracked = this.orders.get(orderId);
      return tracked !== undefined && isUnsettled(tracked) ? pendingOrderState(tracked) : undefined;
    }
    const lot = await this.lotOf(state);
    if (isWorking(state) && this.orders.get(orderId) === undefined) {
      this.reports.adopt(orderId, state, lot);
    }
    return toBrokerOrderState(state, lot, this.options.commission, this.now());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.watch?.stop();
    await this.venue.close();
  }

  private async describe(state: OrderState): Promise<BrokerOrderState> {
    const lot = await this.lotOf(state);
    return toBrokerOrderState(state, lot, this.options.commission, this.now());
  }

  /** Pieces per lot of an order's instrument. */
  private async lotOf(state: OrderState): Promise<number> {
    try {
      return (await this.venue.instruments.resolve({ uid: state.instrumentUid })).lot;
    } catch (error) {
      // An order placed elsewhere, in an instrument the bot cannot trade: its lot only
      // sizes commission estimates, which must not stop reconciliation.
      this.logger.warn(
        { event: 'InstrumentUnknown', instrument: state.instrumentUid, err: String(error) },
        `order ${state.orderId}: instrument ${state.instrumentUid} not resolved; commissions estimated per piece`,
      );
      return 1;
    }
  }

  private async accountId(): Promise<string> {
    return (await this.venue.open()).accountId;
  }

  private refuseInPaper(): void {
    // Paper runs fill orders in the simulator: nothing may reach a real account.
    if (this.options.mode === 'paper') {
      throw new Error('the tinvest broker sends no orders in paper runs; the simulator fills them');
    }
  }
}
