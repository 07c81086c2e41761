import { Status } from 'nice-grpc';
import { afterEach, describe, expect, it } from 'vitest';
import { failure, type Setup, setup } from '../testing.fixture.js';

let ctx: Setup;
afterEach(async () => {
  await ctx?.close();
});

describe('rate limits', () => {
  it('answer RESOURCE_EXHAUSTED 80002 with the seconds until the window resets', async () => {
    ctx = await setup({ rateLimits: { limits: { UsersService: 2 } } });
    await ctx.api.users.getAccounts({});
    await ctx.api.users.getInfo({});
    const error = await failure(ctx.api.users.getAccounts({}));
    expect(error.code).toBe(Status.RESOURCE_EXHAUSTED);
    expect(error.details).toBe('Request limit exceeded');
    expect(error.ratelimit).toBe('2');
    expect(error.ratelimitRemaining).toBe('0');
    expect(Number(error.ratelimitReset)).toBeGreaterThanOrEqual(1);
    expect(Number(error.ratelimitReset)).toBeLessThanOrEqual(60);
    expect(ctx.exchange.requests('GetAccounts').map((r) => r.code)).toEqual([undefined, 80002]);
  });

  it('count per token, with own budgets for PostOrder, CancelOrder and GetOrders', async () => {
    ctx = await setup({ rateLimits: { limits: { OrdersService: 1, GetOrders: 2 } } });
    const ask = () => ctx.api.orders.getOrders({ accountId: ctx.account });
    await ask();
    await ask();
    expect((await failure(ask())).code).toBe(Status.RESOURCE_EXHAUSTED);
    const state = () =>
      ctx.api.orders.getOrderState({ accountId: ctx.account, orderId: '1', priceType: 0 });
    expect((await failure(state())).details).toBe('Order not found'); // the service budget, used once
    expect((await failure(state())).details).toBe('Request limit exceeded');
    const readOnly = ctx.client('t.read-only');
    await expect(readOnly.orders.getOrders({ accountId: ctx.account })).resolves.toBeDefined();
  });

  it('report the budget in the headers of successful calls', async () => {
    ctx = await setup();
    const headers: Record<string, string>[] = [];
    for (let i = 0; i < 2; i++) {
      await ctx.api.users.getAccounts(
        {},
        {
          onHeader: (header) =>
            headers.push(Object.fromEntries([...header].map(([k, v]) => [k, String(v[0])]))),
        },
      );
    }
    expect(headers.map((h) => [h['x-ratelimit-limit'], h['x-ratelimit-remaining']])).toEqual([
      ['100', '99'],
      ['100', '98'],
    ]);
    expect(headers[0]!['x-tracking-id']).not.toBe(headers[1]!['x-tracking-id']);
  });

  it('can run on the exchange clock, and limits can be changed by a test', async () => {
    ctx = await setup({ rateLimits: { clock: 'exchange', limits: { UsersService: 1 } } });
    await ctx.api.users.getAccounts({});
    const error = await failure(ctx.api.users.getAccounts({}));
    expect(error.ratelimitReset).toBe('60');
    ctx.exchange.advance(60_000);
    await expect(ctx.api.users.getAccounts({})).resolves.toBeDefined();
    ctx.exchange.rateLimits.setLimit('UsersService', Number.POSITIVE_INFINITY);
    await expect(ctx.api.users.getAccounts({})).resolves.toBeDefined();
  });
});
