/**
 * Operator commands: halt, reduce, resume, flatten and status, as verbs on one
 * object, so every front end (CLI, Telegram, HTTP) drives the engine the same way
 * and gets the same answer back.
 * @module
 */
import type {
  CommandOutcome,
  OperatorAction,
  OperatorCommand,
  OperatorDesk,
  OrderLine,
  PnlSummary,
  PositionLine,
  RunStatus,
} from '../contracts/operator.js';
import type { TradingStateName } from '../contracts/services.js';
import { nanosToNumber } from '../domain/decimal.js';
import type { Engine } from '../engine/Engine.js';

/**
 * The operator's handle on a running engine.
 * @example
 * const control = new OperatorControl(engine);
 * control.halt('operator: news');          // no new orders; exits still pass
 * control.resume('operator: all clear');
 * control.status().trading;                // 'active'
 */
export class OperatorControl implements OperatorDesk {
  constructor(private readonly engine: Engine) {}

  /** Stops new orders; stop-loss, trailing-stop and flatten exits still pass. */
  halt(reason = 'OPERATOR'): CommandOutcome {
    return this.setState('halt', 'halted', reason, () => this.engine.trading.halt(reason));
  }

  /** Allows only orders that shrink positions. */
  reduce(reason = 'OPERATOR'): CommandOutcome {
    return this.setState('reduce', 'reducing', reason, () => this.engine.trading.reduce(reason));
  }

  /** Returns to normal trading. */
  resume(reason = 'OPERATOR'): CommandOutcome {
    return this.setState('resume', 'active', reason, () => this.engine.trading.resume(reason));
  }

  /** Cancels every open order and closes every position at market. */
  flatten(): CommandOutcome {
    const positions = this.engine.portfolio.openPositionCount;
    const orders = this.engine.orders.openCount;
    this.engine.flatten(this.engine.clock.now());
    const changed = positions + orders > 0;
    const message = changed
      ? `flatten: cancelling ${orders} open orders, closing ${positions} positions at market`
      : 'flatten: nothing to do, no open orders or positions';
    return { command: 'flatten', changed, message, status: this.status() };
  }

  status(): RunStatus {
    const { engine } = this;
    const positions = [...engine.portfolio.openBooks()].map((book) => ({
      instrument: book.instrument.uid,
      lots: book.quantity / book.instrument.lot,
    }));
    return {
      trading: engine.trading.state,
      reason: engine.trading.reason,
      equity: engine.portfolio.equity,
      cash: engine.portfolio.cash,
      openOrders: engine.orders.openCount,
      positions,
      strategies: engine
        .strategies()
        .map((runner) => ({ name: runner.name, status: runner.status })),
    };
  }

  positions(): readonly PositionLine[] {
    return this.engine.portfolio.openBookList().map((book) => ({
      instrument: book.instrument.uid,
      ticker: book.instrument.ticker,
      lots: book.quantity / book.instrument.lot,
      averagePrice: book.averagePrice,
      lastPrice: book.last,
      marketValue: book.marketValue,
      unrealizedPnl: book.unrealizedPnl,
    }));
  }

  openOrders(): readonly OrderLine[] {
    const tickers = new Map(
      [...this.engine.portfolio.allBooks()].map((b) => [b.instrument.uid, b.instrument.ticker]),
    );
    return this.engine.orders.openOrders().map((order) => ({
      id: order.id,
      strategy: order.strategyId,
      instrument: order.instrument,
      ticker: tickers.get(order.instrument) ?? order.instrument,
      side: order.side,
      type: order.type,
      lots: order.lots,
      filledLots: order.filledLots,
      limitPrice: order.limitPrice,
      status: order.status,
      createdAt: order.createdAt,
    }));
  }

  pnl(): PnlSummary {
    const { portfolio, risk } = this.engine;
    let realized = 0;
    let unrealized = 0;
    for (const book of portfolio.allBooks()) {
      realized += nanosToNumber(book.realizedNanos);
      unrealized += book.unrealizedPnl;
    }
    const dayStart = risk.dayStartEquity;
    return {
      equity: portfolio.equity,
      initialCash: portfolio.initialCash,
      total: portfolio.equity - portfolio.initialCash,
      today: Number.isFinite(dayStart) ? portfolio.equity - dayStart : 0,
      realized,
      unrealized,
      commission: nanosToNumber(portfolio.commissionNanos),
    };
  }

  act(action: OperatorAction, reason: string): CommandOutcome {
    return this.run(action, reason);
  }

  /** Runs an operator command by name (for chat and HTTP front ends). */
  run(command: OperatorCommand, reason?: string): CommandOutcome {
    switch (command) {
      case 'halt':
        return this.halt(reason);
      case 'reduce':
        return this.reduce(reason);
      case 'resume':
        return this.resume(reason);
      case 'flatten':
        return this.flatten();
      case 'status': {
        const status = this.status();
        return {
          command,
          changed: false,
          message: `trading ${status.trading} (${status.reason})`,
          status,
        };
      }
    }
  }

  private setState(
    command: OperatorCommand,
    to: TradingStateName,
    reason: string,
    apply: () => void,
  ): CommandOutcome {
    const from = this.engine.trading.state;
    if (from === to) {
      return {
        command,
        changed: false,
        message: `trading is already ${to}`,
        status: this.status(),
      };
    }
    apply();
    return {
      command,
      changed: true,
      message: `trading ${from} → ${to} (${reason})`,
      status: this.status(),
    };
  }
}
