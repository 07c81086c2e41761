/**
 * Runs one strategy instance through its lifecycle:
 * created → warming-up → running ⇄ paused → stopped, and failed from any live state.
 * Every call into the strategy is guarded, so one strategy's exception stops that
 * strategy alone; it is logged with the plugin and hook, counted and alerted.
 * @module
 */
import type { AlertSink } from '../contracts/alert.js';
import type { Strategy } from '../contracts/define.js';
import type { Logger } from '../contracts/services.js';
import type { SignalOutput } from '../contracts/signal.js';
import type { Bar } from '../domain/bar.js';
import type { Fill } from '../domain/order.js';
import { MoexBotError } from '../errors.js';
import type { EngineMetrics } from '../observability/metrics.js';

export type StrategyStatus = 'created' | 'warming-up' | 'running' | 'paused' | 'stopped' | 'failed';

/** Legal next states of each lifecycle state. */
export const STRATEGY_TRANSITIONS: Readonly<Record<StrategyStatus, readonly StrategyStatus[]>> = {
  created: ['warming-up', 'running', 'stopped', 'failed'],
  'warming-up': ['running', 'paused', 'stopped', 'failed'],
  running: ['paused', 'stopped', 'failed'],
  paused: ['running', 'stopped', 'failed'],
  stopped: [],
  failed: [],
};

export interface StrategyRunnerDeps {
  readonly logger: Logger;
  readonly metrics: EngineMetrics;
  readonly alerts: AlertSink;
}

export class StrategyRunner {
  private current: StrategyStatus = 'created';
  private readonly warmupCounts: Map<string, number>;
  private readonly warmup: number;
  /** The error that failed the strategy, if it failed. */
  failure: string | undefined;

  constructor(
    readonly name: string,
    readonly strategy: Strategy,
    readonly instruments: readonly string[],
    private readonly deps: StrategyRunnerDeps,
  ) {
    this.warmup = Math.max(0, Math.floor(strategy.warmup ?? 0));
    this.warmupCounts = new Map(instruments.map((uid) => [uid, 0]));
  }

  get status(): StrategyStatus {
    return this.current;
  }

  /** Starts the strategy: warming up when it asked for warm-up bars, else running. */
  start(): void {
    this.transition(this.warmup > 0 ? 'warming-up' : 'running');
    this.guard('onStart', () => this.strategy.onStart?.());
  }

  /** Feeds a bar; returns signals only while running (paused strategies keep their indicators warm). */
  onBar(bar: Bar): SignalOutput {
    const status = this.current;
    // Running is the state of nearly every bar: it passes with one comparison.
    if (status !== 'running') {
      if (status === 'warming-up') this.countWarmup(bar.instrument);
      else if (status !== 'paused') return undefined;
    }
    const output = this.feed(bar);
    return this.current === 'running' && status !== 'warming-up' ? output : undefined;
  }

  onFill(fill: Fill): void {
    if (this.current === 'failed' || this.current === 'stopped' || !this.strategy.onFill) return;
    try {
      this.strategy.onFill(fill);
    } catch (error) {
      this.fail('onFill', error);
    }
  }

  pause(): void {
    this.transition('paused');
  }

  resume(): void {
    this.transition('running');
  }

  stop(): void {
    if (this.current === 'stopped' || this.current === 'failed') return;
    this.transition('stopped');
    this.guard('onStop', () => this.strategy.onStop?.());
  }

  private countWarmup(instrument: string): void {
    const seen = (this.warmupCounts.get(instrument) ?? 0) + 1;
    this.warmupCounts.set(instrument, seen);
    for (const count of this.warmupCounts.values()) if (count < this.warmup) return;
    this.transition('running');
  }

  /**
   * Calls the strategy's `onBar`, failing the strategy if it throws. The guard is written
   * out here rather than through `guard()`: a closure per bar would be the engine's only
   * allocation on bars that trade nothing.
   */
  private feed(bar: Bar): SignalOutput {
    try {
      return this.strategy.onBar(bar);
    } catch (error) {
      this.fail('onBar', error);
      return undefined;
    }
  }

  private transition(to: StrategyStatus): void {
    if (!STRATEGY_TRANSITIONS[this.current].includes(to)) {
      throw new MoexBotError(
        'STRATEGY_ILLEGAL_TRANSITION',
        `strategy ${this.name}: ${this.current} → ${to} is not allowed`,
      );
    }
    this.current = to;
  }

  private guard<T>(hook: string, call: () => T): T | undefined {
    try {
      return call();
    } catch (error) {
      this.fail(hook, error);
      return undefined;
    }
  }

  private fail(hook: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.failure = `${hook}: ${message}`;
    if (this.current !== 'failed' && this.current !== 'stopped') this.current = 'failed';
    const plugin = `strategy:${this.name}`;
    this.deps.metrics.count(this.deps.metrics.strategyFailures, this.name);
    this.deps.logger.error(
      {
        event: 'StrategyFailed',
        plugin,
        hook,
        err: error instanceof Error ? { message, stack: error.stack } : message,
      },
      `${plugin} ${hook} threw: ${message}; the strategy is stopped, others go on`,
    );
    this.deps.alerts.raise({
      severity: 'critical',
      type: 'strategy.failed',
      message: `${plugin} failed in ${hook}: ${message}`,
      context: { strategy: this.name, hook },
    });
  }
}
