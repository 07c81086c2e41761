/**
 * Strategy state across restarts: a strategy that implements `snapshot()` has it saved
 * after every live bar and at stop, and handed back to `restore()` at the next start.
 * A snapshot that fails either way is logged and the strategy starts fresh: its
 * indicators also rebuild from the warm-up history.
 * @module
 */
import type { Logger } from '../contracts/services.js';
import type { StrategyRunner } from '../engine/StrategyRunner.js';
import type { JsonValue, StateStore } from '../state/StateStore.js';
import type { SerialWriter } from './SerialWriter.js';

/** Gives each strategy its saved state; returns the names restored. */
export async function restoreStrategies(
  store: StateStore,
  runners: readonly StrategyRunner[],
  logger: Logger,
): Promise<string[]> {
  const saved = new Map((await store.loadSnapshots('strategy')).map((s) => [s.name, s.data]));
  const restored: string[] = [];
  for (const runner of runners) {
    const data = saved.get(runner.name);
    if (data === undefined || runner.strategy.restore === undefined) continue;
    try {
      runner.strategy.restore(data);
      restored.push(runner.name);
    } catch (error) {
      logger.warn(
        { event: 'StrategyRestoreFailed', plugin: `strategy:${runner.name}`, err: String(error) },
        `strategy ${runner.name} could not restore its saved state; it starts fresh`,
      );
    }
  }
  return restored;
}

/** Each strategy's current state, as JSON values, for those that keep one. */
export function strategySnapshots(
  runners: readonly StrategyRunner[],
  logger: Logger,
): { name: string; data: JsonValue }[] {
  const snapshots: { name: string; data: JsonValue }[] = [];
  for (const runner of runners) {
    if (runner.strategy.snapshot === undefined || runner.status === 'failed') continue;
    try {
      // Through JSON, so what is saved is exactly what a restart will read.
      const text = JSON.stringify(runner.strategy.snapshot());
      if (text !== undefined) snapshots.push({ name: runner.name, data: JSON.parse(text) });
    } catch (error) {
      logger.warn(
        { event: 'StrategySnapshotFailed', plugin: `strategy:${runner.name}`, err: String(error) },
        `strategy ${runner.name} state could not be saved: ${String(error)}`,
      );
    }
  }
  return snapshots;
}

/** Saves every strategy's state through the session's serial writer. */
export function saveStrategies(
  store: StateStore,
  runners: readonly StrategyRunner[],
  logger: Logger,
  time: number,
  writer: SerialWriter,
): void {
  for (const { name, data } of strategySnapshots(runners, logger)) {
    writer.post(`save strategy ${name}`, () =>
      store.saveSnapshot({ scope: 'strategy', name, data, time }),
    );
  }
}
