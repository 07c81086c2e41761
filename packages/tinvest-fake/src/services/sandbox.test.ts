import { Status } from 'nice-grpc';
import { PriceType } from 'tinkoff-invest-api/cjs/generated/common.js';
import {
  OrderDirection,
  OrderExecutionReportStatus,
  OrderType,
  type PostOrderRequest,
  TimeInForceType,
} from 'tinkoff-invest-api/cjs/generated/orders.js';
import { afterEach, describe, expect, it } from 'vitest';
import { decimal, failure, READ_ONLY, type Setup, setup } from '../testing.fixture.js';

let ctx: Setup;
afterEach(async () => {
  await ctx?.close();
});

function lkoh(accountId: string, overrides: Partial<PostOrderRequest> = {}): PostOrderRequest {
  return {
    quantity: 1,
    direction: OrderDirection.ORDER_DIRECTION_BUY,
    accountId,
    orderType: OrderType.ORDER_TYPE_MARKET,
    orderId: 'sandbox-key',
    instrumentId: 'LKOH_TQBR',
    timeInForce: TimeInForceType.TIME_IN_FORCE_DAY,
    priceType: PriceType.PRICE_TYPE_CURRENCY,
    ...overrides,
  };
}

describe('SandboxService', () => {
  it('opens an account, pays in, trades with the flat 0.05% fee and reports the portfolio', async () => {
    ctx = await setup({ commissionPercent: '0.3' });
    const { sandbox } = ctx.api;
    const { accountId } = await sandbox.openSandboxAccount({ name: 'test' });
    const listed = await sandbox.getSandboxAccounts({});
    expect(listed.accounts.map((a) => [a.id, a.name])).toEqual([[accountId, 'test']]);
    expect((await ctx.api.users.getAccounts({})).accounts.map((a) => a.id)).toEqual([ctx.account]);
    const payIn = await sandbox.sandboxPayIn({
      accountId,
      amount: { currency: 'rub', units: 50_000, nano: 0 },
    });
    expect(decimal(payIn.balance)).toBe('50000');
    const reply = await sandbox.postSandboxOrder(lkoh(accountId));
    expect(reply.executionReportStatus).toBe(
      OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_FILL,
    );
    expect(decimal(reply.executedCommission)).toBe('3.5');
    const state = await sandbox.getSandboxOrderState({
      accountId,
      orderId: reply.orderId,
      priceType: 0,
    });
    expect(state.lotsExecuted).toBe(1);
    const portfolio = await sandbox.getSandboxPortfolio({ accountId });
    const share = portfolio.positions.find((p) => p.instrumentType === 'share')!;
    expect([decimal(share.quantity), decimal(share.averagePositionPrice)]).toEqual(['1', '7000']);
    const positions = await sandbox.getSandboxPositions({ accountId });
    expect(positions.money.map(decimal)).toEqual(['42996.5']);
    expect((await sandbox.getSandboxOrders({ accountId })).orders).toEqual([]);
  });

  it('rests and cancels sandbox limit orders', async () => {
    ctx = await setup();
    const { accountId } = await ctx.api.sandbox.openSandboxAccount({});
    await ctx.api.sandbox.sandboxPayIn({
      accountId,
      amount: { currency: 'rub', units: 10_000, nano: 0 },
    });
    const reply = await ctx.api.sandbox.postSandboxOrder(
      lkoh(accountId, { orderType: OrderType.ORDER_TYPE_LIMIT, price: { units: 6900, nano: 0 } }),
    );
    expect(reply.executionReportStatus).toBe(
      OrderExecutionReportStatus.EXECUTION_REPORT_STATUS_NEW,
    );
    expect((await ctx.api.sandbox.getSandboxOrders({ accountId })).orders).toHaveLength(1);
    await ctx.api.sandbox.cancelSandboxOrder({ accountId, orderId: reply.orderId });
    expect((await ctx.api.sandbox.getSandboxOrders({ accountId })).orders).toEqual([]);
  });

  it('fails with 30034 without money, 30047 for a non-rouble pay-in, 50004 for a brokerage account', async () => {
    ctx = await setup();
    const { accountId } = await ctx.api.sandbox.openSandboxAccount({});
    const broke = await failure(ctx.api.sandbox.postSandboxOrder(lkoh(accountId)));
    expect([broke.code, broke.details]).toEqual([Status.INVALID_ARGUMENT, 'Not enough balance']);
    const dollars = await failure(
      ctx.api.sandbox.sandboxPayIn({ accountId, amount: { currency: 'usd', units: 1, nano: 0 } }),
    );
    expect(dollars.details).toBe('Price currency does not match the settlement currency');
    const broker = await failure(ctx.api.sandbox.getSandboxPositions({ accountId: ctx.account }));
    expect([broker.code, broker.details]).toEqual([Status.NOT_FOUND, 'Account not found']);
    const readOnly = await failure(ctx.client(READ_ONLY).sandbox.openSandboxAccount({}));
    expect(readOnly.code).toBe(Status.PERMISSION_DENIED);
  });

  it('regular order methods reach sandbox accounts too, as on the sandbox contour', async () => {
    ctx = await setup();
    const { accountId } = await ctx.api.sandbox.openSandboxAccount({});
    await ctx.api.sandbox.sandboxPayIn({
      accountId,
      amount: { currency: 'rub', units: 10_000, nano: 0 },
    });
    const reply = await ctx.api.orders.postOrder(lkoh(accountId));
    expect(decimal(reply.executedCommission)).toBe('3.5');
    await ctx.api.sandbox.closeSandboxAccount({ accountId });
    expect((await ctx.api.sandbox.getSandboxAccounts({})).accounts).toEqual([]);
  });
});
