/**
 * Operator commands: halt, reduce, resume, flatten and status, as verbs on one
 * object, so every front end (CLI, Telegram, HTTP) drives the engine the same way
 * and gets the same answer back.
 * @module
 */
import type { TradingStateName } from '../contracts/services.js';
import type { Engine } from '../engine/Engine.js';

/** Commands an operator can give. */
export type OperatorCommand = 'halt' | 'reduce' | 'resume' | 'flatten' | 'status';

/** The state of a run as an operator sees it. */
export interface RunStatus {
  readonly trading: TradingStateName;
  /** The reason code of the last trading-state change. */
  readonly reason: string;
  readonly equity: number;
  readonly cash: number;
  readonly openOrders: number;
  readonly positions: readonly { readonly instrument: string; readonly lots: number }[];
  readonly strategies: readonly { readonly name: string; readonly status: string }[];
}

/** What a command did. `changed` is false when it found nothing to do. */
export interface CommandOutcome {
  readonly command: OperatorCommand;
  readonly changed: boolean;
  readonly message: string;
  readonly status: RunStatus;
}

/**
 * The operator's handle on a running engine.
 * @example
 * const control = new OperatorControl(engine);
 * control.halt('operator: news');          // no new orders; exits still pass
 * control.resume('operator: all clear');
 * control.status().trading;                // 'active'
 */
export class OperatorControl {
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
