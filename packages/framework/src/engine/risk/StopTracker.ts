/**
 * Per-position stop-loss and trailing stop. Levels follow the position's average
 * price and its best price since entry; a bar that trades through a level yields one
 * market exit for the whole position (never a second while the first is open).
 * @module
 */
import type { Bar } from '../../domain/bar.js';
import type { OrderReason } from '../../domain/order.js';
import type { PositionBook } from '../../domain/positionBook.js';

export interface StopSettings {
  readonly stopLossPercent?: number | undefined;
  readonly trailingStopPercent?: number | undefined;
}

/** An exit the stop tracker asks for. */
export interface StopExit {
  readonly instrument: string;
  readonly reason: Extract<OrderReason, 'stop-loss' | 'trailing-stop'>;
  readonly level: number;
}

interface StopState {
  /** Best price since entry: highest high when long, lowest low when short. */
  extreme: number;
  /** Sign of the position the extreme belongs to. */
  direction: number;
}

export class StopTracker {
  private readonly states = new Map<string, StopState>();
  /** The state found last, with its instrument: bars of one instrument come in runs. */
  private lastInstrument: string | undefined;
  private lastState: StopState | undefined;

  /** Whether any stop is configured (read on every bar, so computed once). */
  readonly enabled: boolean;
  /**
   * The level factors, `1 ∓ percent / 100`, computed once rather than on every bar (the
   * same operations, so the same doubles); `has…` tells whether that stop is set.
   */
  private readonly hasStop: boolean;
  private readonly stopBelow: number;
  private readonly stopAbove: number;
  private readonly hasTrail: boolean;
  private readonly trailBelow: number;
  private readonly trailAbove: number;

  constructor(settings: StopSettings) {
    const { stopLossPercent, trailingStopPercent } = settings;
    this.enabled = stopLossPercent !== undefined || trailingStopPercent !== undefined;
    this.hasStop = stopLossPercent !== undefined;
    this.stopBelow = stopLossPercent === undefined ? Number.NaN : 1 - stopLossPercent / 100;
    this.stopAbove = stopLossPercent === undefined ? Number.NaN : 1 + stopLossPercent / 100;
    this.hasTrail = trailingStopPercent !== undefined;
    this.trailBelow =
      trailingStopPercent === undefined ? Number.NaN : 1 - trailingStopPercent / 100;
    this.trailAbove =
      trailingStopPercent === undefined ? Number.NaN : 1 + trailingStopPercent / 100;
  }

  /**
   * Checks a bar against the position's stops; returns the exit to send, if any. Runs on
   * every bar with a position, so the work of a bar that hits nothing is kept apart from
   * the rare work (a new position, a hit) and small enough for V8 to inline.
   */
  onBar(bar: Bar, book: PositionBook): StopExit | undefined {
    const direction = Math.sign(book.quantity);
    const state = this.stateOf(bar.instrument);
    if (state.direction !== direction) this.enter(state, book, direction);
    if (direction > 0) return this.checkLong(bar, book, state);
    return direction < 0 ? this.checkShort(bar, book, state) : undefined;
  }

  /**
   * A new position (or a flip) starts from its own average price. The state object is
   * reused rather than replaced: a map entry per round trip would churn the table.
   */
  private enter(state: StopState, book: PositionBook, direction: number): void {
    state.extreme = book.averagePrice;
    state.direction = direction;
  }

  private checkLong(bar: Bar, book: PositionBook, state: StopState): StopExit | undefined {
    state.extreme = Math.max(state.extreme, bar.high);
    const stop = this.hasStop ? book.averagePrice * this.stopBelow : -Infinity;
    const trail = this.hasTrail ? state.extreme * this.trailBelow : -Infinity;
    // The higher level is hit first by a falling price.
    const level = Math.max(stop, trail);
    if (!(bar.low <= level)) return undefined;
    return exitAt(bar, stop >= trail ? 'stop-loss' : 'trailing-stop', level);
  }

  private checkShort(bar: Bar, book: PositionBook, state: StopState): StopExit | undefined {
    state.extreme = Math.min(state.extreme, bar.low);
    const stop = this.hasStop ? book.averagePrice * this.stopAbove : Infinity;
    const trail = this.hasTrail ? state.extreme * this.trailAbove : Infinity;
    const level = Math.min(stop, trail);
    if (!(bar.high >= level)) return undefined;
    return exitAt(bar, stop <= trail ? 'stop-loss' : 'trailing-stop', level);
  }

  private stateOf(instrument: string): StopState {
    return this.lastInstrument === instrument ? this.lastState! : this.findState(instrument);
  }

  private findState(instrument: string): StopState {
    let state = this.states.get(instrument);
    if (state === undefined) {
      state = { extreme: Number.NaN, direction: 0 };
      this.states.set(instrument, state);
    }
    this.lastInstrument = instrument;
    this.lastState = state;
    return state;
  }

  /** Forgets an instrument's extreme (after the position closes or flips). */
  reset(instrument: string): void {
    const state = this.states.get(instrument);
    if (state !== undefined) state.direction = 0;
  }
}

/** The exit a hit level asks for: built only then, since most bars hit nothing. */
function exitAt(bar: Bar, reason: StopExit['reason'], level: number): StopExit {
  return { instrument: bar.instrument, reason, level };
}
