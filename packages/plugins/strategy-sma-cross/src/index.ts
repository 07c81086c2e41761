/**
 * `sma-cross`: a strategy plugin that holds a long position while the fast simple moving
 * average of the close is above the slow one, and is flat (or short) while it is below.
 * @module
 */
import { defineStrategy, type Signal, signals, z } from '@moex-bot/framework';
import { CrossTracker } from './CrossTracker.js';

export { CrossTracker, type CrossTrackerState, type Regime } from './CrossTracker.js';

/** The parameters an operator writes under `params`. */
export const smaCrossParams = z
  .strictObject({
    fast: z.number().int().min(1).default(10).describe('Bars in the fast moving average'),
    slow: z
      .number()
      .int()
      .min(2)
      .max(1_000_000)
      .default(30)
      .describe('Bars in the slow moving average; more than `fast`'),
    lots: z.number().int().positive().default(1).describe('Position to hold, in whole lots'),
    allowShort: z
      .boolean()
      .default(false)
      .describe('Go short `lots` on a cross down instead of flat (the broker must allow shorts)'),
  })
  .refine((params) => params.slow > params.fast, {
    path: ['slow'],
    message: 'slow must be greater than fast',
  });

/** Parsed parameters of `sma-cross`. */
export type SmaCrossParams = z.output<typeof smaCrossParams>;

const regime = z.union([z.literal(-1), z.literal(0), z.literal(1)]);

/** What `snapshot` returns: the parameters it was taken with and each instrument's window. */
const snapshotSchema = z.object({
  version: z.literal(1),
  fast: z.number(),
  slow: z.number(),
  instruments: z.record(
    z.string(),
    z.object({ closes: z.array(z.number()), count: z.number().int().min(0), regime }),
  ),
});

interface Slot {
  readonly uid: string;
  readonly tracker: CrossTracker;
  readonly step: number;
  /** Built once: returning the same frozen signal allocates nothing per cross. */
  readonly up: Signal;
  readonly down: Signal;
}

/**
 * Per instrument, keeps the simple moving averages of the last `fast` and `slow` closes
 * and returns a target only when they cross: `lots` when the fast one crosses above the
 * slow one, flat (or `-lots` with `allowShort`) when it crosses below. Bars in between
 * return nothing, so the engine does no sizing work on them. Each bar costs O(1) and
 * allocates nothing. `warmup` is `slow`: the first cross can come on bar `slow` (from 0).
 * @example
 * ```yaml
 * strategies:
 *   - plugin: sma-cross
 *     instruments: [SBER, GAZP]
 *     params: { fast: 20, slow: 60, lots: 5 }
 * ```
 */
export default defineStrategy({
  id: 'sma-cross',
  description: 'Long (or short) while the fast SMA of the close is above (below) the slow one',
  params: smaCrossParams,
  create: (params, ctx) => {
    const slots = new Map<string, Slot>();
    for (const instrument of ctx.instruments) {
      const uid = instrument.uid;
      slots.set(uid, {
        uid,
        tracker: new CrossTracker(params.fast, params.slow),
        step: instrument.minPriceIncrement,
        up: Object.freeze(signals.targetLots(uid, params.lots)),
        down: Object.freeze(
          params.allowShort ? signals.targetLots(uid, -params.lots) : signals.flat(uid),
        ),
      });
    }
    // The slot of the last bar: bars of one instrument come in runs, and a Map lookup
    // per bar costs more than the rest of this strategy's work on it.
    let last: Slot | undefined;
    return {
      warmup: params.slow,
      onBar: (bar) => {
        let slot = last;
        if (slot === undefined || slot.uid !== bar.instrument) {
          slot = slots.get(bar.instrument);
          if (slot === undefined) return undefined;
          last = slot;
        }
        const crossed = slot.tracker.push(Math.round(bar.close / slot.step));
        if (crossed === 0) return undefined;
        return crossed > 0 ? slot.up : slot.down;
      },
      snapshot: () => ({
        version: 1,
        fast: params.fast,
        slow: params.slow,
        instruments: Object.fromEntries(
          [...slots].map(([uid, slot]) => [uid, slot.tracker.state()]),
        ),
      }),
      restore: (state) => {
        const parsed = snapshotSchema.safeParse(state);
        if (
          !parsed.success ||
          parsed.data.fast !== params.fast ||
          parsed.data.slow !== params.slow
        ) {
          const why = parsed.success
            ? `it was taken with fast=${parsed.data.fast} slow=${parsed.data.slow}`
            : 'it is not an sma-cross snapshot';
          // A window of another length would give wrong averages: warming up again is safe.
          ctx.logger.warn(
            { event: 'StrategyStateIgnored' },
            `saved state not restored (${why}); warming up afresh`,
          );
          return;
        }
        for (const [uid, saved] of Object.entries(parsed.data.instruments)) {
          const slot = slots.get(uid);
          if (slot === undefined) continue;
          try {
            slot.tracker.load(saved);
          } catch (error) {
            slot.tracker.load({ closes: [], count: 0, regime: 0 });
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
