/**
 * `donchian-breakout`: a trend-following strategy plugin that enters when the close breaks
 * out of the Donchian channel of the previous bars and exits on a break of a shorter one.
 * @module
 */
import { defineStrategy, type Signal, signals, z } from '@moex-bot/framework';
import { Channel, type Side } from './Channel.js';
import { donchianBreakoutParams } from './params.js';

export { Channel, type ChannelState, type Side } from './Channel.js';
export { type DonchianBreakoutParams, donchianBreakoutParams } from './params.js';
export { WindowExtreme, type WindowExtremeState } from './WindowExtreme.js';

const side = z.union([z.literal(-1), z.literal(0), z.literal(1)]);

/** What `snapshot` returns: the parameters it was taken with and each instrument's channels. */
const snapshotSchema = z.object({
  version: z.literal(1),
  entryBars: z.number(),
  exitBars: z.number(),
  allowShort: z.boolean(),
  instruments: z.record(
    z.string(),
    z.object({
      count: z.number().int().min(0),
      side,
      windows: z.array(z.object({ indexes: z.array(z.number()), values: z.array(z.number()) })),
    }),
  ),
});

interface Slot {
  readonly channel: Channel;
  /** The three targets, built once, so a breakout allocates nothing. */
  readonly targets: Readonly<Record<Side, Signal>>;
}

/**
 * Per instrument: long when the close breaks above the highest high of the previous
 * `entryBars` bars, flat again when it breaks below the lowest low of the previous
 * `exitBars` bars; with `allowShort`, the mirror image on the short side. A target is
 * returned only when the wanted side changes. The size is `lots` whole lots, or
 * `riskFraction` of equity (sized by the host at the bar's close). Each bar costs amortised
 * O(1) (monotonic deques) and allocates nothing. `warmup` is `max(entryBars, exitBars)`.
 * @example
 * ```yaml
 * strategies:
 *   - plugin: donchian-breakout
 *     instruments: [LKOH]
 *     params: { entryBars: 55, exitBars: 20, riskFraction: 0.2 }
 * ```
 */
export default defineStrategy({
  id: 'donchian-breakout',
  description:
    'Enters on a close beyond the Donchian channel of the previous bars, exits on a shorter one',
  params: donchianBreakoutParams,
  create: (params, ctx) => {
    const { entryBars, exitBars, allowShort, riskFraction } = params;
    const lots = params.lots ?? 1;
    const target = (uid: string, direction: 1 | -1): Signal =>
      Object.freeze(
        riskFraction === undefined
          ? signals.targetLots(uid, direction * lots)
          : signals.targetFraction(uid, direction * riskFraction),
      );
    const slots = new Map<string, Slot>();
    for (const { uid } of ctx.instruments) {
      slots.set(uid, {
        channel: new Channel(entryBars, exitBars, allowShort),
        targets: { 1: target(uid, 1), 0: Object.freeze(signals.flat(uid)), [-1]: target(uid, -1) },
      });
    }
    return {
      warmup: Math.max(entryBars, exitBars),
      onBar: (bar) => {
        const slot = slots.get(bar.instrument);
        if (slot === undefined || !slot.channel.update(bar.high, bar.low, bar.close))
          return undefined;
        return slot.targets[slot.channel.side];
      },
      snapshot: () => ({
        version: 1,
        entryBars,
        exitBars,
        allowShort,
        instruments: Object.fromEntries(
          [...slots].map(([uid, slot]) => [uid, slot.channel.state()]),
        ),
      }),
      restore: (state) => {
        const parsed = snapshotSchema.safeParse(state);
        const saved = parsed.success ? parsed.data : undefined;
        if (
          saved?.entryBars !== entryBars ||
          saved.exitBars !== exitBars ||
          saved.allowShort !== allowShort
        ) {
          const why =
            saved === undefined
              ? 'it is not a donchian-breakout snapshot'
              : 'it was taken with other channel parameters';
          // Channels of another length would judge against the wrong bars: warming up again is safe.
          ctx.logger.warn(
            { event: 'StrategyStateIgnored' },
            `saved state not restored (${why}); warming up afresh`,
          );
          return;
        }
        for (const [uid, channelState] of Object.entries(saved.instruments)) {
          const slot = slots.get(uid);
          if (slot === undefined) continue;
          try {
            slot.channel.load(channelState);
          } catch (error) {
            slots.set(uid, { ...slot, channel: new Channel(entryBars, exitBars, allowShort) });
            ctx.logger.warn(
              { event: 'StrategyStateIgnored', instrument: uid },
              `saved state of ${uid} not restored: ${(error as Error).message}`,
            );
          }
        }
      },
    };
  },
});
