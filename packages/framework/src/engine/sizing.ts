/**
 * Sizing: turns a strategy's signal into an order intent in whole lots. Targets are
 * portfolio positions per instrument; open orders count as if they fill, so a
 * repeated target does not send a second order while the first is working.
 * @module
 */
import type { Signal } from '../contracts/signal.js';
import type { OrderIntent } from '../domain/order.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { OrderTracker } from './OrderTracker.js';

/** Why a signal produced no intent. */
export interface SizingProblem {
  readonly code: 'INVALID_SIGNAL' | 'NO_PRICE';
  readonly message: string;
}

/**
 * Checks the parts of a signal that TypeScript cannot promise at run time: strategies
 * may be plain JavaScript, and a misspelt side must never slip past the exposure caps.
 */
function malformed(signal: unknown): string | undefined {
  if (typeof signal !== 'object' || signal === null)
    return `a signal must be an object, got ${String(signal)}`;
  const s = signal as Partial<Record<keyof Signal | 'side' | 'type', unknown>>;
  if (typeof s.instrument !== 'string') return 'a signal needs an instrument';
  if (s.kind === 'target') return undefined;
  if (s.kind !== 'order')
    return `unknown signal kind ${String(s.kind)}; use signals.* to build signals`;
  if (s.side !== 'buy' && s.side !== 'sell')
    return `order side must be 'buy' or 'sell', got ${String(s.side)}`;
  if (s.type !== 'market' && s.type !== 'limit')
    return `order type must be 'market' or 'limit', got ${String(s.type)}`;
  return undefined;
}

export function sizeSignal(
  signal: Signal,
  strategyId: string,
  allowed: ReadonlySet<string>,
  portfolio: Portfolio,
  orders: OrderTracker,
  time: number,
): OrderIntent | SizingProblem | undefined {
  const problem = malformed(signal);
  if (problem !== undefined) return { code: 'INVALID_SIGNAL', message: problem };
  if (!allowed.has(signal.instrument)) {
    return {
      code: 'INVALID_SIGNAL',
      message: `instrument ${signal.instrument} is not one of this strategy's`,
    };
  }
  if (signal.kind === 'order') {
    if (!Number.isInteger(signal.lots) || signal.lots <= 0) {
      return {
        code: 'INVALID_SIGNAL',
        message: `order of ${signal.lots} lots: lots must be a positive integer`,
      };
    }
    if (signal.type === 'limit' && !(Number(signal.limitPrice) > 0)) {
      return { code: 'INVALID_SIGNAL', message: 'a limit order needs a positive limitPrice' };
    }
    return {
      strategyId,
      instrument: signal.instrument,
      side: signal.side,
      lots: signal.lots,
      type: signal.type,
      limitPrice: signal.type === 'limit' ? signal.limitPrice : undefined,
      reason: 'signal',
      time,
    };
  }
  const book = portfolio.book(signal.instrument);
  let target: number;
  if (signal.lots !== undefined && signal.fraction === undefined) {
    if (!Number.isInteger(signal.lots)) {
      return {
        code: 'INVALID_SIGNAL',
        message: `target of ${signal.lots} lots: lots must be an integer`,
      };
    }
    target = signal.lots;
  } else if (
    signal.fraction !== undefined &&
    signal.lots === undefined &&
    Number.isFinite(signal.fraction)
  ) {
    if (!(book.last > 0))
      return { code: 'NO_PRICE', message: `no price yet for ${signal.instrument}` };
    target = Math.trunc((signal.fraction * portfolio.equity) / (book.last * book.instrument.lot));
  } else {
    return { code: 'INVALID_SIGNAL', message: 'a target needs exactly one of lots and fraction' };
  }
  const current = book.quantity / book.instrument.lot + orders.pendingLots(signal.instrument);
  const delta = target - current;
  if (delta === 0) return undefined;
  return {
    strategyId,
    instrument: signal.instrument,
    side: delta > 0 ? 'buy' : 'sell',
    lots: Math.abs(delta),
    type: 'market',
    reason: 'signal',
    time,
  };
}
