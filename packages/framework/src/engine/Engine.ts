/**
 * The Engine: the one bar → signal → risk → order path shared by backtests, paper
 * and live runs. It knows nothing of where bars come from or where orders go; the
 * clock, the feed and the broker are bound by whoever builds the run.
 * @module
 */

import type { AlertSink } from '../contracts/alert.js';
import type { Broker } from '../contracts/broker.js';
import type { Clock, Logger } from '../contracts/services.js';
import type { Signal, SignalOutput } from '../contracts/signal.js';
import { type EngineSettings, Tokens } from '../di/tokens.js';
import { inject, injectable } from '../di/tsyringe.js';
import type { Bar, BarHistory } from '../domain/bar.js';
import { HOST_ORDERS, type Order, type OrderIntent } from '../domain/order.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { PositionBook } from '../domain/positionBook.js';
import type { EngineMetrics } from '../observability/metrics.js';
import { BarRing } from './BarRing.js';
import { ExecutionEngine } from './ExecutionEngine.js';
import { OrderTracker } from './OrderTracker.js';
import { RiskEngine } from './RiskEngine.js';
import type { StrategyRunner } from './StrategyRunner.js';
import { sizeSignal } from './sizing.js';
import { TradingState } from './TradingState.js';

/** What the engine keeps per instrument, found with one map lookup per bar. */
interface InstrumentSlot {
  readonly uid: string;
  readonly book: PositionBook;
  readonly history: BarRing;
  readonly runners: StrategyRunner[];
}

const EMPTY_HISTORY: BarHistory = { length: 0, at: () => undefined };

@injectable()
export class Engine {
  private readonly slots = new Map<string, InstrumentSlot>();
  /** The slot of the last bar: bars of one instrument often follow each other. */
  private lastSlot: InstrumentSlot | undefined;
  private readonly runners: StrategyRunner[] = [];
  private readonly byName = new Map<string, StrategyRunner>();
  private readonly allowed = new Map<StrategyRunner, ReadonlySet<string>>();
  private readonly hasBrokerOnBar: boolean;

  constructor(
    @inject(Tokens.Portfolio) readonly portfolio: Portfolio,
    @inject(RiskEngine) readonly risk: RiskEngine,
    @inject(ExecutionEngine) readonly execution: ExecutionEngine,
    @inject(OrderTracker) readonly orders: OrderTracker,
    @inject(TradingState) readonly trading: TradingState,
    @inject(Tokens.Broker) private readonly broker: Broker,
    @inject(Tokens.Logger) private readonly logger: Logger,
    @inject(Tokens.Metrics) private readonly metrics: EngineMetrics,
    @inject(Tokens.Alerts) readonly alerts: AlertSink,
    @inject(Tokens.Clock) readonly clock: Clock,
    @inject(Tokens.EngineSettings) settings: EngineSettings,
  ) {
    for (const book of portfolio.allBooks()) {
      this.slots.set(book.instrument.uid, {
        uid: book.instrument.uid,
        book,
        history: new BarRing(settings.historySize),
        runners: [],
      });
    }
    this.hasBrokerOnBar = typeof broker.onBar === 'function';
    execution.addListener({
      onFill: (fill) => {
        this.risk.onFill(fill);
        this.byName.get(fill.strategyId)?.onFill(fill);
      },
    });
    // The gate judges new orders only; working ones would still fill. Halting cancels
    // every strategy order; reducing cancels those that could add exposure.
    trading.onChange((change) => {
      if (change.to === 'halted') this.execution.cancelAll((order) => order.reason === 'signal');
      if (change.to === 'reducing') {
        for (const order of this.ordersThatCouldAdd()) this.execution.cancel(order.id);
      }
    });
  }

  /** Registers a strategy runner for its instruments. */
  addStrategy(runner: StrategyRunner): void {
    // Fills and metrics are attributed by name: two instances with one name would mix.
    if (this.byName.has(runner.name)) {
      throw new Error(
        `two strategies are named ${runner.name}; give each instance its own \`name\``,
      );
    }
    this.runners.push(runner);
    this.byName.set(runner.name, runner);
    this.allowed.set(runner, new Set(runner.instruments));
    for (const uid of runner.instruments) this.slot(uid).runners.push(runner);
  }

  /** Strategy runners, in the order added. */
  strategies(): readonly StrategyRunner[] {
    return this.runners;
  }

  /** Recent bars of an instrument, newest first. */
  history(instrument: string): BarHistory {
    return this.slots.get(instrument)?.history ?? EMPTY_HISTORY;
  }

  /** Connects the broker and starts risk tracking and strategies. Call after the clock is set. */
  async start(): Promise<void> {
    await this.execution.connect();
    this.risk.start();
    for (const runner of this.runners) runner.start();
  }

  /** Processes one bar. The hot path: no allocation unless something trades. */
  onBar(bar: Bar): void {
    let slot = this.lastSlot;
    if (slot === undefined || slot.uid !== bar.instrument) {
      slot = this.slots.get(bar.instrument);
      if (slot === undefined) return;
      this.lastSlot = slot;
    }
    this.metrics.barsProcessed++;
    // Resting orders first meet this bar (fills at its open), then the bar is marked.
    if (this.hasBrokerOnBar) this.broker.onBar!(bar);
    this.portfolio.markBook(slot.book, bar.close);
    slot.history.push(bar);
    const exit = this.risk.onBar(bar, slot.book);
    if (exit !== undefined) this.submit(exit);
    const runners = slot.runners;
    for (let i = 0; i < runners.length; i++) {
      const runner = runners[i]!;
      const output = runner.onBar(bar);
      if (output !== undefined) this.handleSignals(runner, output, bar.time);
    }
  }

  /**
   * Feeds a bar of history before a live session trades: strategies and the book's mark
   * see it, but nothing is matched, no stop fires and signals are dropped, since the
   * moment they were meant for has passed.
   */
  warmUp(bar: Bar): void {
    const slot = this.slots.get(bar.instrument);
    if (slot === undefined) return;
    this.portfolio.markBook(slot.book, bar.close);
    slot.history.push(bar);
    for (const runner of slot.runners) runner.onBar(bar);
  }

  /** Sends an intent through risk and, when approved, to the broker. */
  submit(intent: OrderIntent): boolean {
    const verdict = this.risk.check(intent);
    if (!verdict.approved) return false;
    this.execution.submit(intent, verdict.lots);
    return true;
  }

  /** Cancels every open order and closes every position at market (reason `flatten`). */
  flatten(time: number): void {
    this.execution.cancelAll();
    for (const book of this.portfolio.openBooks()) {
      const lots = Math.abs(book.quantity / book.instrument.lot);
      this.submit({
        strategyId: HOST_ORDERS.operator,
        instrument: book.instrument.uid,
        side: book.quantity > 0 ? 'sell' : 'buy',
        lots,
        type: 'market',
        reason: 'flatten',
        time,
      });
    }
  }

  /**
   * Strategy orders that, if they and every order before them on the same side filled,
   * could leave |position| larger than now: every order on a flat instrument or in the
   * position's direction, and on the reducing side whatever goes beyond the position
   * (the host's own exits count first, as they stay).
   */
  private ordersThatCouldAdd(): Order[] {
    const open = this.orders.openOrders();
    const reducedSoFar = new Map<string, number>();
    for (const order of open) {
      if (order.reason !== 'signal') {
        reducedSoFar.set(
          order.instrument,
          (reducedSoFar.get(order.instrument) ?? 0) + order.lots - order.filledLots,
        );
      }
    }
    const cancel: Order[] = [];
    for (const order of open) {
      if (order.reason !== 'signal') continue;
      const book = this.portfolio.book(order.instrument);
      const position = book.quantity / book.instrument.lot;
      const direction = order.side === 'buy' ? 1 : -1;
      const reduced = (reducedSoFar.get(order.instrument) ?? 0) + order.lots - order.filledLots;
      if (Math.sign(position) !== -direction || reduced > Math.abs(position)) {
        cancel.push(order);
        continue;
      }
      reducedSoFar.set(order.instrument, reduced);
    }
    return cancel;
  }

  /** Stops every strategy. */
  stop(): void {
    for (const runner of this.runners) runner.stop();
  }

  private handleSignals(runner: StrategyRunner, output: SignalOutput, time: number): void {
    if (output === undefined || output === null) return;
    if (Array.isArray(output)) {
      for (const signal of output as readonly Signal[]) this.handleSignal(runner, signal, time);
    } else {
      this.handleSignal(runner, output as Signal, time);
    }
  }

  private handleSignal(runner: StrategyRunner, signal: Signal, time: number): void {
    const sized = sizeSignal(
      signal,
      runner.name,
      this.allowed.get(runner)!,
      this.portfolio,
      this.orders,
      time,
    );
    if (sized === undefined) return;
    if ('code' in sized) {
      this.metrics.count(this.metrics.riskDenials, sized.code);
      this.logger.warn(
        { event: 'SignalDropped', plugin: `strategy:${runner.name}`, code: sized.code },
        sized.message,
      );
      return;
    }
    this.submit(sized);
  }

  private slot(uid: string): InstrumentSlot {
    const slot = this.slots.get(uid);
    if (!slot) throw new Error(`instrument ${uid} is not part of this run`);
    return slot;
  }
}
