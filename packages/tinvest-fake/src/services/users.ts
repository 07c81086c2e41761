/**
 * `UsersService`: the token's accounts with their access level (how a client tells a
 * read-only token apart: `ACCOUNT_ACCESS_LEVEL_READ_ONLY`) and the user's info.
 * @module
 */
import {
  AccessLevel,
  type Account as AccountMessage,
  AccountStatus,
  AccountType,
  GetAccountsResponse,
  GetInfoResponse,
  UsersServiceDefinition,
} from 'tinkoff-invest-api/cjs/generated/users.js';
import type { ExchangeCore } from '../ExchangeCore.js';
import { withUnimplemented } from '../server/unimplemented.js';
import type { Account } from '../trading/Account.js';
import type { TokenGrant } from '../trading/AccountRegistry.js';

/** An account as `GetAccounts` / `GetSandboxAccounts` list it for a token. */
export function toAccountMessage(account: Account, grant: TokenGrant): AccountMessage {
  return {
    id: account.id,
    type:
      account.kind === 'iis'
        ? AccountType.ACCOUNT_TYPE_TINKOFF_IIS
        : AccountType.ACCOUNT_TYPE_TINKOFF,
    name: account.name,
    status: AccountStatus.ACCOUNT_STATUS_OPEN,
    openedDate: new Date(account.openedAt),
    closedDate: undefined,
    accessLevel:
      grant.access === 'read-only'
        ? AccessLevel.ACCOUNT_ACCESS_LEVEL_READ_ONLY
        : AccessLevel.ACCOUNT_ACCESS_LEVEL_FULL_ACCESS,
  };
}

/** Accounts filtered by the request's status (all fake accounts are open). */
export function accountsResponse(
  accounts: AccountMessage[],
  status: AccountStatus | undefined,
): GetAccountsResponse {
  const wanted =
    status === undefined ||
    status === AccountStatus.ACCOUNT_STATUS_UNSPECIFIED ||
    status === AccountStatus.ACCOUNT_STATUS_OPEN ||
    status === AccountStatus.ACCOUNT_STATUS_ALL;
  return GetAccountsResponse.fromJSON({ accounts: wanted ? accounts : [] });
}

/** The `UsersService` implementation. */
export function usersService(core: ExchangeCore) {
  return withUnimplemented(UsersServiceDefinition, {
    async getAccounts(request, { grant }) {
      const accounts = core.accounts.of(grant, false).map((a) => toAccountMessage(a, grant));
      return accountsResponse(accounts, request.status);
    },
    async getInfo(_request, { grant }) {
      return GetInfoResponse.fromJSON({
        ...grant.user,
        qualifiedForWorkWith: [...grant.user.qualifiedForWorkWith],
      });
    },
  });
}
