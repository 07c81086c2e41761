/**
 * What the venue says the account holds, for reconciliation: roubles exactly in nanos,
 * positions in signed pieces by instrument uid with the venue's average price, and the
 * orders still working.
 * @module
 */
import {
  type BrokerAccountState,
  type BrokerOrderState,
  type BrokerPosition,
  nanosToNumber,
  quotationToNanos,
} from '@moex-bot/framework';
import type { MoneyValue } from 'tinkoff-invest-api/cjs/generated/common.js';
import type { OrderState } from 'tinkoff-invest-api/cjs/generated/orders.js';
import type { TradingApi } from './TradingApi.js';

function roubles(amounts: readonly MoneyValue[]): bigint {
  return amounts
    .filter((money) => money.currency.toLowerCase() === 'rub')
    .reduce((sum, money) => sum + quotationToNanos(money), 0n);
}

/**
 * Reads positions, portfolio and open orders of `accountId`. Cash is what the account
 * holds, free plus blocked by open buy orders: the engine's ledger takes the money of an
 * order only when it fills, so that is the figure it compares with.
 * @example
 * const state = await readAccountState(trading, accountId, (order) => describe(order));
 */
export async function readAccountState(
  trading: TradingApi,
  accountId: string,
  describe: (order: OrderState) => Promise<BrokerOrderState>,
): Promise<BrokerAccountState> {
  const [positions, portfolio, orders] = await Promise.all([
    trading.getPositions(accountId),
    trading.getPortfolio(accountId),
    trading.getOrders(accountId),
  ]);
  const averages = new Map(
    portfolio.positions.map((position) => [
      position.instrumentUid,
      position.averagePositionPrice && quotationToNanos(position.averagePositionPrice),
    ]),
  );
  const held: BrokerPosition[] = [];
  for (const security of positions.securities) {
    const quantity = security.balance + security.blocked;
    if (quantity === 0) continue;
    const average = averages.get(security.instrumentUid);
    held.push({
      instrument: security.instrumentUid,
      quantity,
      ...(average ? { averagePrice: nanosToNumber(average) } : {}),
    });
  }
  return {
    cashNanos: roubles(positions.money) + roubles(positions.blocked),
    positions: held,
    openOrders: await Promise.all(orders.orders.map(describe)),
  };
}
