/**
 * The RiskEngine owns every order's way to the broker: trading-state gate, then
 * the built-in checks, then risk plugins in order. The first denial stops an intent.
 * It also watches bars for stop exits and the daily loss limit.
 * @module
 */

import type { RiskLimits } from '../config/schema.js';
import type { AlertSink } from '../contracts/alert.js';
import type { RiskRule } from '../contracts/define.js';
import { type DecisionContext, formatDecision } from '../contracts/risk.js';
import type { Clock, Logger } from '../contracts/services.js';
import { Tokens } from '../di/tokens.js';
import { inject, injectable } from '../di/tsyringe.js';
import type { Bar } from '../domain/bar.js';
import { toNanos } from '../domain/decimal.js';
import type { Fill, OrderIntent, Side } from '../domain/order.js';
import { HOST_ORDERS, sideSign } from '../domain/order.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { PositionBook } from '../domain/positionBook.js';
import { isOnGrid, stepNanos } from '../domain/priceGrid.js';
import type { EngineMetrics } from '../observability/metrics.js';
import { OrderTracker } from './OrderTracker.js';
import { DailyLossGuard } from './risk/DailyLossGuard.js';
import {
  grossExposureExcept,
  type LotsPicture,
  largestFeasibleLots,
  lotsPicture,
  type MutableLotsPicture,
  readLotsPicture,
  worstCaseLots,
} from './risk/exposure.js';
import { type StopExit, StopTracker } from './risk/StopTracker.js';
import { TradingState } from './TradingState.js';

/** The outcome of a risk check. */
export type RiskVerdict =
  | { readonly approved: true; readonly lots: number }
  | {
      readonly approved: false;
      readonly code: string;
      readonly context: DecisionContext;
      readonly rule: string;
    };

/** A risk plugin as the engine holds it: its instance name and hooks. */
export interface NamedRiskRule {
  readonly name: string;
  readonly rule: RiskRule;
}

/** The host's own exits (stops, flatten), which only ever reduce a position. */
function isExit(reason: string): boolean {
  return reason === 'stop-loss' || reason === 'trailing-stop' || reason === 'flatten';
}

@injectable()
export class RiskEngine {
  private readonly rules: NamedRiskRule[] = [];
  private readonly stops: StopTracker;
  private readonly dailyLoss: DailyLossGuard;
  private readonly steps = new Map<string, bigint>();
  /**
   * The lots picture `evaluate` reads, filled in again for every intent rather than
   * allocated: it is used only until the built-in checks are done, before any plugin runs.
   */
  private readonly picture: MutableLotsPicture = { position: 0, pendingBuy: 0, pendingSell: 0 };

  constructor(
    @inject(Tokens.RiskLimits) private readonly limits: RiskLimits,
    @inject(Tokens.Portfolio) private readonly portfolio: Portfolio,
    @inject(TradingState) private readonly trading: TradingState,
    @inject(OrderTracker) private readonly orders: OrderTracker,
    @inject(Tokens.Clock) clock: Clock,
    @inject(Tokens.Logger) private readonly logger: Logger,
    @inject(Tokens.Metrics) private readonly metrics: EngineMetrics,
    @inject(Tokens.Alerts) private readonly alerts: AlertSink,
  ) {
    this.stops = new StopTracker(limits);
    this.dailyLoss = new DailyLossGuard(limits, clock, trading, portfolio, (time) => {
      for (const { name, rule } of this.rules)
        this.guardHook(name, 'onDayStart', () => rule.onDayStart?.(time));
    });
    for (const book of portfolio.allBooks()) {
      this.steps.set(book.instrument.uid, stepNanos(book.instrument.minPriceIncrement));
    }
  }

  /** Adds a risk plugin; plugins run in the order added. */
  addRule(rule: NamedRiskRule): void {
    this.rules.push(rule);
  }

  /** Starts day tracking at the clock's current time. */
  start(): void {
    this.dailyLoss.start();
  }

  /** Lots an order on `side` may have and still only shrink the position (see `RiskContext`). */
  reducibleLots(instrument: string, side: Side): number {
    return reducibleLots(lotsPicture(this.portfolio, this.orders, instrument), side);
  }

  /** Equity at the start of the current Moscow day. */
  get dayStartEquity(): number {
    return this.dailyLoss.startEquity;
  }

  /** Whether the daily loss limit has tripped today. */
  get dailyLossTripped(): boolean {
    return this.dailyLoss.hasTripped;
  }

  /** Continues the Moscow day a previous process began (live restarts); call after `start`. */
  resumeDay(dayStartEquity: number, dailyLossTripped: boolean): void {
    this.dailyLoss.resumeDay(dayStartEquity, dailyLossTripped);
  }

  /**
   * Judges an intent. Returns the approved lots (possibly fewer than asked) or the
   * denial. Denials and resizes are logged and counted by rule code.
   */
  check(intent: OrderIntent): RiskVerdict {
    const verdict = this.evaluate(intent);
    if (!verdict.approved) {
      this.metrics.count(this.metrics.riskDenials, verdict.code);
      this.logger.info(
        {
          event: 'OrderDenied',
          rule: verdict.rule,
          strategy: intent.strategyId,
          instrument: intent.instrument,
        },
        formatDecision(verdict.code, verdict.context),
      );
    } else if (verdict.lots < intent.lots) {
      this.logger.info(
        { event: 'OrderResized', strategy: intent.strategyId, instrument: intent.instrument },
        `order resized from ${intent.lots} to ${verdict.lots} lots`,
      );
    }
    return verdict;
  }

  private evaluate(intent: OrderIntent): RiskVerdict {
    const picture = readLotsPicture(this.picture, this.portfolio, this.orders, intent.instrument);
    let lots = intent.lots;

    // 1. The trading-state gate. Worst case: every open order in the intent's
    //    direction fills, so "reducing" must hold for all of them together.
    if (this.trading.state !== 'active') {
      const reducible = reducibleLots(picture, intent.side);
      const halted = this.trading.state === 'halted';
      const allowed = reducible > 0 && (!halted || isExit(intent.reason));
      if (!allowed) {
        return deny(halted ? 'TRADING_HALTED' : 'TRADING_REDUCING_ONLY', 'trading-state', {
          state: this.trading.state,
          reason: this.trading.reason,
        });
      }
      lots = Math.min(lots, reducible);
    }

    // 2. Well-formed order.
    if (!Number.isInteger(lots) || lots <= 0)
      return deny('INVALID_QUANTITY', 'order', { lots: intent.lots });
    const book = this.portfolio.book(intent.instrument);
    if (intent.type === 'limit') {
      const step = this.steps.get(intent.instrument)!;
      if (intent.limitPrice === undefined || !isOnGrid(toNanos(intent.limitPrice), step)) {
        return deny('PRICE_OFF_GRID', 'order', {
          price: intent.limitPrice ?? 'missing',
          step: book.instrument.minPriceIncrement,
        });
      }
    }
    const last = book.last;
    if (!(last > 0)) return deny('NO_PRICE', 'order', { instrument: intent.instrument });
    const lotValue = book.instrument.lot * last;

    // Exits of the host itself (stops, flatten) only ever reduce: skip the caps.
    if (!isExit(intent.reason)) {
      const limits = this.limits;
      if (limits.maxOrderNotional !== undefined) {
        // The most the order can trade at: a buy never above its limit, but a sell limit
        // far below the market fills at the market, so a sell counts at least at `last`.
        const price =
          intent.limitPrice === undefined
            ? last
            : intent.side === 'buy'
              ? intent.limitPrice
              : Math.max(intent.limitPrice, last);
        const notional = lots * book.instrument.lot * price;
        if (notional > limits.maxOrderNotional) {
          return deny('ORDER_NOTIONAL_EXCEEDS_LIMIT', 'max-order-notional', {
            limit: limits.maxOrderNotional,
            notional: round2(notional),
          });
        }
      }
      if (limits.maxOpenOrders !== undefined && this.orders.openCount >= limits.maxOpenOrders) {
        return deny('OPEN_ORDERS_EXCEED_LIMIT', 'max-open-orders', {
          limit: limits.maxOpenOrders,
          open: this.orders.openCount,
        });
      }
      const capped = this.applyExposureCaps(intent, picture, lots, lotValue);
      if (!capped.approved) return capped;
      lots = capped.lots;
    }

    // 3. Risk plugins, in order, each seeing the lots approved so far.
    for (let i = 0; i < this.rules.length; i++) {
      const { name, rule } = this.rules[i]!;
      const judged = this.runRule(name, rule, lots === intent.lots ? intent : { ...intent, lots });
      if (judged.approved) {
        lots = Math.min(lots, judged.lots);
        continue;
      }
      return judged;
    }
    return { approved: true, lots };
  }

  private applyExposureCaps(
    intent: OrderIntent,
    picture: LotsPicture,
    wanted: number,
    lotValue: number,
  ): RiskVerdict {
    const { maxInstrumentExposure, maxGrossExposure, onExposureBreach } = this.limits;
    const side = intent.side;
    const own = worstCaseLots(picture, side, wanted) * lotValue;
    let lots = wanted;
    let binding: { code: string; rule: string; context: DecisionContext } | undefined;
    if (maxInstrumentExposure !== undefined) {
      const fit = largestFeasibleLots(lots, maxInstrumentExposure, picture, side, lotValue);
      if (fit < lots) {
        lots = fit;
        binding = {
          code: 'EXPOSURE_EXCEEDS_INSTRUMENT_LIMIT',
          rule: 'max-instrument-exposure',
          context: {
            instrument: intent.instrument,
            limit: maxInstrumentExposure,
            exposure: round2(own),
          },
        };
      }
    }
    if (maxGrossExposure !== undefined) {
      const others = grossExposureExcept(this.portfolio, this.orders, intent.instrument);
      const fit = largestFeasibleLots(lots, maxGrossExposure, picture, side, lotValue, others);
      if (fit < lots) {
        lots = fit;
        binding = {
          code: 'EXPOSURE_EXCEEDS_GROSS_LIMIT',
          rule: 'max-gross-exposure',
          context: { limit: maxGrossExposure, exposure: round2(others + own) },
        };
      }
    }
    if (binding && (onExposureBreach === 'deny' || lots === 0)) {
      return { approved: false, ...binding };
    }
    if (binding) this.metrics.count(this.metrics.riskResizes, binding.code);
    return { approved: true, lots };
  }

  /** Logs and alerts a risk plugin's exception, naming the plugin and the hook. */
  private ruleFailed(name: string, hook: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.logger.error(
      { event: 'RiskRuleFailed', plugin: `risk:${name}`, hook, err: message },
      message,
    );
    this.alerts.raise({
      severity: 'critical',
      type: 'risk.rule-failed',
      message: `risk:${name} ${hook} threw: ${message}`,
      context: { plugin: name, hook },
    });
  }

  /**
   * A risk plugin whose bar, fill or day hook threw may now hold wrong state, so its
   * later judgements cannot be trusted: trading halts until an operator looks.
   */
  private hookFailed(name: string, hook: string, error: unknown): void {
    this.ruleFailed(name, hook, error);
    this.trading.halt('RISK_RULE_FAILED');
  }

  private guardHook(name: string, hook: string, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.hookFailed(name, hook, error);
    }
  }

  private runRule(name: string, rule: RiskRule, intent: OrderIntent): RiskVerdict {
    let decision: ReturnType<RiskRule['check']>;
    try {
      decision = rule.check(intent);
    } catch (error) {
      // Fail closed: a risk rule that cannot judge must not let the order through.
      this.ruleFailed(name, 'check', error);
      return deny('RISK_RULE_FAILED', name, { plugin: name });
    }
    switch (decision.action) {
      case 'approve':
        return { approved: true, lots: intent.lots };
      case 'resize':
        if (Number.isInteger(decision.lots) && decision.lots > 0 && decision.lots <= intent.lots) {
          this.metrics.count(this.metrics.riskResizes, decision.code);
          return { approved: true, lots: decision.lots };
        }
        return deny(decision.code, name, { ...decision.context, resizeTo: decision.lots });
      case 'deny':
        return deny(decision.code, name, decision.context);
      case 'halt':
        this.trading.halt(decision.code);
        return deny(decision.code, name, decision.context);
    }
  }

  /**
   * Per bar: the daily loss check, risk plugins' `onBar`, and stop exits for the
   * bar's instrument (whose book the caller has in hand). Returns the exit to send, if a
   * stop was hit.
   *
   * Kept short, with the rare work (plugins, a hit stop) in functions of its own, so that
   * V8 inlines it into the engine's per-bar loop.
   */
  onBar(bar: Bar, book: PositionBook): OrderIntent | undefined {
    // Equity moves only with open positions (fills are checked in onFill).
    if (this.dailyLoss.enabled && this.portfolio.openPositionCount > 0) this.dailyLoss.check();
    if (this.rules.length > 0) this.rulesOnBar(bar);
    if (!this.stops.enabled || book.quantity === 0) return undefined;
    const exit = this.stops.onBar(bar, book);
    return exit === undefined ? undefined : this.stopExit(bar, exit);
  }

  /** Risk plugins' `onBar`, in order; a throw halts trading (see `hookFailed`). */
  private rulesOnBar(bar: Bar): void {
    for (let i = 0; i < this.rules.length; i++) {
      const { name, rule } = this.rules[i]!;
      if (rule.onBar === undefined) continue;
      try {
        rule.onBar(bar);
      } catch (error) {
        this.hookFailed(name, 'onBar', error);
      }
    }
  }

  /** The market exit for a hit stop, unless exits already working cover the position. */
  private stopExit(bar: Bar, exit: StopExit): OrderIntent | undefined {
    const picture = lotsPicture(this.portfolio, this.orders, bar.instrument);
    const side = picture.position > 0 ? 'sell' : 'buy';
    const lots = reducibleLots(picture, side);
    if (lots === 0) return undefined; // an exit is already on its way
    this.logger.info(
      {
        event: 'StopTriggered',
        instrument: bar.instrument,
        reason: exit.reason,
        level: exit.level,
      },
      `${exit.reason} hit on ${bar.instrument} at ${exit.level}`,
    );
    return {
      strategyId: HOST_ORDERS.risk,
      instrument: bar.instrument,
      side,
      lots,
      type: 'market',
      reason: exit.reason,
      time: bar.time,
    };
  }

  onFill(fill: Fill): void {
    if (this.portfolio.book(fill.instrument).quantity === 0) this.stops.reset(fill.instrument);
    // Guarded like `guardHook`, written out: a closure per rule and fill is not needed.
    for (let i = 0; i < this.rules.length; i++) {
      const { name, rule } = this.rules[i]!;
      if (rule.onFill === undefined) continue;
      try {
        rule.onFill(fill);
      } catch (error) {
        this.hookFailed(name, 'onFill', error);
      }
    }
    if (this.dailyLoss.enabled) this.dailyLoss.check();
  }
}

/**
 * Lots an order on `side` may have and still only reduce |position|, whichever of
 * the open orders on that side fill as well.
 */
function reducibleLots(
  p: { position: number; pendingBuy: number; pendingSell: number },
  side: 'buy' | 'sell',
): number {
  const direction = sideSign(side);
  if (Math.sign(p.position) !== -direction) return 0;
  const alreadyReducing = direction > 0 ? p.pendingBuy : p.pendingSell;
  return Math.max(0, Math.abs(p.position) - alreadyReducing);
}

function deny(code: string, rule: string, context: DecisionContext): RiskVerdict {
  return { approved: false, code, rule, context };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
