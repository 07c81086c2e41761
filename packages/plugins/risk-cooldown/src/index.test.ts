import { type Bar, defineInstrument, signals } from '@moex-bot/framework';
import { makeBars, type RiskRuleRun, runRiskRule } from '@moex-bot/framework/testing';
import { describe, expect, test } from 'vitest';
import cooldown, { COOLDOWN_CODE } from './index.js';

const TEST = defineInstrument({ ticker: 'TEST', lot: 1, minPriceIncrement: 0.01 });
const OTHER = defineInstrument({ ticker: 'OTHER', lot: 1, minPriceIncrement: 0.01 });
const FREE = { commission: { percent: 0 }, slippage: 'none' } as const;
/** A strategy that always wants 10 lots of whatever instrument its bar is of. */
const ALWAYS_10 = (bar: Bar) => signals.targetLots(bar.instrument, 10);

/**
 * With a 5% stop-loss, bar 3 (low 94) hits the stop at 95: the host sends the exit on
 * bar 3, it fills at bar 4's open, and the strategy wants back in on every bar.
 */
const STOPPED_AT_3 = makeBars('TEST', [100, 100, 100, { close: 94 }, 94, 94, 94, 94, 94, 94]);

/** Each decision as `[bar index, who asked, action, context]`. */
function story(run: RiskRuleRun, bars: readonly Bar[]) {
  return run.decisions
    .filter((d) => d.intent.instrument === 'TEST')
    .map(({ time, intent, decision }) => [
      bars.findIndex((bar) => bar.time === time),
      intent.reason,
      decision.action === 'approve' ? 'approve' : `${decision.action} ${decision.code}`,
      decision.action === 'approve' ? undefined : decision.context,
    ]);
}

describe('cooldown', () => {
  test('denies re-entry from the bar that hits the stop until N bars after the exit filled', async () => {
    const run = await runRiskRule(cooldown, {
      params: { bars: 3 },
      riskLimits: { stopLossPercent: 5 },
      script: ALWAYS_10,
      bars: STOPPED_AT_3,
      instruments: [TEST],
      broker: FREE,
    });
    const denied = `deny ${COOLDOWN_CODE}`;
    expect(story(run, STOPPED_AT_3)).toEqual([
      [0, 'signal', 'approve', undefined],
      [3, 'stop-loss', 'approve', undefined], // the host's exit
      [3, 'signal', denied, { instrument: 'TEST', barsLeft: 3 }], // the exit is still working
      [4, 'signal', denied, { instrument: 'TEST', barsLeft: 3 }], // filled at this bar's open
      [5, 'signal', denied, { instrument: 'TEST', barsLeft: 2 }],
      [6, 'signal', denied, { instrument: 'TEST', barsLeft: 1 }],
      [7, 'signal', 'approve', undefined],
    ]);
    expect(run.fills.map((f) => [f.side, f.lots, f.price, f.reason])).toEqual([
      ['buy', 10, 100, 'signal'],
      ['sell', 10, 94, 'stop-loss'],
      ['buy', 10, 94, 'signal'],
    ]);
  });

  test('counts only bars of the cooling instrument and holds no other instrument back', async () => {
    const other = makeBars('OTHER', [50, 50, 50, 50, 50, 50, 50, 50, 50, 50]);
    const run = await runRiskRule(cooldown, {
      params: { bars: 3 },
      riskLimits: { stopLossPercent: 5 },
      // OTHER asks for 5 lots on bar 4, in the middle of TEST's cooldown.
      script: (bar) =>
        bar.instrument === 'TEST'
          ? ALWAYS_10(bar)
          : bar.time === other[4]!.time
            ? signals.targetLots('OTHER', 5)
            : undefined,
      bars: new Map([
        ['TEST', STOPPED_AT_3],
        ['OTHER', other],
      ]),
      instruments: [TEST, OTHER],
      broker: FREE,
    });
    const reEntry = run.decisions.filter(
      (d) => d.intent.instrument === 'TEST' && d.decision.action === 'approve',
    );
    expect(reEntry.map((d) => STOPPED_AT_3.findIndex((bar) => bar.time === d.time))).toEqual([
      0, 3, 7,
    ]);
    expect(run.denials.every((d) => d.intent.instrument === 'TEST')).toBe(true);
    expect(run.positions()).toEqual({ TEST: 10, OTHER: 5 });
  });

  test('a trailing stop-out cools down too; one bar means the bar of the exit fill', async () => {
    // Long from 100; bar 2 gaps up to 110, setting the trail at 104.5; bar 4 trades down to 104.
    const bars = makeBars('TEST', [
      100,
      100,
      { open: 110, close: 110 },
      110,
      { close: 104 },
      104,
      104,
      104,
    ]);
    const run = await runRiskRule(cooldown, {
      params: { bars: 1 },
      riskLimits: { trailingStopPercent: 5 },
      script: ALWAYS_10,
      bars,
      instruments: [TEST],
      broker: FREE,
    });
    expect(
      run.fills.map((f) => [bars.findIndex((b) => b.time === f.time), f.side, f.reason]),
    ).toEqual([
      [1, 'buy', 'signal'],
      [5, 'sell', 'trailing-stop'],
      [7, 'buy', 'signal'], // bought again on bar 6, the first after the one cooldown bar
    ]);
  });

  test('by default an exit of the strategy itself starts no cooldown', async () => {
    const bars = makeBars('TEST', [100, 100, 100, 100, 100, 100]);
    const run = await runRiskRule(cooldown, {
      params: { bars: 10 },
      script: {
        0: signals.targetLots('TEST', 10),
        2: signals.flat('TEST'),
        3: signals.targetLots('TEST', 10),
      },
      bars,
      instruments: [TEST],
      broker: FREE,
    });
    expect(run.denials).toEqual([]);
    expect(run.positions()).toEqual({ TEST: 10 });
  });

  test('afterAnyExit: every closing fill cools down; exits pass and flips are trimmed', async () => {
    const bars = makeBars('TEST', [100, 100, 100, 100, 100, 100, 100, 100]);
    const run = await runRiskRule(cooldown, {
      params: { bars: 5, afterAnyExit: true },
      script: {
        0: signals.targetLots('TEST', 10),
        2: signals.sell('TEST', 4), // fills on bar 3: a partial exit starts the cooldown
        4: signals.buy('TEST', 2),
        5: signals.sell('TEST', 10), // would go short 4: trimmed to the 6 that close
        6: signals.sell('TEST', 3), // flat now (the exit filled on bar 6): an entry short
      },
      bars,
      instruments: [TEST],
      broker: { ...FREE, allowShort: true },
    });
    const denied = `deny ${COOLDOWN_CODE}`;
    expect(story(run, bars)).toEqual([
      [0, 'signal', 'approve', undefined],
      [2, 'signal', 'approve', undefined],
      [4, 'signal', denied, { instrument: 'TEST', barsLeft: 4 }],
      [5, 'signal', `resize ${COOLDOWN_CODE}`, { instrument: 'TEST', barsLeft: 3 }],
      [6, 'signal', denied, { instrument: 'TEST', barsLeft: 5 }],
    ]);
    expect(run.decisions[3]?.decision).toMatchObject({ action: 'resize', lots: 6 });
    expect(run.positions()).toEqual({ TEST: 0 });
  });

  test('parameters are checked by the schema the host uses', () => {
    const parse = (input: unknown) => cooldown.params.safeParse(input).success;
    expect(cooldown.params.parse({ bars: 30 })).toEqual({ bars: 30, afterAnyExit: false });
    expect(parse({ bars: 1, afterAnyExit: true })).toBe(true);
    expect(parse({})).toBe(false);
    expect(parse({ bars: 0 })).toBe(false);
    expect(parse({ bars: 2.5 })).toBe(false);
    expect(parse({ bars: 5, minutes: 5 })).toBe(false);
  });
});
