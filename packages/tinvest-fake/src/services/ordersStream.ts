/**
 * `OrdersStreamService.TradesStream`: a subscription confirmation, then one `orderTrades`
 * message per execution on the chosen accounts (all the token's when none are named).
 * Fills only — new, cancelled and rejected orders do not appear, as on the real API.
 * @module
 */

import { randomUUID } from 'node:crypto';
import { ResultSubscriptionStatus } from 'tinkoff-invest-api/cjs/generated/common.js';
import {
  OrdersStreamServiceDefinition,
  TradesStreamResponse,
} from 'tinkoff-invest-api/cjs/generated/orders.js';
import type { ExchangeCore } from '../ExchangeCore.js';
import { AsyncQueue } from '../server/AsyncQueue.js';
import { withUnimplemented } from '../server/unimplemented.js';
import { toOrderTrades } from '../trading/orderMessages.js';
import { trackStream } from './streamControl.js';

/** The `OrdersStreamService` implementation. */
export function ordersStreamService(core: ExchangeCore) {
  return withUnimplemented(OrdersStreamServiceDefinition, {
    async *tradesStream(request, context) {
      const { grant } = context;
      const accounts =
        request.accounts.length > 0
          ? request.accounts.map((id) => core.accounts.forCall(grant, id))
          : core.accounts.of(grant);
      const ids = new Set(accounts.map((account) => account.id));
      const queue = new AsyncQueue<TradesStreamResponse>();
      queue.push(
        TradesStreamResponse.fromJSON({
          subscription: {
            trackingId: context.trackingId,
            status: ResultSubscriptionStatus.RESULT_SUBSCRIPTION_STATUS_OK,
            streamId: randomUUID(),
            accounts: [...ids],
          },
        }),
      );
      const stop = core.events.execution.on(({ order, execution }) => {
        if (!ids.has(order.accountId)) return;
        queue.push(TradesStreamResponse.fromJSON({ orderTrades: toOrderTrades(order, execution) }));
      });
      const untrack = trackStream(core, 'TradesStream', queue);
      try {
        yield* queue.drain(context.signal);
      } finally {
        stop();
        untrack();
      }
    },
  });
}
