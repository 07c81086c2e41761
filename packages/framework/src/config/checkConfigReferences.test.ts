import { describe, expect, it } from 'vitest';
import { checkConfigReferences } from './checkConfigReferences.js';

const instruments = [
  { ticker: 'SBER', lot: 10 },
  { ticker: 'GAZP', uid: 'gazp-tqbr', lot: 10 },
  { ticker: 'VTBR', uid: 'vtbr-tqbr', lot: 1 },
  { ticker: 'VTBR', uid: 'vtbr-smal', lot: 1 },
];

function messages(config: object): string[] {
  return checkConfigReferences(config).map((p) => `${p.path.join('/')}: ${p.message}`);
}

describe('checkConfigReferences', () => {
  it('accepts instruments named by uid or by a unique ticker', () => {
    expect(
      messages({
        instruments,
        strategies: [{ plugin: 'a', instruments: ['SBER', 'GAZP', 'gazp-tqbr', 'vtbr-smal'] }],
        data: { bars: [{ instrument: 'GAZP', file: 'g.csv' }] },
      }),
    ).toEqual([]);
  });

  it('reports unknown and ambiguous instrument names', () => {
    expect(
      messages({
        instruments,
        strategies: [{ plugin: 'a', instruments: ['LKOH', 'VTBR'] }],
        data: { bars: [{ instrument: 'ROSN', file: 'r.csv' }] },
      }),
    ).toEqual([
      'strategies/0/instruments/0: unknown instrument "LKOH"; configured instruments (uid): SBER, gazp-tqbr, vtbr-tqbr, vtbr-smal',
      'strategies/0/instruments/1: "VTBR" is the ticker of instruments[2], instruments[3]; name one by its uid',
      'data/bars/0/instrument: unknown instrument "ROSN"; configured instruments (uid): SBER, gazp-tqbr, vtbr-tqbr, vtbr-smal',
    ]);
  });

  it('reports duplicate uids, written or defaulted from the ticker', () => {
    expect(
      messages({
        instruments: [
          { ticker: 'SBER' },
          { ticker: 'SBER' },
          { ticker: 'X', uid: 'u' },
          { ticker: 'Y', uid: 'u' },
        ],
      }),
    ).toEqual([
      'instruments/1/ticker: duplicate instrument uid "SBER" (also instruments[0]); give each a distinct uid',
      'instruments/3/uid: duplicate instrument uid "u" (also instruments[2]); give each a distinct uid',
    ]);
  });

  it('reports duplicate instance names per kind', () => {
    expect(
      messages({
        instruments,
        strategies: [
          { plugin: 'sma-cross', instruments: ['SBER'] },
          { plugin: 'sma-cross', instruments: ['SBER'] },
          { plugin: 'sma-cross', name: 'slow', instruments: ['SBER'] },
          { plugin: 'rsi', name: 'slow', instruments: ['SBER'] },
        ],
        risk: { plugins: [{ plugin: 'hours' }, { plugin: 'hours', name: 'hours' }] },
        // The same name in another kind is fine.
        alerts: [{ plugin: 'sma-cross' }],
      }),
    ).toEqual([
      'strategies/1/plugin: duplicate strategy name "sma-cross" (also strategies[0]); give each instance a distinct `name`',
      'strategies/3/name: duplicate strategy name "slow" (also strategies[2]); give each instance a distinct `name`',
      'risk/plugins/1/name: duplicate risk plugin name "hours" (also risk.plugins[0]); give each instance a distinct `name`',
    ]);
  });

  it('reports an empty backtest period only between values of one kind', () => {
    const period = (from: string, to: string) => messages({ backtest: { from, to } });
    expect(period('2024-02-01', '2024-01-01')).toEqual([
      'backtest/to: must be after backtest.from (2024-02-01); the period is empty',
    ]);
    expect(period('2024-01-01', '2024-01-01')).toHaveLength(1);
    expect(period('2024-01-01T10:00:00+03:00', '2024-01-01T09:00:00+03:00')).toHaveLength(1);
    expect(period('2024-01-01', '2024-02-01')).toEqual([]);
    expect(period('2024-01-02', '2024-01-01T23:00:00Z')).toEqual([]);
  });

  it('ignores values of the wrong shape, which the schema reports', () => {
    expect(messages({ instruments: 'x', strategies: [null, { instruments: 5 }], data: 1 })).toEqual(
      [],
    );
    expect(checkConfigReferences(null)).toEqual([]);
  });
});
