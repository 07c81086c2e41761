/**
 * The built-in `simulated` broker plugin: the `SimulatedBroker` behind the same
 * `defineBroker` contract as any venue plugin, configured under `broker.params`.
 * @module
 */
import { z } from 'zod';
import type { Broker } from '../contracts/broker.js';
import { defineBroker } from '../contracts/define.js';
import { COMMISSION_PRESETS, type CommissionPreset } from './commission.js';
import { type SimAccount, SimulatedBroker } from './SimulatedBroker.js';

const presetNames = Object.keys(COMMISSION_PRESETS) as [CommissionPreset, ...CommissionPreset[]];

/** The parameters of the `simulated` broker, as an operator writes them. */
export const SimulatedBrokerParamsSchema = z.strictObject({
  commission: z
    .union([
      z.enum(presetNames),
      z.strictObject({
        percent: z.number().min(0).max(100).describe('Percent of notional per trade, e.g. 0.05'),
        minimum: z.number().min(0).default(0).describe('Smallest commission per trade, RUB'),
      }),
    ])
    .default('trader')
    .describe('A T-Invest tariff (investor 0.3%, trader 0.05%, sandbox 0.05%) or a custom rate'),
  slippage: z
    .union([
      z.literal('none'),
      z.strictObject({ ticks: z.number().int().min(0).describe('Price steps against the trader') }),
      z.strictObject({ bps: z.number().min(0).describe('Basis points against the trader') }),
    ])
    .default({ ticks: 0 })
    .describe('Slippage of market orders'),
  limitFill: z
    .enum(['through', 'touch'])
    .default('through')
    .describe('Fill limits when the bar trades through the limit, or when it touches it'),
  maxVolumeParticipation: z
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe(
      'Largest fraction of a bar volume the simulator may fill; the rest waits for later bars',
    ),
  allowShort: z.boolean().default(false).describe('Allow sells that leave a negative position'),
  checkCash: z.boolean().default(true).describe('Reject buys the cash cannot pay for at fill time'),
});

/** Parsed parameters of the `simulated` broker. */
export type SimulatedBrokerParams = z.output<typeof SimulatedBrokerParamsSchema>;

/**
 * The `simulated` broker. `allowShort` and `checkCash` need the run's account, which
 * `BrokerContext` does not carry: the host passes it with `attachAccount(broker,
 * account)` after `create`. Without it both checks are skipped.
 * @example
 * // moex-bot.yaml
 * // broker: { plugin: simulated, params: { commission: investor, slippage: { ticks: 1 } } }
 * const broker = await simulatedBroker.create(simulatedBroker.params.parse({}), ctx);
 * attachAccount(broker, { cashNanos: () => portfolio.cashNanos, position: (uid) => portfolio.position(uid).quantity });
 */
export const simulatedBroker = defineBroker({
  id: 'simulated',
  description: 'Fills orders against bars with T-Invest commissions, slippage and volume limits',
  params: SimulatedBrokerParamsSchema,
  create: (params, ctx) =>
    new SimulatedBroker(ctx.instruments, {
      commission: params.commission,
      slippage: params.slippage,
      limitFill: params.limitFill,
      maxVolumeParticipation: params.maxVolumeParticipation,
      allowShort: params.allowShort,
      checkCash: params.checkCash,
    }),
});

/** A broker that can be told about the account after it was created. */
export interface AccountAware {
  attachAccount(account: SimAccount | undefined): void;
}

/** True for brokers (the simulated one, or a plugin's) that accept an account hook. */
export function isAccountAware(broker: Broker): broker is Broker & AccountAware {
  return typeof (broker as Partial<AccountAware>).attachAccount === 'function';
}

/**
 * Hands the run's account to a broker that wants it; returns false (and does nothing)
 * for brokers that do not. The host calls this once, after `create`, for any broker.
 * @example
 * attachAccount(broker, { cashNanos: () => portfolio.cashNanos, position: (uid) => portfolio.position(uid).quantity });
 */
export function attachAccount(broker: Broker, account: SimAccount): boolean {
  if (!isAccountAware(broker)) return false;
  broker.attachAccount(account);
  return true;
}
