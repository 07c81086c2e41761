/**
 * One DI container per run. A backtest and a live run differ only in the clock,
 * broker (and the feed the driver reads): everything else resolves the same way.
 * @module
 */

import { AlertRouter } from '../alerts/AlertRouter.js';
import type { RiskLimits } from '../config/schema.js';
import type { Broker } from '../contracts/broker.js';
import type { Clock, Logger } from '../contracts/services.js';
import type { Instrument } from '../domain/instrument.js';
import { Portfolio } from '../domain/portfolio.js';
import { Engine } from '../engine/Engine.js';
import { ExecutionEngine } from '../engine/ExecutionEngine.js';
import { OrderTracker } from '../engine/OrderTracker.js';
import { RiskEngine } from '../engine/RiskEngine.js';
import { TradingState } from '../engine/TradingState.js';
import { EngineMetrics } from '../observability/metrics.js';
import { type EngineSettings, Tokens } from './tokens.js';
import { container, type DependencyContainer } from './tsyringe.js';

/** The bindings that make a run what it is. */
export interface RunBindings {
  readonly clock: Clock;
  readonly broker: Broker;
  readonly brokerName: string;
  readonly logger: Logger;
  readonly instruments: readonly Instrument[];
  readonly initialCash: number;
  readonly riskLimits: RiskLimits;
  readonly engine?: Partial<EngineSettings>;
  readonly metrics?: EngineMetrics;
  /** Prefix of numbered order ids (`o-1`, …). */
  readonly orderIdPrefix?: string;
  /** Order ids from a generator instead (live runs: UUIDs, the venue's idempotency keys). */
  readonly newOrderId?: () => string;
  /** The ledger to start from (restored from the state store); else fresh with `initialCash`. */
  readonly portfolio?: Portfolio;
}

/**
 * Creates the container of one run with every core service registered.
 * @example
 * const run = createRunContainer({ clock, broker, brokerName: 'simulated', logger, instruments,
 *   initialCash: 1_000_000, riskLimits: { onExposureBreach: 'resize' } });
 * const engine = run.resolve(Engine);
 */
export function createRunContainer(bindings: RunBindings): DependencyContainer {
  const run = container.createChildContainer();
  run.register(Tokens.Clock, { useValue: bindings.clock });
  run.register(Tokens.Logger, { useValue: bindings.logger });
  run.register(Tokens.Metrics, { useValue: bindings.metrics ?? new EngineMetrics() });
  run.register(Tokens.Broker, { useValue: bindings.broker });
  run.register(Tokens.BrokerName, { useValue: bindings.brokerName });
  run.register(Tokens.Instruments, { useValue: bindings.instruments });
  run.register(Tokens.Portfolio, {
    useValue: bindings.portfolio ?? new Portfolio(bindings.initialCash, bindings.instruments),
  });
  run.register(Tokens.RiskLimits, { useValue: bindings.riskLimits });
  run.register(Tokens.EngineSettings, { useValue: { historySize: 500, ...bindings.engine } });
  run.register(OrderTracker, {
    useValue: new OrderTracker(bindings.newOrderId ?? bindings.orderIdPrefix ?? 'o'),
  });
  run.registerSingleton(AlertRouter);
  run.register(Tokens.Alerts, { useToken: AlertRouter });
  run.registerSingleton(TradingState);
  run.registerSingleton(RiskEngine);
  run.registerSingleton(ExecutionEngine);
  run.registerSingleton(Engine);
  return run;
}
