/**
 * `SandboxService`: sandbox accounts on the same fake market, owned by the token that
 * opened them, paying the sandbox's flat fee. Pay-ins are in roubles only.
 * @module
 */
import {
  CloseSandboxAccountResponse,
  OpenSandboxAccountResponse,
  SandboxPayInResponse,
  SandboxServiceDefinition,
} from 'tinkoff-invest-api/cjs/generated/sandbox.js';
import { ExchangeApiError } from '../apiErrors.js';
import { fromQuotation, toMoney } from '../decimal.js';
import type { ExchangeCore } from '../ExchangeCore.js';
import { withUnimplemented } from '../server/unimplemented.js';
import { addCash, cashOf } from '../trading/Account.js';
import { orderHandlers } from './orderHandlers.js';
import { accountsResponse, toAccountMessage } from './users.js';

/** The `SandboxService` implementation. */
export function sandboxService(core: ExchangeCore) {
  const handlers = orderHandlers(core, true);
  return withUnimplemented(SandboxServiceDefinition, {
    async openSandboxAccount(request, { grant }) {
      if (grant.access === 'read-only') throw new ExchangeApiError(40002);
      const account = core.accounts.open(
        { name: request.name || 'Sandbox' },
        core.now,
        true,
        core.settings.sandboxCommissionPercent,
      );
      grant.accounts.add(account.id);
      return OpenSandboxAccountResponse.fromJSON({ accountId: account.id });
    },
    async getSandboxAccounts(request, { grant }) {
      const accounts = core.accounts.of(grant, true).map((a) => toAccountMessage(a, grant));
      return accountsResponse(accounts, request.status);
    },
    async closeSandboxAccount(request, context) {
      const account = core.accounts.forCall(context.grant, request.accountId, {
        trade: true,
        sandbox: true,
      });
      core.orders.dropAccount(account.id);
      core.accounts.close(account.id);
      return CloseSandboxAccountResponse.fromJSON({});
    },
    async sandboxPayIn(request, context) {
      const account = core.accounts.forCall(context.grant, request.accountId, {
        trade: true,
        sandbox: true,
      });
      const amount = fromQuotation(request.amount);
      if (amount === undefined || amount <= 0n) throw new ExchangeApiError(30102);
      if ((request.amount?.currency ?? '').toLowerCase() !== 'rub')
        throw new ExchangeApiError(30047);
      addCash(account, 'rub', amount);
      return SandboxPayInResponse.fromJSON({ balance: toMoney(cashOf(account, 'rub'), 'rub') });
    },
    postSandboxOrder: handlers.postOrder,
    cancelSandboxOrder: handlers.cancelOrder,
    getSandboxOrders: handlers.getOrders,
    getSandboxOrderState: handlers.getOrderState,
    getSandboxPortfolio: handlers.getPortfolio,
    getSandboxPositions: handlers.getPositions,
  });
}
