/**
 * `@moex-bot/framework/testing/arbitraries`: fast-check arbitraries of the trading domain: price steps, instruments, price paths and
 * bars on an instrument's grid, and signals. fast-check is an optional peer dependency of
 * the framework: install it (as a dev dependency) to use this entry.
 * @module
 */
import fc from 'fast-check';
import type { Signal } from '../contracts/signal.js';
import type { Bar } from '../domain/bar.js';
import { defineInstrument, type Instrument } from '../domain/instrument.js';
import { stepNanos } from '../domain/priceGrid.js';
import { DEFAULT_BARS_START } from './makeBars.js';

/**
 * Every step of the form 1, 2, 2.5 or 5 × 10^-n that is at most 1 and has at most nine
 * decimals, coarsest first (fast-check shrinks towards the first). Written as decimal text,
 * so each number is the double nearest to its decimal step.
 */
const PRICE_STEPS: readonly number[] = (() => {
  const steps = new Set<number>([1]);
  for (let decimals = 1; decimals <= 9; decimals++) {
    for (const mantissa of ['5', '25', '2', '1']) {
      const digits = decimals - 1 + mantissa.length;
      if (digits <= 9) steps.add(Number(`${mantissa}e-${digits}`));
    }
  }
  return [...steps].sort((a, b) => b - a);
})();

/**
 * Price steps from 1 down to 0.000000001 (one nano, the finest T-Invest quotation), such
 * as 1, 0.5, 0.25, 0.05, 0.01, 0.0001. Shrinks towards 1.
 * @example
 * fc.assert(fc.property(priceStepArbitrary(), (step) => stepNanos(step) > 0n));
 */
export function priceStepArbitrary(): fc.Arbitrary<number> {
  return fc.constantFrom(...PRICE_STEPS);
}

/** Options of {@link instrumentArbitrary}. */
export interface InstrumentArbitraryOptions {
  /** Fix the ticker (and uid); default a random 1–6 letter ticker. */
  readonly ticker?: string;
  /** Fix the price step; default {@link priceStepArbitrary}. */
  readonly minPriceIncrement?: number;
}

/**
 * Valid instruments: a ticker, a lot of 1 to 1000 and a price step, checked by the domain schema.
 * @example
 * fc.assert(fc.property(instrumentArbitrary(), (instrument) => instrument.lot >= 1));
 */
export function instrumentArbitrary(
  options: InstrumentArbitraryOptions = {},
): fc.Arbitrary<Instrument> {
  const ticker =
    options.ticker === undefined
      ? fc.string({
          unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
          minLength: 1,
          maxLength: 6,
        })
      : fc.constant(options.ticker);
  const step =
    options.minPriceIncrement === undefined
      ? priceStepArbitrary()
      : fc.constant(options.minPriceIncrement);
  const lot = fc.oneof(fc.constantFrom(1, 10, 100, 1000), fc.integer({ min: 1, max: 1000 }));
  return fc
    .record({ ticker, step, lot })
    .map(({ ticker, step, lot }) => defineInstrument({ ticker, lot, minPriceIncrement: step }));
}

/** Options of {@link pricePathArbitrary}. */
export interface PricePathOptions {
  /** The price step; every price is a whole multiple of it. */
  readonly step: number;
  /** The first price; brought onto the grid (at least one step). */
  readonly start: number;
  /** Number of prices, or a range of lengths. */
  readonly length: number | { readonly min: number; readonly max: number };
  /** Largest move between two prices, in steps; default 10. */
  readonly maxMoveTicks?: number;
}

/**
 * Random walks on a price grid, never below one step. Moves shrink to zero, so a failing
 * case shrinks towards a flat path.
 * @example
 * fc.assert(fc.property(pricePathArbitrary({ step: 0.5, start: 7000, length: 50 }), (path) =>
 *   path.every((price) => Number.isInteger(price / 0.5)),
 * ));
 */
export function pricePathArbitrary(options: PricePathOptions): fc.Arbitrary<number[]> {
  const grid = tickGrid(options.step, options.start);
  const { min, max } =
    typeof options.length === 'number'
      ? { min: options.length, max: options.length }
      : options.length;
  const maxMove = options.maxMoveTicks ?? 10;
  return fc
    .array(fc.integer({ min: -maxMove, max: maxMove }), { minLength: min, maxLength: max })
    .map((moves) => {
      let ticks = grid.startTicks;
      return moves.map((move, i) => {
        if (i > 0) ticks = Math.max(1, ticks + move);
        return grid.price(ticks);
      });
    });
}

/** Options of {@link barsArbitrary}. */
export interface BarsArbitraryOptions {
  readonly instrument: Instrument;
  /** Number of bars, or a range of lengths. */
  readonly length: number | { readonly min: number; readonly max: number };
  /** Time of the first bar, UTC ms; default 2026-09-01 10:00 Moscow. */
  readonly start?: number;
  /** Time between bars; default one minute. */
  readonly intervalMs?: number;
  /** Price of the first open; default 100, brought onto the grid. */
  readonly startPrice?: number;
  /** Largest move of a close from its open, in steps; default 10. */
  readonly maxMoveTicks?: number;
}

/**
 * Bars of one instrument with consistent OHLC (low ≤ open, close ≤ high), every price on
 * the instrument's grid and at least one step, positive whole volumes, and strictly
 * increasing times. Each bar opens at the previous close.
 * @example
 * fc.assert(fc.asyncProperty(barsArbitrary({ instrument: sber, length: { min: 1, max: 200 } }), async (bars) => {
 *   const run = await runStrategy(myStrategy, { bars });
 *   expect(run.strategies[0]?.status).not.toBe('failed');
 * }));
 */
export function barsArbitrary(options: BarsArbitraryOptions): fc.Arbitrary<Bar[]> {
  const { instrument } = options;
  const grid = tickGrid(instrument.minPriceIncrement, options.startPrice ?? 100);
  const { min, max } =
    typeof options.length === 'number'
      ? { min: options.length, max: options.length }
      : options.length;
  const maxMove = options.maxMoveTicks ?? 10;
  const start = options.start ?? DEFAULT_BARS_START;
  const interval = options.intervalMs ?? 60_000;
  if (!(interval > 0))
    throw new Error(`barsArbitrary: intervalMs must be positive, got ${interval}`);
  const shape = fc.record({
    move: fc.integer({ min: -maxMove, max: maxMove }),
    up: fc.nat({ max: maxMove }),
    down: fc.nat({ max: maxMove }),
    volume: fc.integer({ min: 1, max: 100_000 }),
  });
  return fc.array(shape, { minLength: min, maxLength: max }).map((shapes) => {
    let close = grid.startTicks;
    return shapes.map((s, i): Bar => {
      const open = close;
      close = Math.max(1, open + s.move);
      const high = Math.max(open, close) + s.up;
      const low = Math.max(1, Math.min(open, close) - s.down);
      return {
        instrument: instrument.uid,
        time: start + i * interval,
        open: grid.price(open),
        high: grid.price(high),
        low: grid.price(low),
        close: grid.price(close),
        volume: s.volume,
      };
    });
  });
}

/**
 * Signals a strategy of these instruments could return: targets in lots and as fractions
 * of equity, market orders, and limit orders priced on the instrument's grid.
 * @example
 * fc.assert(fc.property(signalArbitrary([sber, gazp]), (signal) => ['SBER', 'GAZP'].includes(signal.instrument)));
 */
export function signalArbitrary(instruments: readonly Instrument[]): fc.Arbitrary<Signal> {
  if (instruments.length === 0) throw new Error('signalArbitrary: needs at least one instrument');
  return fc.constantFrom(...instruments).chain((instrument) => {
    const uid = instrument.uid;
    const grid = tickGrid(instrument.minPriceIncrement, 1);
    const side = fc.constantFrom('buy' as const, 'sell' as const);
    const lots = fc.integer({ min: 1, max: 100 });
    return fc.oneof(
      fc
        .integer({ min: -100, max: 100 })
        .map((target): Signal => ({ kind: 'target', instrument: uid, lots: target })),
      fc.double({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }).map(
        (fraction): Signal => ({
          kind: 'target',
          instrument: uid,
          fraction: fraction === 0 ? 0 : fraction,
        }),
      ),
      fc
        .record({ side, lots })
        .map((o): Signal => ({ kind: 'order', instrument: uid, ...o, type: 'market' })),
      fc.record({ side, lots, ticks: fc.integer({ min: 1, max: 1_000_000 }) }).map(
        ({ ticks, ...o }): Signal => ({
          kind: 'order',
          instrument: uid,
          ...o,
          type: 'limit',
          limitPrice: grid.price(ticks),
        }),
      ),
    );
  });
}

/**
 * Prices as whole ticks: `ticks × step` is an exact integer of nanos, and one division
 * gives the double nearest the decimal price, the number a CSV reader would parse.
 */
function tickGrid(
  step: number,
  start: number,
): { startTicks: number; price(ticks: number): number } {
  const nanos = Number(stepNanos(step));
  const startTicks = Math.max(1, Math.round((start * 1e9) / nanos));
  return { startTicks, price: (ticks) => (ticks * nanos) / 1e9 };
}
