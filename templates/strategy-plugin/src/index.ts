/**
 * `example`: the starter strategy plugin of moex-bot, a time-series momentum rule small
 * enough to read in a minute. Copy this package to write your own (see README.md).
 * @module
 */
import { defineStrategy, signals, z } from '@moex-bot/framework';

/**
 * The parameters an operator writes under `params`. Every field has a description: the
 * host shows them in `moex-bot plugins` and in validation errors.
 */
export const exampleParams = z.strictObject({
  lookback: z
    .number()
    .int()
    .positive()
    .default(20)
    .describe(
      'Compare the close with the close this many bars ago (engine.historySize must be larger)',
    ),
  lots: z.number().int().positive().default(1).describe('Lots to hold while momentum is up'),
});

/** Parsed parameters of `example`. */
export type ExampleParams = z.output<typeof exampleParams>;

/**
 * Time-series momentum, long only: hold `lots` lots of an instrument while its close is
 * above the close `lookback` bars earlier, and be flat otherwise. It asks for `lookback`
 * warm-up bars, so its first signal comes on the first bar that has a bar `lookback`
 * bars back. Each bar it states the position it wants; the host sizes the order, runs it
 * through risk and sends nothing when the position is already right.
 * @example
 * ```yaml
 * strategies:
 *   - plugin: example
 *     instruments: [SBER, GAZP]
 *     params: { lookback: 30, lots: 2 }
 * ```
 */
export default defineStrategy({
  id: 'example',
  description: 'Momentum: long while the close is above the close N bars ago, flat otherwise',
  params: exampleParams,
  create: (params, ctx) => ({
    warmup: params.lookback,
    onBar: (bar) => {
      // The engine's history holds this bar at 0; reading it allocates nothing.
      const past = ctx.history(bar.instrument).at(params.lookback);
      if (past === undefined) return undefined;
      return bar.close > past.close
        ? signals.targetLots(bar.instrument, params.lots)
        : signals.flat(bar.instrument);
    },
  }),
});
