import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signals } from '../contracts/signal.js';
import { toNanos } from '../domain/decimal.js';
import { defineInstrument, InstrumentSchema } from '../domain/instrument.js';
import { isOnGrid, stepNanos } from '../domain/priceGrid.js';
import {
  barsArbitrary,
  instrumentArbitrary,
  pricePathArbitrary,
  priceStepArbitrary,
  signalArbitrary,
} from './arbitraries.js';
import { runStrategy } from './runStrategy.js';
import { scriptedStrategy } from './scriptedStrategy.js';

const onGrid = (price: number, step: number) => isOnGrid(toNanos(price), stepNanos(step));

describe('priceStepArbitrary', () => {
  it('yields valid steps from 1 down to one nano, including the common MOEX ones', () => {
    const seen = new Set<number>();
    fc.assert(
      fc.property(priceStepArbitrary(), (step) => {
        seen.add(step);
        expect(step).toBeLessThanOrEqual(1);
        expect(stepNanos(step)).toBeGreaterThanOrEqual(1n);
        // The number prints as the decimal it stands for.
        expect(Number(String(step))).toBe(step);
      }),
      { numRuns: 2000 },
    );
    for (const step of [1, 0.5, 0.05, 0.01, 1e-9]) expect(seen).toContain(step);
  });
});

describe('instrumentArbitrary', () => {
  it('yields instruments the domain schema accepts', () => {
    fc.assert(
      fc.property(instrumentArbitrary(), (instrument) => {
        expect(InstrumentSchema.parse(instrument)).toEqual(instrument);
        expect(instrument.uid).toBe(instrument.ticker);
      }),
    );
  });

  it('can fix the ticker and the step', () => {
    fc.assert(
      fc.property(instrumentArbitrary({ ticker: 'LKOH', minPriceIncrement: 0.5 }), (instrument) => {
        expect([instrument.ticker, instrument.minPriceIncrement]).toEqual(['LKOH', 0.5]);
      }),
    );
  });
});

describe('pricePathArbitrary', () => {
  it('yields paths of the asked length, on the grid, at least one step, starting at the start', () => {
    const input = fc.record({
      step: priceStepArbitrary(),
      start: fc.double({ min: 0.5, max: 10_000, noNaN: true }),
    });
    fc.assert(
      fc.property(
        input.chain(({ step, start }) =>
          fc.tuple(
            fc.constant(step),
            fc.constant(start),
            pricePathArbitrary({ step, start, length: { min: 1, max: 40 } }),
          ),
        ),
        ([step, start, path]) => {
          expect(path.length).toBeGreaterThanOrEqual(1);
          expect(path.length).toBeLessThanOrEqual(40);
          for (const price of path) {
            expect(onGrid(price, step)).toBe(true);
            expect(price).toBeGreaterThanOrEqual(step);
          }
          expect(Math.abs(path[0]! - start)).toBeLessThanOrEqual(step);
        },
      ),
    );
  });

  it('moves at most maxMoveTicks steps at a time', () => {
    fc.assert(
      fc.property(
        pricePathArbitrary({ step: 0.01, start: 300, length: 50, maxMoveTicks: 3 }),
        (path) => {
          expect(path).toHaveLength(50);
          for (let i = 1; i < path.length; i++)
            expect(Math.abs(path[i]! - path[i - 1]!)).toBeLessThanOrEqual(0.03 + 1e-9);
        },
      ),
    );
  });
});

describe('barsArbitrary', () => {
  it('yields consistent bars on the instrument grid at strictly increasing times', () => {
    fc.assert(
      fc.property(
        instrumentArbitrary().chain((instrument) =>
          fc.tuple(
            fc.constant(instrument),
            barsArbitrary({ instrument, length: { min: 0, max: 60 }, intervalMs: 300_000 }),
          ),
        ),
        ([instrument, bars]) => {
          const step = instrument.minPriceIncrement;
          bars.forEach((bar, i) => {
            expect(bar.instrument).toBe(instrument.uid);
            expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
            expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
            for (const price of [bar.open, bar.high, bar.low, bar.close]) {
              expect(onGrid(price, step)).toBe(true);
              expect(price).toBeGreaterThanOrEqual(step);
            }
            expect(Number.isInteger(bar.volume) && bar.volume > 0).toBe(true);
            if (i > 0) {
              expect(bar.time - bars[i - 1]!.time).toBe(300_000);
              expect(bar.open).toBe(bars[i - 1]!.close);
            }
          });
        },
      ),
    );
  });
});

describe('signalArbitrary', () => {
  const sber = defineInstrument({ ticker: 'SBER', lot: 10, minPriceIncrement: 0.01 });
  const lkoh = defineInstrument({ ticker: 'LKOH', lot: 1, minPriceIncrement: 0.5 });

  it('yields well-formed signals of the given instruments', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(signalArbitrary([sber, lkoh]), (signal) => {
        expect(['SBER', 'LKOH']).toContain(signal.instrument);
        if (signal.kind === 'target') {
          expect((signal.lots === undefined) !== (signal.fraction === undefined)).toBe(true);
          if (signal.lots !== undefined) expect(Number.isInteger(signal.lots)).toBe(true);
          kinds.add(signal.lots === undefined ? 'fraction' : 'lots');
        } else {
          expect(Number.isInteger(signal.lots) && signal.lots > 0).toBe(true);
          if (signal.type === 'limit') {
            const step = signal.instrument === 'SBER' ? 0.01 : 0.5;
            expect(onGrid(signal.limitPrice!, step)).toBe(true);
          }
          kinds.add(signal.type);
        }
      }),
      { numRuns: 500 },
    );
    expect([...kinds].sort()).toEqual(['fraction', 'limit', 'lots', 'market']);
  });

  it('refuses an empty instrument list', () => {
    expect(() => signalArbitrary([])).toThrow(/at least one instrument/);
  });
});

describe('arbitraries with the engine', () => {
  const sber = defineInstrument({ ticker: 'SBER', lot: 10, minPriceIncrement: 0.01 });

  it('a target in lots is the final position whenever the bars after it let it fill', async () => {
    await fc.assert(
      fc.asyncProperty(
        barsArbitrary({ instrument: sber, length: { min: 2, max: 30 }, startPrice: 300 }),
        fc.integer({ min: 0, max: 20 }),
        async (bars, lots) => {
          const driver = scriptedStrategy({ 0: signals.targetLots('SBER', lots) });
          const run = await runStrategy(driver, { bars, instruments: [sber] });
          expect(run.positions()).toEqual({ SBER: lots });
          expect(run.fills.every((fill) => onGrid(fill.price, 0.01))).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});
