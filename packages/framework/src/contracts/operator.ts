/**
 * The operator's desk: what a front end (CLI, a chat bot, HTTP) may read of a running
 * session and which commands it may give. Alert plugins receive it, so a chat plugin
 * can answer `/positions` and carry out `/halt` without reaching into the engine.
 * @module
 */
import type { OrderStatus, OrderType, Side } from '../domain/order.js';
import type { TradingStateName } from './services.js';

/** Commands that change what the session does. */
export type OperatorAction = 'halt' | 'reduce' | 'resume' | 'flatten';

/** Commands an operator can give: the actions, and `status`. */
export type OperatorCommand = OperatorAction | 'status';

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

/** One open position, priced at the last bar. */
export interface PositionLine {
  /** Instrument uid. */
  readonly instrument: string;
  readonly ticker: string;
  /** Signed whole lots. */
  readonly lots: number;
  readonly averagePrice: number;
  readonly lastPrice: number;
  readonly marketValue: number;
  readonly unrealizedPnl: number;
}

/** One order not yet filled, cancelled or rejected. */
export interface OrderLine {
  readonly id: string;
  readonly strategy: string;
  readonly instrument: string;
  readonly ticker: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly lots: number;
  readonly filledLots: number;
  readonly limitPrice?: number | undefined;
  readonly status: OrderStatus;
  /** UTC epoch ms. */
  readonly createdAt: number;
}

/** Profit and loss of the run, in RUB. */
export interface PnlSummary {
  readonly equity: number;
  readonly initialCash: number;
  /** equity − initial cash. */
  readonly total: number;
  /** equity − equity at the start of the Moscow day. */
  readonly today: number;
  readonly realized: number;
  readonly unrealized: number;
  /** Commissions paid, already inside the figures above. */
  readonly commission: number;
}

/** The operator's handle on a running session. */
export interface OperatorDesk {
  status(): RunStatus;
  positions(): readonly PositionLine[];
  openOrders(): readonly OrderLine[];
  pnl(): PnlSummary;
  /** Carries out an action; `reason` is recorded as the trading-state reason. */
  act(action: OperatorAction, reason: string): CommandOutcome;
}
