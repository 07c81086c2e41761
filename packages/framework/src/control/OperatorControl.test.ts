import { describe, expect, it } from 'vitest';
import { createBacktest } from '../backtest/createBacktest.js';
import { runComposedBacktest } from '../backtest/runBacktest.js';
import { signals } from '../contracts/signal.js';
import { barsFromPrices, INSTRUMENTS, scripted } from '../engine/engine.fixture.js';
import { arrayFeed } from '../market/feed.js';
import { OperatorControl } from './OperatorControl.js';

/** A strategy that asks to hold 2 SBER lots on every bar, and a control driven by bar index. */
async function runWith(commands: Record<number, (control: OperatorControl) => void>, bars = 8) {
  let control: OperatorControl | undefined;
  const strategy = scripted('holder', (i) => {
    commands[i]?.(control!);
    return signals.targetLots('SBER', 2);
  });
  const run = await createBacktest({
    instruments: INSTRUMENTS,
    strategies: [{ definition: strategy, instruments: ['SBER'] }],
  });
  control = new OperatorControl(run.engine);
  const result = await runComposedBacktest(
    run,
    arrayFeed(barsFromPrices({ SBER: Array.from({ length: bars }, () => 300) })),
  );
  return { control, result };
}

describe('OperatorControl', () => {
  it('halt denies the next intent, resume lets trading go on', async () => {
    const outcomes: string[] = [];
    const { result } = await runWith({
      0: (c) => outcomes.push(c.halt('TEST').message),
      1: (c) => outcomes.push(c.halt('TEST').message),
      3: (c) => outcomes.push(c.resume('TEST').message),
    });
    expect(outcomes).toEqual([
      'trading active → halted (TEST)',
      'trading is already halted',
      'trading halted → active (TEST)',
    ]);
    // Bars 0–2 were halted (denied); the first order comes from bar 3.
    expect(result.orders).toHaveLength(1);
    expect(result.orders[0]).toMatchObject({ side: 'buy', lots: 2 });
    expect(await result.metrics.value(result.metrics.riskDenials, { rule: 'TRADING_HALTED' })).toBe(
      3,
    );
  });

  it('reduce lets only exits through', async () => {
    const { result, control } = await runWith({
      3: (c) => c.reduce('TEST'),
      4: (c) => c.flatten(),
    });
    expect(result.orders.map((o) => `${o.side} ${o.lots} ${o.reason}`)).toEqual([
      'buy 2 signal',
      'sell 2 flatten',
    ]);
    const status = control.status();
    expect(status).toMatchObject({
      trading: 'reducing',
      reason: 'TEST',
      positions: [],
      openOrders: 0,
    });
    expect(
      await result.metrics.value(result.metrics.riskDenials, { rule: 'TRADING_REDUCING_ONLY' }),
    ).toBeGreaterThan(0);
  });

  it('flatten says when there is nothing to do, and status reports by name', async () => {
    const said: string[] = [];
    await runWith({ 0: (c) => said.push(c.run('flatten').message, c.run('status').message) }, 2);
    expect(said).toEqual([
      'flatten: nothing to do, no open orders or positions',
      'trading active (START)',
    ]);
  });
});
