/**
 * Services the host hands to every plugin: a clock and a logger. Declared here as
 * plain interfaces so that contracts carry no runtime dependency.
 * @module
 */

/** Cancels a scheduled timer. */
export type CancelTimer = () => void;

/**
 * Time as the run sees it: simulated in backtests (advanced by bars), wall time live.
 * Code that needs "now" asks the clock, never `Date.now()`, so that a live session
 * replays identically through the backtester.
 */
export interface Clock {
  /** Current time, UTC epoch milliseconds. */
  now(): number;
  /** Calls `callback` once the clock reaches `at` (UTC epoch ms). */
  setTimer(at: number, callback: () => void): CancelTimer;
}

/** Structured logger (pino-compatible subset). */
export interface Logger {
  trace(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
  /** Whether a level would be written; lets hot paths skip building log arguments. */
  isLevelEnabled?(level: string): boolean;
}

/** Trading states of the risk gate. */
export type TradingStateName = 'active' | 'reducing' | 'halted';

/** Operator-level controls a risk plugin may use. */
export interface TradingControl {
  readonly state: TradingStateName;
  /** Stops all new orders except exits that reduce exposure. */
  halt(reason: string): void;
  /** Allows only orders that reduce exposure. */
  reduce(reason: string): void;
  /**
   * Lifts the hold placed with `reason` by this same code: trading resumes only when no
   * other hold (an operator's, another rule's) remains.
   */
  release(reason: string): void;
}
