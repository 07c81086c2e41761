/**
 * Executions as the venue reports them — trades on `TradesStream` (in pieces) and
 * stages of an `OrderState` (in lots) — in one form, and as the engine's `BrokerFill`
 * with an exact commission estimate (the venue reports no commission per trade).
 * @module
 */
import {
  type BrokerFill,
  KOPECK_NANOS,
  NANOS_PER_UNIT,
  nanosToNumber,
  quotationToNanos,
  roundNanos,
  toNanos,
} from '@moex-bot/framework';
import type { OrderStage, OrderTrades } from 'tinkoff-invest-api/cjs/generated/orders.js';

/** One execution of an order, whichever way it was reported. */
export interface VenueExecution {
  /** The venue's trade id: the same on the stream and in the order's stages. */
  readonly executionId: string;
  readonly lots: number;
  /** Price per piece, nanos. */
  readonly priceNanos: bigint;
  readonly time: number;
}

/**
 * The commission of one execution: `percent` of its amount, rounded half up to the
 * kopeck as T-Invest charges it. Computed in integers from nanos, so 0.05% of
 * 10 × 250.01 is exactly 1.25, never 1.2500000000000002.
 * @example
 * new CommissionEstimate(0.05).of(250_010_000_000n, 10); // 1.25
 */
export class CommissionEstimate {
  private readonly percentNanos: bigint;

  constructor(readonly percent: number) {
    this.percentNanos = toNanos(percent);
  }

  /** Commission on `pieces` at `priceNanos` per piece, in roubles. */
  of(priceNanos: bigint, pieces: number): number {
    // amount × percent / 100, in nanos, is amountNanos × percentNanos / (100 × 1e9):
    // rounding the product to a kopeck of that scale, then dividing, is exact.
    const scale = 100n * NANOS_PER_UNIT;
    const product = priceNanos * BigInt(pieces) * this.percentNanos;
    return nanosToNumber(roundNanos(product, scale * KOPECK_NANOS) / scale);
  }
}

/**
 * The trades of a `TradesStream` message, in lots. Trade quantities are pieces; a
 * quantity that is not whole lots is left out (undefined), for the order's stages, which
 * count in lots, to report.
 */
export function tradeExecutions(
  message: OrderTrades,
  lot: number,
  now: number,
): VenueExecution[] | undefined {
  const executions: VenueExecution[] = [];
  for (const trade of message.trades) {
    if (trade.price === undefined || trade.quantity % lot !== 0) return undefined;
    executions.push({
      executionId: trade.tradeId,
      lots: trade.quantity / lot,
      priceNanos: quotationToNanos(trade.price),
      time: trade.dateTime?.getTime() ?? now,
    });
  }
  return executions;
}

/** The stages of an order (`OrderState.stages`), which are in lots. */
export function stageExecutions(
  exchangeOrderId: string,
  stages: readonly OrderStage[],
  now: number,
): VenueExecution[] {
  const executions: VenueExecution[] = [];
  stages.forEach((stage, index) => {
    // A stage without a price cannot be booked; the API always sends one.
    if (stage.price === undefined) return;
    executions.push({
      // A stage without a trade id still needs a stable name across polls.
      executionId: stage.tradeId || `${exchangeOrderId}/${index}`,
      lots: stage.quantity,
      priceNanos: quotationToNanos(stage.price),
      time: stage.executionTime?.getTime() ?? now,
    });
  });
  return executions;
}

/** An execution as the engine books it. */
export function toBrokerFill(
  orderId: string,
  execution: VenueExecution,
  lot: number,
  commission: CommissionEstimate,
): BrokerFill {
  return {
    orderId,
    executionId: execution.executionId,
    lots: execution.lots,
    price: nanosToNumber(execution.priceNanos),
    commission: commission.of(execution.priceNanos, execution.lots * lot),
    time: execution.time,
  };
}
