/**
 * Composes a backtest from plugin definitions already in hand: the layer under
 * `runBacktest` (which finds plugins from a config) and the one the test kit and
 * benchmarks use directly.
 * @module
 */

import type { AlertRouter } from '../alerts/AlertRouter.js';
import { AlertRouter as AlertRouterClass } from '../alerts/AlertRouter.js';
import { type RiskLimits, RiskLimitsSchema } from '../config/schema.js';
import type {
  ContextOf,
  PluginDefinition,
  PluginKind,
  StrategyContext,
} from '../contracts/define.js';
import type { Logger } from '../contracts/services.js';
import { createRunContainer } from '../di/createRunContainer.js';
import { resolve, Tokens } from '../di/tokens.js';
import type { DependencyContainer } from '../di/tsyringe.js';
import type { Instrument } from '../domain/instrument.js';
import { Engine } from '../engine/Engine.js';
import { SimulatedClock } from '../engine/SimulatedClock.js';
import { StrategyRunner } from '../engine/StrategyRunner.js';
import type { TradingState } from '../engine/TradingState.js';
import { silentLogger } from '../observability/logger.js';
import { EngineMetrics } from '../observability/metrics.js';
import { assertNoProblems, createPluginInstance, validateParams } from '../plugins/instantiate.js';
import { builtinPlugin } from '../plugins/loadPlugins.js';
import { attachAccount, simulatedBroker } from '../sim/simulatedBrokerPlugin.js';
import { BacktestRecorder } from './BacktestRecorder.js';

/** A plugin definition with the operator's parameters and instance name. */
export interface PluginSetup<K extends PluginKind> {
  readonly definition: PluginDefinition<K>;
  /** Raw parameters; validated with the plugin's schema. */
  readonly params?: unknown;
  /** Instance name; defaults to the plugin id. */
  readonly name?: string;
  /** Where the parameters came from, for error messages (e.g. `strategies[0]`). */
  readonly path?: string;
}

export interface StrategySetup extends PluginSetup<'strategy'> {
  /** Uids of the instruments the strategy trades. */
  readonly instruments: readonly string[];
}

export interface BacktestSetup {
  readonly instruments: readonly Instrument[];
  readonly strategies: readonly StrategySetup[];
  readonly riskLimits?: Partial<RiskLimits>;
  readonly riskPlugins?: readonly PluginSetup<'risk'>[];
  /** Defaults to the built-in simulated broker with default parameters. */
  readonly broker?: PluginSetup<'broker'>;
  readonly alerts?: readonly PluginSetup<'alert'>[];
  readonly initialCash?: number;
  readonly historySize?: number;
  readonly logger?: Logger;
  readonly metrics?: EngineMetrics;
}

/** A composed, not yet started, backtest. */
export interface ComposedBacktest {
  readonly container: DependencyContainer;
  readonly engine: Engine;
  readonly clock: SimulatedClock;
  readonly recorder: BacktestRecorder;
  readonly alerts: AlertRouter;
  readonly metrics: EngineMetrics;
  readonly trading: TradingState;
}

/**
 * Validates plugin parameters and wires one run: container, engine, plugins
 * (each created in its own child container with its own child logger).
 */
export async function createBacktest(setup: BacktestSetup): Promise<ComposedBacktest> {
  const logger = setup.logger ?? silentLogger();
  const metrics = setup.metrics ?? new EngineMetrics();
  const clock = new SimulatedClock();
  const instruments = setup.instruments;
  const brokerSetup = setup.broker ?? { definition: simulatedBroker, params: {} };
  const brokerName = brokerSetup.name ?? brokerSetup.definition.id;

  // The broker exists before the container, which binds it.
  const brokerParams = parseParams(brokerSetup, 'broker');
  const broker = await create(brokerSetup, brokerParams, {
    name: brokerName,
    clock,
    logger: logger.child({ plugin: `broker:${brokerName}` }),
    // The router is created with the container, after the broker: reach it lazily.
    alerts: { raise: (alert) => container.resolve(AlertRouterClass).raise(alert) },
    instruments,
    mode: 'backtest',
    // The trading state, too, belongs to the engine built after the broker.
    trading: {
      get state() {
        return engine.trading.state;
      },
      halt: (reason) => engine.trading.halt(reason),
      reduce: (reason) => engine.trading.reduce(reason),
      release: (reason) => engine.trading.release(reason),
    },
    dataDir: undefined,
  });
  const container = createRunContainer({
    clock,
    broker,
    brokerName,
    logger,
    metrics,
    instruments,
    initialCash: setup.initialCash ?? 1_000_000,
    riskLimits: RiskLimitsSchema.parse(setup.riskLimits ?? {}),
    engine: setup.historySize === undefined ? {} : { historySize: setup.historySize },
  });
  const engine = container.resolve(Engine);
  const alerts = container.resolve(AlertRouterClass);
  const portfolio = resolve(container, Tokens.Portfolio);
  attachAccount(broker, {
    cashNanos: () => portfolio.cashNanos,
    position: (uid) => portfolio.book(uid).quantity,
  });

  for (const alert of setup.alerts ?? []) {
    const name = alert.name ?? alert.definition.id;
    const scope = pluginScope(container, logger, `alert:${name}`);
    const channel = await create(alert, parseParams(alert, 'alert'), {
      name,
      clock,
      logger: scope.logger,
      alerts,
    });
    alerts.addChannel({ name, channel });
  }

  for (const risk of setup.riskPlugins ?? []) {
    const name = risk.name ?? risk.definition.id;
    const scope = pluginScope(container, logger, `risk:${name}`);
    const rule = await create(risk, parseParams(risk, 'risk'), {
      name,
      clock,
      logger: scope.logger,
      alerts,
      portfolio,
      trading: engine.trading,
      instruments,
      openOrders: () => engine.orders.openOrders(),
      reducibleLots: (instrument, side) => engine.risk.reducibleLots(instrument, side),
    });
    engine.risk.addRule({ name, rule });
  }

  for (const strategy of setup.strategies) {
    const name = strategy.name ?? strategy.definition.id;
    const scope = pluginScope(container, logger, `strategy:${name}`);
    const own = strategy.instruments.map((uid) => {
      const instrument = instruments.find((i) => i.uid === uid);
      if (!instrument) throw new Error(`strategy ${name}: instrument ${uid} is not configured`);
      return instrument;
    });
    const context: StrategyContext = {
      name,
      clock,
      logger: scope.logger,
      alerts,
      instruments: own,
      portfolio,
      history: (uid) => engine.history(uid),
      openOrders: () => engine.orders.openOrders(name),
    };
    const instance = await create(strategy, parseParams(strategy, 'strategy'), context);
    engine.addStrategy(
      new StrategyRunner(name, instance, strategy.instruments, {
        logger: scope.logger,
        metrics,
        alerts,
      }),
    );
  }

  const recorder = new BacktestRecorder(portfolio);
  engine.execution.addListener(recorder);
  return { container, engine, clock, recorder, alerts, metrics, trading: engine.trading };
}

/**
 * Each plugin's services are resolved from a child container of its own, today its
 * child logger; services bound per plugin later (a state namespace, a rate limiter) go
 * there without touching the run's container or another plugin's.
 */
function pluginScope(run: DependencyContainer, logger: Logger, plugin: string): { logger: Logger } {
  const scope = run.createChildContainer();
  scope.register(Tokens.Logger, { useValue: logger.child({ plugin }) });
  return { logger: resolve(scope, Tokens.Logger) };
}

/** Validates a setup's raw parameters with the plugin's schema; all problems in one error. */
function parseParams<K extends PluginKind>(setup: PluginSetup<K>, kind: K): unknown {
  const where = setup.path ?? `${kind}:${setup.name ?? setup.definition.id}`;
  const result = validateParams(
    builtinPlugin(setup.definition),
    setup.params ?? {},
    `${where}.params`,
  );
  if (!result.ok)
    assertNoProblems(result.problems, `invalid parameters for ${kind}:${setup.definition.id}`);
  return result.ok ? result.value : undefined;
}

/** Calls a plugin's `create`, naming the plugin when it throws. */
function create<K extends PluginKind>(
  setup: PluginSetup<K>,
  params: unknown,
  context: ContextOf<K>,
) {
  return createPluginInstance(builtinPlugin(setup.definition), params, context);
}
