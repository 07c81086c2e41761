import { describe, expect, it } from 'vitest';
import {
  formatHelp,
  formatOrders,
  formatPnl,
  formatPositions,
  formatStatus,
  splitMessage,
} from './formatReplies.js';

const T = Date.UTC(2026, 8, 1, 7, 5); // 10:05 Moscow

describe('replies', () => {
  it('/status: state, reason, equity, cash, orders, positions, strategies and time', () => {
    const text = formatStatus(
      {
        trading: 'halted',
        reason: 'telegram:42: news',
        equity: 1_000_100,
        cash: 997_000.5,
        openOrders: 2,
        positions: [{ instrument: 'SBER', lots: 1 }],
        strategies: [
          { name: 'flag', status: 'running' },
          { name: 'sma', status: 'failed' },
        ],
      },
      T,
    );
    expect(text).toBe(
      [
        'Trading: HALTED (telegram:42: news)',
        'Equity: 1,000,100.00 RUB',
        'Cash: 997,000.50 RUB',
        'Open orders: 2',
        'Positions: 1',
        'Strategies: flag (running), sma (failed)',
        'As of 2026-09-01 10:05 MSK',
      ].join('\n'),
    );
  });

  it('/positions: one line per position, prices on their own grid', () => {
    const text = formatPositions([
      {
        instrument: 'uid-sber',
        ticker: 'SBER',
        lots: 5,
        averagePrice: 300,
        lastPrice: 301.5,
        marketValue: 15_075,
        unrealizedPnl: 75,
      },
      {
        instrument: 'uid-vtbr',
        ticker: 'VTBR',
        lots: -2,
        averagePrice: 0.023455,
        lastPrice: 0.02344,
        marketValue: -468.8,
        unrealizedPnl: 0.3,
      },
    ]);
    expect(text).toBe(
      [
        'Positions (2):',
        'SBER +5 lots @ 300.00, last 301.50, P&L +75.00 RUB',
        'VTBR -2 lots @ 0.023455, last 0.02344, P&L +0.30 RUB',
      ].join('\n'),
    );
    expect(formatPositions([])).toBe('No open positions.');
  });

  it('/orders: one line per open order', () => {
    const order = {
      id: 'o1',
      strategy: 'flag',
      instrument: 'uid',
      ticker: 'SBER',
      lots: 3,
      filledLots: 1,
      status: 'partially_filled',
      createdAt: T,
    } as const;
    expect(
      formatOrders([
        { ...order, side: 'buy', type: 'limit', limitPrice: 299.5 },
        { ...order, side: 'sell', type: 'market', filledLots: 0, status: 'submitted' },
      ]),
    ).toBe(
      [
        'Open orders (2):',
        'BUY 3 SBER limit @ 299.50, filled 1/3, partially_filled (flag)',
        'SELL 3 SBER market, filled 0/3, submitted (flag)',
      ].join('\n'),
    );
    expect(formatOrders([])).toBe('No open orders.');
  });

  it('/pnl: total, today, realised, unrealised, commission', () => {
    expect(
      formatPnl({
        equity: 999_000,
        initialCash: 1_000_000,
        total: -1000,
        today: -250.25,
        realized: -900,
        unrealized: -100,
        commission: 42.1,
      }),
    ).toBe(
      [
        'Total: -1,000.00 RUB',
        'Today: -250.25 RUB',
        'Realised: -900.00 RUB',
        'Unrealised: -100.00 RUB',
        'Commission: 42.10 RUB',
        'Equity: 999,000.00 RUB (start 1,000,000.00 RUB)',
      ].join('\n'),
    );
  });

  it('/help: only the commands the role may use', () => {
    const viewer = formatHelp('viewer');
    expect(viewer).toContain('/status: ');
    expect(viewer).not.toMatch(/\/(halt|reduce|resume|flatten|confirm|start)\b/);
    const operator = formatHelp('operator');
    for (const line of ['/halt [reason]: ', '/resume [reason]: ', '/confirm <code>: ']) {
      expect(operator).toContain(line);
    }
  });
});

describe('message size', () => {
  it('splits long replies at line ends into messages within the limit', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i} ${'x'.repeat(20)}`);
    const parts = splitMessage(lines.join('\n'), 100);
    expect(parts.every((p) => p.length <= 100)).toBe(true);
    expect(parts.join('\n')).toBe(lines.join('\n'));
    expect(splitMessage('x'.repeat(250), 100)).toEqual([
      'x'.repeat(100),
      'x'.repeat(100),
      'x'.repeat(50),
    ]);
    expect(splitMessage('short')).toEqual(['short']);
  });

  it('never splits an emoji between two messages', () => {
    // 'x' then emoji: with a limit of 10 UTF-16 units the tenth is the first half of a pair.
    const text = `x${'😀'.repeat(12)}`;
    const parts = splitMessage(text, 10);
    expect(parts.join('')).toBe(text);
    expect(parts.every((p) => p.length <= 10 && !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
    expect(parts[0]).toBe(`x${'😀'.repeat(4)}`);
  });
});
