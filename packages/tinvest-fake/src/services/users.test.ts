import { Status } from 'nice-grpc';
import { AccessLevel, AccountStatus, AccountType } from 'tinkoff-invest-api/cjs/generated/users.js';
import { afterEach, describe, expect, it } from 'vitest';
import { failure, READ_ONLY, type Setup, setup, T0 } from '../testing.fixture.js';

let ctx: Setup;
afterEach(async () => {
  await ctx?.close();
});

describe('UsersService', () => {
  it('lists the accounts a token reaches, with the access level of that token', async () => {
    ctx = await setup();
    const full = await ctx.api.users.getAccounts({});
    expect(full.accounts).toEqual([
      {
        id: ctx.account,
        type: AccountType.ACCOUNT_TYPE_TINKOFF,
        name: `Account ${ctx.account}`,
        status: AccountStatus.ACCOUNT_STATUS_OPEN,
        openedDate: new Date(T0),
        closedDate: undefined,
        accessLevel: AccessLevel.ACCOUNT_ACCESS_LEVEL_FULL_ACCESS,
      },
    ]);
    const readOnly = await ctx.client(READ_ONLY).users.getAccounts({});
    expect(readOnly.accounts.map((a) => a.accessLevel)).toEqual([
      AccessLevel.ACCOUNT_ACCESS_LEVEL_READ_ONLY,
    ]);
    const closed = await ctx.api.users.getAccounts({ status: AccountStatus.ACCOUNT_STATUS_CLOSED });
    expect(closed.accounts).toEqual([]);
  });

  it('lists IIS accounts with their type and only the accounts granted', async () => {
    ctx = await setup();
    const iis = ctx.exchange.openAccount({ kind: 'iis', name: 'IIS' });
    ctx.exchange.addToken('t.iis', { accounts: [iis] });
    const { accounts } = await ctx.client('t.iis').users.getAccounts({});
    expect(accounts.map((a) => [a.id, a.type, a.name])).toEqual([
      [iis, AccountType.ACCOUNT_TYPE_TINKOFF_IIS, 'IIS'],
    ]);
  });

  it('GetInfo tells the tariff and qualification', async () => {
    ctx = await setup();
    expect(await ctx.api.users.getInfo({})).toEqual({
      premStatus: false,
      qualStatus: false,
      qualifiedForWorkWith: [],
      tariff: 'investor',
    });
    ctx.exchange.addToken('t.trader', {
      user: { tariff: 'trader', qualifiedForWorkWith: ['derivative'] },
    });
    const trader = await ctx.client('t.trader').users.getInfo({});
    expect(trader).toMatchObject({ tariff: 'trader', qualifiedForWorkWith: ['derivative'] });
  });

  it('refuses a missing or unknown token with UNAUTHENTICATED 40003', async () => {
    ctx = await setup();
    for (const token of ['', 't.unknown']) {
      const error = await failure(ctx.client(token).users.getAccounts({}));
      expect(error.code).toBe(Status.UNAUTHENTICATED);
      expect(error.details).toBe('Authentication token is missing or invalid');
      expect(error.trackingId).not.toBe('');
    }
    expect(ctx.exchange.requests('GetAccounts').map((r) => [r.token, r.code])).toEqual([
      [undefined, 40003],
      ['t.unknown', 40003],
    ]);
  });

  it('answers the methods it does not model with UNIMPLEMENTED', async () => {
    ctx = await setup();
    const error = await failure(ctx.api.users.getMarginAttributes({ accountId: ctx.account }));
    expect(error.code).toBe(Status.UNIMPLEMENTED);
  });
});
