/**
 * The parameters of `donchian-breakout`: channel lengths, sizing and direction.
 * @module
 */
import { z } from '@moex-bot/framework';

const bars = (what: string, fallback: number) =>
  z.number().int().min(1).max(1_000_000).default(fallback).describe(what);

/** The parameters an operator writes under `params`. */
export const donchianBreakoutParams = z
  .strictObject({
    entryBars: bars('Enter when the close breaks the channel of this many previous bars', 20),
    exitBars: bars(
      'Exit when the close breaks the opposite channel of this many previous bars',
      10,
    ),
    lots: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'Position to hold, in whole lots; the default sizing (1 lot) when `riskFraction` is not set',
      ),
    riskFraction: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe(
        'Position to hold as a fraction of equity (0.2: a position worth 20 % of equity), instead of `lots`',
      ),
    allowShort: z
      .boolean()
      .default(false)
      .describe('Also sell short on a breakout down (the broker must allow shorts)'),
  })
  .refine((params) => params.lots === undefined || params.riskFraction === undefined, {
    path: ['riskFraction'],
    message: 'give either lots or riskFraction, not both',
  });

/** Parsed parameters of `donchian-breakout`. */
export type DonchianBreakoutParams = z.output<typeof donchianBreakoutParams>;
