import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineStrategy, type Strategy } from '../contracts/define.js';
import { type Signal, signals } from '../contracts/signal.js';
import type { Bar } from '../domain/bar.js';
import type { Fill } from '../domain/order.js';
import { makeBars } from './makeBars.js';
import { runStrategy } from './runStrategy.js';

/** A class-based strategy: the recorder must keep `this` and every hook it has. */
class Counting implements Strategy {
  readonly warmup = 2;
  readonly calls: string[] = [];
  private bars = 0;

  onStart(): void {
    this.calls.push('start');
  }

  onBar(bar: Bar): Signal | undefined {
    this.bars++;
    return this.bars === 3 ? signals.targetLots(bar.instrument, 1) : undefined;
  }

  onFill(fill: Fill): void {
    this.calls.push(`fill ${fill.side} ${fill.lots}`);
  }

  onStop(): void {
    this.calls.push('stop');
  }

  snapshot(): unknown {
    return { bars: this.bars };
  }

  restore(state: unknown): void {
    this.bars = (state as { bars: number }).bars;
    this.calls.push('restore');
  }
}

function countingStrategy() {
  const instances: Counting[] = [];
  const definition = defineStrategy({
    id: 'counting',
    params: z.object({}),
    create: () => {
      const instance = new Counting();
      instances.push(instance);
      return instance;
    },
  });
  return { definition, instances };
}

const bars = makeBars('SBER', [300, 301, 302, 303, 304]);

describe('recordSignals (through runStrategy)', () => {
  it('keeps the strategy’s own `this`, its warm-up and every hook it has', async () => {
    const { definition, instances } = countingStrategy();
    const run = await runStrategy(definition, { bars });
    expect(run.signals.map((s) => s.barIndex)).toEqual([2]);
    expect(instances[0]!.calls).toEqual(['start', 'fill buy 1', 'stop']);
    expect(run.snapshot()).toEqual({ bars: 5 });
  });

  it('restores a snapshot after create and skips warm-up', async () => {
    const { definition, instances } = countingStrategy();
    // The restored count of 2 makes the very first bar the third: its signal must count,
    // although a fresh instance would still be warming up.
    const run = await runStrategy(definition, { bars, restore: { bars: 2 } });
    expect(run.signals.map((s) => s.barIndex)).toEqual([0]);
    expect(run.positions()).toEqual({ SBER: 1 });
    expect(instances[0]!.calls[0]).toBe('restore');
  });

  it('refuses to restore a strategy without a restore hook', async () => {
    const plain = defineStrategy({
      id: 'plain',
      params: z.object({}),
      create: () => ({ onBar: () => undefined }),
    });
    expect(await runStrategy(plain, { bars }).then((run) => run.snapshot())).toBeUndefined();
    await expect(runStrategy(plain, { bars, restore: {} })).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_PLUGIN_CREATE_FAILED',
      message: expect.stringContaining('strategy plain has no restore hook'),
    });
  });
});
