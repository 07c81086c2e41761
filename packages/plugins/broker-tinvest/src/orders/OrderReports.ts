/**
 * Turns what the venue says about orders — the acknowledgement, trades on the stream,
 * order states from polls — into the engine's `BrokerEvents`, each execution exactly
 * once whichever way it came, and every execution of an order before its end
 * (`cancelled`, `rejected`), because the engine books no fill after an order ended.
 * @module
 */
import type { BrokerEvents, Logger } from '@moex-bot/framework';
import {
  OrderExecutionReportStatus,
  type OrderStage,
  type OrderState,
  type OrderTrades,
} from 'tinkoff-invest-api/cjs/generated/orders.js';
import {
  type CommissionEstimate,
  stageExecutions,
  toBrokerFill,
  tradeExecutions,
  type VenueExecution,
} from './executions.js';
import type { TrackedOrder, TrackedOrders } from './TrackedOrders.js';

/** What an order state or a PostOrder reply says, as far as reports go. */
export interface OrderReport {
  readonly executionReportStatus: OrderExecutionReportStatus;
  readonly stages?: readonly OrderStage[];
  /** Lots the venue counts as executed, listed in `stages` or not (yet). */
  readonly lotsExecuted?: number;
}

/**
 * How many times an order's end is held back while the venue lists fewer executions than
 * it counts (at the default 5 s poll, about a minute and a half) before it goes through
 * and reconciliation is left to settle the difference.
 */
export const MAX_ENDS_HELD = 20;

export class OrderReports {
  private events: BrokerEvents | undefined;

  constructor(
    private readonly orders: TrackedOrders,
    private readonly commission: CommissionEstimate,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  connect(events: BrokerEvents): void {
    this.events = events;
  }

  /** The venue has the order, under `exchangeId`. Trades that came first follow. */
  accepted(order: TrackedOrder, exchangeId: string): void {
    const waiting = this.orders.bind(order, exchangeId);
    order.phase = 'working';
    this.sink.accepted(order.key, exchangeId);
    for (const message of waiting) this.trades(message);
  }

  /**
   * Tracks an order a previous session left working. Its executions so far are booked
   * by reconciliation, so they count as reported; later ones are reported as usual.
   */
  adopt(key: string, state: OrderState, lot: number): void {
    const order = this.orders.add({
      key,
      instrument: state.instrumentUid,
      lot,
      lotsRequested: state.lotsRequested,
      phase: 'working',
    });
    for (const execution of stageExecutions(state.orderId, state.stages, this.now())) {
      order.reported.add(execution.executionId);
      order.lotsReported += execution.lots;
    }
    const waiting = this.orders.bind(order, state.orderId);
    if (this.events !== undefined) for (const message of waiting) this.trades(message);
  }

  rejected(order: TrackedOrder, reason: string, code?: string): void {
    if (order.phase === 'done') return;
    this.orders.finish(order);
    this.sink.rejected(order.key, reason, code);
  }

  /** A `TradesStream` message. Trades of orders not known yet wait for their order. */
  trades(message: OrderTrades): void {
    const order = this.orders.byExchangeId(message.orderId);
    if (order === undefined) {
      this.orders.park(message);
      return;
    }
    // Not whole lots: left to the order's stages, which count in lots.
    const executions = tradeExecutions(message, order.lot, this.now());
    if (executions === undefined) return;
    for (const execution of executions) this.execution(order, execution);
    if (order.lotsReported >= order.lotsRequested) this.orders.finish(order);
  }

  /** The order ended without reaching the venue, or the venue confirmed its cancel. */
  cancelled(order: TrackedOrder): void {
    if (order.phase === 'done') return;
    this.orders.finish(order);
    this.sink.cancelled(order.key);
  }

  /**
   * An order's state: its executions not reported yet, then its end if it ended — unless
   * the venue counts more executed lots than it lists: then the order stays open (the
   * poll asks for its state again, stream trades are still reported) and the end waits.
   */
  state(order: TrackedOrder, report: OrderReport): void {
    const id = order.exchangeId ?? order.key;
    for (const execution of stageExecutions(id, report.stages ?? [], this.now())) {
      this.execution(order, execution);
    }
    const executed = report.lotsExecuted ?? 0;
    switch (report.executionReportStatus) {
      case OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_CANCELLED:
        if (!this.holdEnd(order, executed, 'cancelled')) this.cancelled(order);
        return;
      case OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_REJECTED:
        if (!this.holdEnd(order, executed, 'rejected')) {
          this.rejected(order, 'the venue rejected the order');
        }
        return;
      case OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_FILL:
        if (!this.holdEnd(order, Math.max(executed, order.lotsRequested), 'filled')) {
          this.orders.finish(order);
        }
        return;
      default:
        if (order.lotsReported >= order.lotsRequested) this.orders.finish(order);
    }
  }

  /**
   * True while the end of `order` must wait for executions the venue counts (`executed`
   * lots) but has not listed: the engine books nothing after an order's end. After
   * {@link MAX_ENDS_HELD} reports the end goes through and reconciliation settles the rest.
   */
  private holdEnd(order: TrackedOrder, executed: number, end: string): boolean {
    if (order.phase === 'done' || order.lotsReported >= executed) return false;
    order.endsHeld += 1;
    const context = {
      orderId: order.key,
      exchangeOrderId: order.exchangeId,
      lotsReported: order.lotsReported,
      lotsExecuted: executed,
    };
    const listed = `the venue reports order ${order.key} ${end} but lists ${order.lotsReported} of its ${executed} executed lots`;
    if (order.endsHeld > MAX_ENDS_HELD) {
      this.logger.error(
        { event: 'ExecutionsMissing', ...context },
        `${listed}; reconciliation will settle it`,
      );
      return false;
    }
    if (order.endsHeld === 1) {
      this.logger.warn(
        { event: 'ExecutionsPending', ...context },
        `${listed}; the order stays open until they are reported`,
      );
    }
    return true;
  }

  private execution(order: TrackedOrder, execution: VenueExecution): void {
    if (order.phase === 'done' || order.reported.has(execution.executionId)) return;
    if (order.lotsReported + execution.lots > order.lotsRequested) {
      this.logger.error(
        { event: 'ExecutionRefused', orderId: order.key, executionId: execution.executionId },
        `execution ${execution.executionId} would fill order ${order.key} beyond its ${order.lotsRequested} lots; not reported`,
      );
      return;
    }
    order.reported.add(execution.executionId);
    order.lotsReported += execution.lots;
    this.sink.filled(toBrokerFill(order.key, execution, order.lot, this.commission));
  }

  private get sink(): BrokerEvents {
    if (this.events === undefined) throw new Error('the tinvest broker is not connected');
    return this.events;
  }
}
