import { silentLogger } from '@moex-bot/framework';
import {
  OrderExecutionReportStatus,
  OrderState,
  OrderTrades,
} from 'tinkoff-invest-api/cjs/generated/orders.js';
import { describe, expect, it } from 'vitest';
import { recordEvents } from '../broker.fixture.js';
import { CommissionEstimate } from './executions.js';
import { MAX_ENDS_HELD, OrderReports } from './OrderReports.js';
import { TrackedOrders } from './TrackedOrders.js';

const KEY = '6f1f4a4e-0000-4000-8000-0000000000f1';
const EXCHANGE_ID = '40000000001';
const FILL = OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_FILL;
const CANCELLED = OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_CANCELLED;

/** The venue's state of the order: `lotsExecuted` counted, `trades` (one lot each) listed. */
function venueState(status: OrderExecutionReportStatus, lotsExecuted: number, trades: string[]) {
  return OrderState.fromJSON({
    orderId: EXCHANGE_ID,
    orderRequestId: KEY,
    executionReportStatus: status,
    lotsRequested: 3,
    lotsExecuted,
    stages: trades.map((tradeId) => ({
      tradeId,
      quantity: 1,
      price: { currency: 'rub', units: 250, nano: 0 },
      executionTime: new Date(1_000),
    })),
  });
}

/** One trade of one lot (10 pieces) on `TradesStream`. */
const streamTrade = (tradeId: string) =>
  OrderTrades.fromJSON({
    orderId: EXCHANGE_ID,
    trades: [{ tradeId, quantity: 10, price: { units: 250, nano: 0 }, dateTime: new Date(1_000) }],
  });

/** A working order of 3 lots (lot 10) at the venue, and what is reported of it. */
function workingOrder() {
  const orders = new TrackedOrders();
  const events = recordEvents();
  const reports = new OrderReports(orders, new CommissionEstimate(0.05), () => 0, silentLogger());
  reports.connect(events.sink);
  const order = orders.add({
    key: KEY,
    instrument: 'sber-uid',
    lot: 10,
    lotsRequested: 3,
    phase: 'working',
  });
  reports.accepted(order, EXCHANGE_ID);
  events.log.length = 0;
  return { orders, events, reports, order };
}

describe('OrderReports: an end the venue reports before listing its executions', () => {
  it('keeps a FILL that lists fewer lots open: later stream trades and stages are still reported', () => {
    const { orders, events, reports, order } = workingOrder();
    reports.state(order, venueState(FILL, 3, ['t1']));
    expect(events.log).toEqual([`filled ${KEY} 1`]);
    expect(orders.open()).toContain(order); // the poll asks for its state again
    reports.trades(streamTrade('t2'));
    reports.state(order, venueState(FILL, 3, ['t1', 't2', 't3']));
    expect(events.log).toEqual([`filled ${KEY} 1`, `filled ${KEY} 1`, `filled ${KEY} 1`]);
    expect(order.phase).toBe('done');
    expect(events.lots(KEY)).toBe(3);
  });

  it('reports a cancel only after the executions the venue counts for it', () => {
    const { events, reports, order } = workingOrder();
    reports.state(order, venueState(CANCELLED, 2, ['t1']));
    expect(events.log).toEqual([`filled ${KEY} 1`]);
    reports.state(order, venueState(CANCELLED, 2, ['t1', 't2']));
    expect(events.log).toEqual([`filled ${KEY} 1`, `filled ${KEY} 1`, `cancelled ${KEY}`]);
  });

  it('lets the end through when the venue never lists the rest, for reconciliation to settle', () => {
    const { events, reports, order } = workingOrder();
    for (let i = 0; i < MAX_ENDS_HELD; i++) reports.state(order, venueState(FILL, 3, ['t1']));
    expect(order.phase).toBe('working');
    reports.state(order, venueState(FILL, 3, ['t1']));
    expect(order.phase).toBe('done');
    expect(events.log).toEqual([`filled ${KEY} 1`]);
  });
});
