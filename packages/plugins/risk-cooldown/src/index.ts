/**
 * `cooldown`: a risk plugin that keeps a strategy from jumping straight back into an
 * instrument it was just stopped out of.
 * @module
 */
import { decisions, defineRisk, type RiskContext, sideSign, z } from '@moex-bot/framework';

/** The denial code of this plugin. */
export const COOLDOWN_CODE = 'COOLDOWN_ACTIVE';

/** The parameters an operator writes under `params`. */
export const cooldownParams = z.strictObject({
  bars: z
    .number()
    .int()
    .positive()
    .describe('Bars of the instrument, after the closing fill, during which entries are denied'),
  afterAnyExit: z
    .boolean()
    .default(false)
    .describe(
      'Cool down after every closing fill, not only after stop-loss and trailing-stop exits',
    ),
});

/** Parsed parameters of `cooldown`. */
export type CooldownParams = z.output<typeof cooldownParams>;

const STOP_OUTS: ReadonlySet<string> = new Set(['stop-loss', 'trailing-stop']);

/**
 * Starts a cooldown on an instrument with every closing fill of a stop exit (reasons
 * `stop-loss` and `trailing-stop`; any reason with `afterAnyExit: true`). A closing fill
 * trades against the position it finds, so a partial exit counts and the last fill of an
 * exit restarts the count. From that fill until `bars` further bars of that instrument
 * have been processed, intents that would add exposure on it are denied with
 * `COOLDOWN_ACTIVE: instrument=… barsLeft=…`; the first entry can come on the bar after.
 * The same holds while a stop exit is still working, from the bar that hit the stop.
 * Exits always pass; an intent that would flip the position is resized to the part that
 * closes it. Other instruments are not affected.
 *
 * Bars are counted, not minutes: the cooldown means the same in backtests and live runs,
 * where a fill arrives between bars rather than at a bar's open.
 * @example
 * ```yaml
 * risk:
 *   limits: { stopLossPercent: 2 }
 *   plugins:
 *     - plugin: cooldown
 *       params: { bars: 30 }
 * ```
 */
export default defineRisk({
  id: 'cooldown',
  description: 'Denies re-entry into an instrument for a number of bars after a stop-out',
  params: cooldownParams,
  create: (params, ctx) => {
    // Instrument uid → bars of it begun since the cooldown started. Only instruments
    // cooling down are in it, so a bar of any other instrument costs one failed lookup.
    const begun = new Map<string, number>();

    return {
      check: (intent) => {
        const count = begun.get(intent.instrument);
        if (count === undefined && !stopOutInFlight(ctx, intent.instrument)) {
          return decisions.approve();
        }
        const reducible = ctx.reducibleLots(intent.instrument, intent.side);
        if (intent.lots <= reducible) return decisions.approve();
        // Cooldown bars not yet finished (the one in progress still counts as left); all
        // of them while the stop exit is still on its way.
        const barsLeft = count === undefined ? params.bars : params.bars - Math.max(0, count - 1);
        const context = { instrument: intent.instrument, barsLeft };
        return reducible > 0
          ? decisions.resize(reducible, COOLDOWN_CODE, context)
          : decisions.deny(COOLDOWN_CODE, context);
      },
      onBar: (bar) => {
        const count = begun.get(bar.instrument);
        if (count === undefined) return;
        if (count >= params.bars) begun.delete(bar.instrument);
        else begun.set(bar.instrument, count + 1);
      },
      onFill: (fill) => {
        if (!params.afterAnyExit && !STOP_OUTS.has(fill.reason)) return;
        // The host books a fill before risk plugins hear of it: undo it to see what it met.
        const direction = sideSign(fill.side);
        const before = ctx.portfolio.position(fill.instrument).quantity - direction * fill.quantity;
        if (before === 0 || Math.sign(before) === direction) return;
        begun.set(fill.instrument, 0);
        ctx.logger.info(
          {
            event: 'CooldownStarted',
            instrument: fill.instrument,
            reason: fill.reason,
            bars: params.bars,
          },
          `cooldown of ${params.bars} bars on ${fill.instrument} after a ${fill.reason} exit`,
        );
      },
    };
  },
});

/**
 * True while a stop exit of the instrument is working. The host sends it on the bar that
 * hits the stop, before strategies see that bar: without this, a strategy that still
 * wants the position would buy it back on the same bar and the stop-out would undo itself.
 */
function stopOutInFlight(ctx: RiskContext, instrument: string): boolean {
  for (const order of ctx.openOrders()) {
    if (order.instrument === instrument && STOP_OUTS.has(order.reason)) return true;
  }
  return false;
}
