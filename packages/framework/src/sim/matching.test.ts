import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../domain/bar.js';
import { formatNanos, toNanos } from '../domain/decimal.js';
import { stepNanos } from '../domain/priceGrid.js';
import {
  barCapacity,
  executionNanos,
  executionPrice,
  type MatchRequest,
  type MatchRules,
} from './matching.js';
import { bar as barAt } from './sim.fixture.js';

/** A bar at time 0: matching does not look at the time. */
const bar = (fields: Partial<Bar>): Bar => barAt(0, fields);
const limit = (side: 'buy' | 'sell', price: number): MatchRequest => ({
  side,
  type: 'limit',
  limitPrice: price,
  limitNanos: toNanos(price),
});
const market = (side: 'buy' | 'sell'): MatchRequest => ({
  side,
  type: 'market',
  limitPrice: 0,
  limitNanos: 0n,
});
const through: MatchRules = { step: stepNanos(0.01), slippage: 'none', limitFill: 'through' };
const touch: MatchRules = { ...through, limitFill: 'touch' };
const nanos = (price: number) => toNanos(price);

describe('executionPrice: limit orders', () => {
  it('fills a buy only when the bar trades through the limit in "through" mode', () => {
    expect(executionPrice(limit('buy', 99), bar({ low: 99 }), through)).toBeUndefined();
    expect(executionPrice(limit('buy', 99), bar({ low: 98.99 }), through)).toBe(nanos(99));
  });

  it('fills a buy when the bar touches the limit in "touch" mode', () => {
    expect(executionPrice(limit('buy', 99), bar({ low: 99 }), touch)).toBe(nanos(99));
    expect(executionPrice(limit('buy', 99), bar({ low: 99.01 }), touch)).toBeUndefined();
  });

  it('mirrors both modes for sells', () => {
    expect(executionPrice(limit('sell', 101), bar({ high: 101 }), through)).toBeUndefined();
    expect(executionPrice(limit('sell', 101), bar({ high: 101.01 }), through)).toBe(nanos(101));
    expect(executionPrice(limit('sell', 101), bar({ high: 101 }), touch)).toBe(nanos(101));
    expect(executionPrice(limit('sell', 101), bar({ high: 100.99 }), touch)).toBeUndefined();
  });

  it('fills at the better open when the bar gaps past the limit', () => {
    const gapDown = bar({ open: 97.5, high: 98, low: 97 });
    expect(executionPrice(limit('buy', 99), gapDown, through)).toBe(nanos(97.5));
    const gapUp = bar({ open: 103.2, high: 104, low: 103 });
    expect(executionPrice(limit('sell', 101), gapUp, through)).toBe(nanos(103.2));
  });

  it('brings an off-grid gap open onto the grid without passing the limit', () => {
    const rules: MatchRules = { ...through, step: stepNanos(0.5) };
    const buy = executionPrice(limit('buy', 99), bar({ open: 98.2, low: 98 }), rules);
    expect(buy).toBe(nanos(98.5));
    const sell = executionPrice(limit('sell', 101), bar({ open: 101.7, high: 102 }), rules);
    expect(sell).toBe(nanos(101.5));
  });

  it('ignores slippage on limit fills', () => {
    const rules: MatchRules = { ...through, slippage: { ticks: 5 } };
    expect(executionPrice(limit('buy', 99.5), bar({ low: 99 }), rules)).toBe(nanos(99.5));
  });
});

describe('executionPrice: market orders', () => {
  it('fills at the open moved by slippage', () => {
    const rules: MatchRules = { ...through, slippage: { ticks: 2 } };
    expect(executionPrice(market('buy'), bar({ open: 100 }), rules)).toBe(nanos(100.02));
    expect(executionPrice(market('sell'), bar({ open: 100 }), rules)).toBe(nanos(99.98));
    expect(executionPrice(market('buy'), bar({ open: 100 }), through)).toBe(nanos(100));
  });
});

describe('barCapacity', () => {
  it('is the floor of volume × participation, or unbounded', () => {
    expect(barCapacity(bar({ volume: 250 }), 0.1)).toBe(25);
    expect(barCapacity(bar({ volume: 100 }), 0.29)).toBe(29);
    expect(barCapacity(bar({ volume: 9 }), 0.1)).toBe(0);
    expect(barCapacity(bar({ volume: 0 }), 1)).toBe(0);
    expect(barCapacity(bar({ volume: 5 }), undefined)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('executionNanos', () => {
  it('gives executionPrice as a number, or NaN only when that price is beyond 2^53 nanos', () => {
    const stepArb = fc.constantFrom('0.01', '0.5', '1', '0.000000001', '10');
    fc.assert(
      fc.property(
        stepArb,
        fc.constantFrom('buy' as const, 'sell' as const),
        fc.constantFrom('market' as const, 'limit' as const),
        fc.constantFrom('through' as const, 'touch' as const),
        fc.oneof(
          fc.constant<MatchRules['slippage']>('none'),
          fc.integer({ min: 0, max: 5 }).map((ticks) => ({ ticks })),
          fc.integer({ min: 0, max: 50 }).map((bps) => ({ bps })),
        ),
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.oneof(fc.constant(1), fc.constant(1000), fc.constant(1_000_000)),
        fc.array(fc.integer({ min: -40, max: 40 }), { minLength: 4, maxLength: 4 }),
        (stepText, side, type, limitFill, slippage, ticks, scale, moves) => {
          const step = stepNanos(stepText);
          const at = (t: number) => Number(formatNanos(BigInt(t) * step));
          const base = ticks * scale;
          const [o, h, l, c] = moves.map((m) => Math.max(1, base + m * scale));
          const open = at(o!);
          const high = Math.max(open, at(h!), at(c!));
          const low = Math.min(open, at(l!), at(c!));
          const limitPrice = at(Math.max(1, base + moves[3]! * scale));
          const request: MatchRequest = {
            side,
            type,
            limitPrice: type === 'limit' ? limitPrice : 0,
            limitNanos: type === 'limit' ? toNanos(limitPrice) : 0n,
          };
          const rules: MatchRules = { step, slippage, limitFill };
          const b = bar({ open, high, low, close: at(c!) });
          const exact = executionPrice(request, b, rules);
          // As the broker passes it: NaN when the limit is not a safe integer of nanos.
          const limitN =
            request.limitNanos <= BigInt(Number.MAX_SAFE_INTEGER)
              ? Number(request.limitNanos)
              : Number.NaN;
          const fast = executionNanos(request, limitN, b, rules, Number(step));
          if (exact === undefined) expect(fast).toBeUndefined();
          else if (exact > BigInt(Number.MAX_SAFE_INTEGER)) expect(fast).toBeNaN();
          else expect(fast).toBe(Number(exact));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
