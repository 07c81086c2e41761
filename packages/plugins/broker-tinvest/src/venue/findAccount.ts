/**
 * Which account a run trades, as the venue says: the one the operator named, or the
 * token's only open one; in the sandbox, one opened and funded on request. A read-only
 * token or account is reported as such (the host then refuses to trade) and a refused
 * token as an error that names the problem, never the token.
 * @module
 */
import { nanosToQuotation, toNanos, type VenueAccount } from '@moex-bot/framework';
import {
  AccessLevel,
  type Account,
  AccountStatus,
} from 'tinkoff-invest-api/cjs/generated/users.js';
import type { VenueMode } from '../client/endpoint.js';
import type { InvestApi } from '../client/InvestApi.js';
import { asTinvestError, type TinvestGateway } from '../client/TinvestGateway.js';
import { GrpcStatus, type TinvestError } from '../resilience/TinvestError.js';

/** What the operator configured about the account. */
export interface AccountChoice {
  readonly mode: VenueMode;
  readonly accountId?: string | undefined;
  /** Sandbox only: open and fund an account when the token has none. */
  readonly sandbox: { readonly open: boolean; readonly money: number };
}

/** What `findAccount` needs to reach the venue. */
export interface AccountLookup {
  readonly api: InvestApi;
  readonly gateway: TinvestGateway;
  readonly endpoint: string;
  /** Kept out of every message, whatever the server echoes. */
  readonly token: string;
}

/** The venue's failure as an error an operator can act on. */
function explain(error: TinvestError, lookup: AccountLookup): Error {
  const refused =
    error.apiCode === 40003 ||
    (error.apiCode === undefined && error.status === GrpcStatus.UNAUTHENTICATED);
  const text = refused
    ? `T-Invest refused the token (${error.message}); check broker.params.token — a sandbox token works only with mode: sandbox, a production token with paper and real`
    : `cannot open the T-Invest session at ${lookup.endpoint}: ${error.message}`;
  return new Error(text.split(lookup.token).join('[token]'));
}

async function openAccounts(lookup: AccountLookup, sandbox: boolean): Promise<Account[]> {
  const request = { status: AccountStatus.ACCOUNT_STATUS_OPEN };
  try {
    const { accounts } = sandbox
      ? await lookup.gateway.call('SandboxService', 'GetSandboxAccounts', (signal) =>
          lookup.api.sandbox.getSandboxAccounts(request, { signal }),
        )
      : await lookup.gateway.call('UsersService', 'GetAccounts', (signal) =>
          lookup.api.users.getAccounts(request, { signal }),
        );
    return accounts.filter((account) => account.status === AccountStatus.ACCOUNT_STATUS_OPEN);
  } catch (error) {
    throw explain(asTinvestError(sandbox ? 'SandboxService' : 'UsersService', error), lookup);
  }
}

function described(account: Account, sandbox: boolean): VenueAccount {
  const description = `T-Invest ${sandbox ? 'sandbox account' : 'account'} "${account.name}"`;
  if (account.accessLevel === AccessLevel.ACCOUNT_ACCESS_LEVEL_FULL_ACCESS) {
    return { accountId: account.id, canTrade: true, description };
  }
  const level =
    account.accessLevel === AccessLevel.ACCOUNT_ACCESS_LEVEL_READ_ONLY ? 'read-only' : 'no';
  return {
    accountId: account.id,
    canTrade: false,
    reason: `the token has ${level} access to account ${account.id}: issue a full-access token to trade`,
    description,
  };
}

/** Opens a sandbox account and pays `money` roubles in. */
async function openSandbox(lookup: AccountLookup, money: number): Promise<VenueAccount> {
  const { gateway, api } = lookup;
  try {
    const { accountId } = await gateway.call('SandboxService', 'OpenSandboxAccount', (signal) =>
      api.sandbox.openSandboxAccount({ name: 'moex-bot' }, { signal }),
    );
    const amount = { ...nanosToQuotation(toNanos(money)), currency: 'rub' };
    await gateway.call('SandboxService', 'SandboxPayIn', (signal) =>
      api.sandbox.sandboxPayIn({ accountId, amount }, { signal }),
    );
    return {
      accountId,
      canTrade: true,
      description: `T-Invest sandbox account ${accountId}, opened and funded with ${money} RUB`,
    };
  } catch (error) {
    throw explain(asTinvestError('SandboxService', error), lookup);
  }
}

/**
 * @example
 * const account = await findAccount(lookup, { mode: 'sandbox', sandbox: { open: true, money: 1_000_000 } });
 */
export async function findAccount(
  lookup: AccountLookup,
  choice: AccountChoice,
): Promise<VenueAccount> {
  const sandbox = choice.mode === 'sandbox';
  const accounts = await openAccounts(lookup, sandbox);
  if (choice.mode === 'paper') {
    // Paper trading only reads market data: any token that is accepted will do.
    const only = accounts.length === 1 ? accounts[0]!.id : 'paper';
    return {
      accountId: choice.accountId ?? only,
      canTrade: true,
      description: 'T-Invest market data; orders are simulated (paper), none is sent',
    };
  }
  const ids = accounts.map((account) => account.id).join(', ') || 'none';
  const kind = sandbox ? 'sandbox accounts' : 'open accounts';
  if (choice.accountId !== undefined) {
    const account = accounts.find((a) => a.id === choice.accountId);
    if (account === undefined) {
      throw new Error(
        `account ${choice.accountId} is not among the ${kind} this token reaches (${ids})`,
      );
    }
    return described(account, sandbox);
  }
  if (accounts.length === 1) return described(accounts[0]!, sandbox);
  if (accounts.length > 1) {
    throw new Error(
      `the token reaches several ${kind} (${ids}): set broker.params.accountId to one of them`,
    );
  }
  if (sandbox && choice.sandbox.open) return openSandbox(lookup, choice.sandbox.money);
  throw new Error(
    sandbox
      ? 'the token has no sandbox account: set broker.params.sandbox.open: true to open and fund one'
      : 'the token reaches no open account',
  );
}
