/**
 * Instruments: what can be traded, in which lot and on which price grid.
 * @module
 */
import { z } from 'zod';
import { stepNanos } from './priceGrid.js';

/** Schema of an instrument as written in the operator config or cached from the broker. */
export const InstrumentSchema = z
  .object({
    /** T-Invest `instrument_uid`; the key the engine uses everywhere. Defaults to `ticker`. */
    uid: z.string().min(1).optional(),
    figi: z.string().min(1).optional(),
    ticker: z.string().min(1).describe('Exchange ticker, e.g. SBER'),
    classCode: z.string().min(1).default('TQBR').describe('MOEX board, e.g. TQBR'),
    lot: z.number().int().positive().describe('Pieces in one lot'),
    minPriceIncrement: z
      .union([z.number().positive(), z.string().regex(/^\d+(\.\d{1,9})?$/)])
      .describe('Price step, e.g. 0.01'),
    currency: z.string().min(3).max(3).default('RUB'),
    name: z.string().optional(),
  })
  .check((ctx) => {
    try {
      stepNanos(ctx.value.minPriceIncrement);
    } catch (error) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value.minPriceIncrement,
        path: ['minPriceIncrement'],
        message: (error as Error).message,
      });
    }
  })
  .transform((value) => ({
    ...value,
    uid: value.uid ?? value.ticker,
    minPriceIncrement: Number(value.minPriceIncrement),
  }));

/** An instrument with its trading grid. */
export interface Instrument {
  readonly uid: string;
  readonly figi?: string | undefined;
  readonly ticker: string;
  readonly classCode: string;
  /** Pieces per lot: orders are in whole lots, positions in pieces. */
  readonly lot: number;
  /** Price step; prices are whole multiples of it. */
  readonly minPriceIncrement: number;
  readonly currency: string;
  readonly name?: string | undefined;
}

/**
 * Builds an instrument, validating it.
 * @example
 * const sber = defineInstrument({ ticker: 'SBER', lot: 10, minPriceIncrement: 0.01 });
 */
export function defineInstrument(input: z.input<typeof InstrumentSchema>): Instrument {
  return InstrumentSchema.parse(input);
}
