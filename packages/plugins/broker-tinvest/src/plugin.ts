/**
 * The `tinvest` broker plugin: moex-bot's venue for paper, sandbox and real runs.
 * @module
 */
import { defineBroker } from '@moex-bot/framework';
import { createTinvestBroker } from './createTinvestBroker.js';
import { TinvestParamsSchema } from './params.js';

/**
 * Orders, executions and account state at T-Invest, plus its market data and instruments.
 * Paper runs without a token replay SYNTHETIC sample data on a built-in fake exchange.
 * @example
 * ```yaml
 * mode: sandbox
 * broker:
 *   plugin: tinvest
 *   params:
 *     token: ${TINVEST_SANDBOX_TOKEN}
 *     sandbox: { open: true, money: 1000000 }
 * ```
 */
export const tinvestBroker = defineBroker({
  id: 'tinvest',
  description:
    'T-Invest: orders, fills and account state, market data and instruments; paper runs without a token use a built-in fake exchange',
  params: TinvestParamsSchema,
  create: (params, context) => createTinvestBroker(params, context),
});
