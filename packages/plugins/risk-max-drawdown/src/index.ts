/**
 * `max-drawdown`: a risk plugin that stops new exposure once equity has fallen a set
 * percent below its running peak, and keeps stopping it even after an operator resumes
 * trading.
 * @module
 */
import {
  type DecisionContext,
  decisions,
  defineRisk,
  formatDecision,
  type RiskDecision,
  z,
} from '@moex-bot/framework';

/** The denial code of this plugin, also the reason it gives the trading-state gate. */
export const MAX_DRAWDOWN_CODE = 'MAX_DRAWDOWN_REACHED';

/** The parameters an operator writes under `params`. */
export const maxDrawdownParams = z.strictObject({
  maxDrawdownPercent: z
    .number()
    .gt(0)
    .max(100)
    .describe('Drawdown from the equity peak, in percent, at which new exposure stops'),
  mode: z
    .enum(['halt', 'reduce'])
    .default('halt')
    .describe(
      'Put trading into `halted` (only host exits) or `reducing` (any exposure-reducing order)',
    ),
  resetDaily: z
    .boolean()
    .default(false)
    .describe('Start a new peak, and lift this plugin’s own denial, at 00:00 Europe/Moscow'),
});

/** Parsed parameters of `max-drawdown`. */
export type MaxDrawdownParams = z.output<typeof maxDrawdownParams>;

/**
 * Tracks the equity peak on every bar and fill. The first time equity stands
 * `maxDrawdownPercent` or more below the peak it halts trading (or puts it into
 * `reducing`), raises a critical `risk.max-drawdown` alert, and from then on denies
 * every intent that would add exposure with `MAX_DRAWDOWN_REACHED`. Exits pass, and an
 * intent that would flip the position is resized to the part that only closes it.
 *
 * The host's trading-state gate already stops entries while trading is halted; the
 * plugin's own denial is what still holds after an operator runs `resume`. It lasts for
 * the rest of the run, or until the next Moscow midnight with `resetDaily: true`.
 * @example
 * ```yaml
 * risk:
 *   plugins:
 *     - plugin: max-drawdown
 *       params: { maxDrawdownPercent: 15, mode: halt }
 * ```
 */
export default defineRisk({
  id: 'max-drawdown',
  description: 'Halts or reduces trading once equity falls a set percent below its peak',
  params: maxDrawdownParams,
  create: (params, ctx) => {
    const limitPercent = params.maxDrawdownPercent;
    // NaN until the first observation: equity is only meaningful once the run has started.
    let peak = Number.NaN;
    // Built once when the limit is reached and returned by every later denial, so the
    // reason given is always the one that tripped the plugin.
    let denial: { decision: RiskDecision; context: DecisionContext } | undefined;

    // Runs on every bar: compares two numbers and allocates nothing until the limit trips.
    const observe = (equity: number): void => {
      if (denial !== undefined) return;
      if (Number.isNaN(peak) || equity > peak) {
        peak = equity;
        return;
      }
      // A drawdown from a peak that is not positive has no meaning; nothing is left to protect.
      if (!(peak > 0)) return;
      const drawdownPercent = ((peak - equity) / peak) * 100;
      if (drawdownPercent >= limitPercent) trip(equity, drawdownPercent);
    };

    const trip = (equity: number, drawdownPercent: number): void => {
      const context: DecisionContext = {
        peak: round(peak, 2),
        equity: round(equity, 2),
        drawdownPercent: round(drawdownPercent, 4),
        limitPercent,
      };
      denial = { decision: decisions.deny(MAX_DRAWDOWN_CODE, context), context };
      // The protective step first: the gate must close even if reporting fails.
      if (params.mode === 'halt') ctx.trading.halt(MAX_DRAWDOWN_CODE);
      // Never loosen: a run already halted by something else stays halted.
      else if (ctx.trading.state === 'active') ctx.trading.reduce(MAX_DRAWDOWN_CODE);
      const message = formatDecision(MAX_DRAWDOWN_CODE, context);
      ctx.logger.warn({ event: 'MaxDrawdownReached', ...context }, message);
      ctx.alerts.raise({
        severity: 'critical',
        type: 'risk.max-drawdown',
        message: `risk:${ctx.name} ${message}`,
        context,
      });
    };

    return {
      check: (intent) => {
        if (denial === undefined) return decisions.approve();
        const reducible = ctx.reducibleLots(intent.instrument, intent.side);
        if (intent.lots <= reducible) return decisions.approve();
        return reducible > 0
          ? decisions.resize(reducible, MAX_DRAWDOWN_CODE, denial.context)
          : denial.decision;
      },
      onBar: () => observe(ctx.portfolio.equity),
      // The host books a fill before this hook and marks the instrument at the fill price,
      // so a drawdown that shows only inside a bar (a sale at a gapped-down open) counts.
      onFill: () => observe(ctx.portfolio.equity),
      onDayStart: () => {
        if (!params.resetDaily) return;
        if (denial !== undefined) {
          ctx.logger.info(
            { event: 'MaxDrawdownReset', state: ctx.trading.state },
            'new day: equity peak and max-drawdown denial reset',
          );
        }
        denial = undefined;
        peak = ctx.portfolio.equity;
      },
    };
  },
});

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
