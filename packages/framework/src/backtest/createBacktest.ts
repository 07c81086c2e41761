/**
 * Composes a backtest from plugin definitions already in hand: the layer under
 * `runBacktest` (which finds plugins from a config) and the one the test kit and
 * benchmarks use directly.
 * @module
 */

import type { AlertPolicy, AlertRouter } from '../alerts/AlertRouter.js';
import { AlertRouter as AlertRouterClass } from '../alerts/AlertRouter.js';
import type { RateLimit } from '../alerts/ChannelThrottle.js';
import type { AlertRoute } from '../alerts/routing.js';
import { type RiskLimits, RiskLimitsSchema } from '../config/schema.js';
import type { Broker } from '../contracts/broker.js';
import type {
  ContextOf,
  PluginDefinition,
  PluginKind,
  RunMode,
  StrategyContext,
} from '../contracts/define.js';
import type { Clock, Logger, TradingControl } from '../contracts/services.js';
import { OperatorControl } from '../control/OperatorControl.js';
import { createRunContainer } from '../di/createRunContainer.js';
import { resolve, Tokens } from '../di/tokens.js';
import type { DependencyContainer } from '../di/tsyringe.js';
import type { Instrument } from '../domain/instrument.js';
import type { Portfolio } from '../domain/portfolio.js';
import { Engine } from '../engine/Engine.js';
import type { NamedRiskRule } from '../engine/RiskEngine.js';
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

/** An alert channel plugin with its routing and rate limit. */
export interface AlertSetup extends PluginSetup<'alert'> {
  readonly route?: AlertRoute;
  readonly rateLimit?: RateLimit;
}

export interface BacktestSetup {
  readonly instruments: readonly Instrument[];
  readonly strategies: readonly StrategySetup[];
  readonly riskLimits?: Partial<RiskLimits>;
  readonly riskPlugins?: readonly PluginSetup<'risk'>[];
  /** Defaults to the built-in simulated broker with default parameters. */
  readonly broker?: PluginSetup<'broker'>;
  readonly alerts?: readonly AlertSetup[];
  /** Deduplication, digests, retries and the default rate limit of the alert router. */
  readonly alertPolicy?: Partial<AlertPolicy>;
  readonly initialCash?: number;
  readonly historySize?: number;
  readonly logger?: Logger;
  readonly metrics?: EngineMetrics;
}

/** A composed, not yet started, run. */
export interface ComposedRun<C extends Clock = Clock> {
  readonly container: DependencyContainer;
  readonly engine: Engine;
  readonly clock: C;
  readonly recorder: BacktestRecorder;
  readonly alerts: AlertRouter;
  readonly metrics: EngineMetrics;
  readonly trading: TradingState;
}

/** A composed, not yet started, backtest. */
export type ComposedBacktest = ComposedRun<SimulatedClock>;

/** A broker plugin instance created before the run (a live venue), with its name. */
export interface CreatedBroker {
  readonly broker: Broker;
  readonly name: string;
}

/** What a live run sets beyond a backtest's setup. */
export interface RunSetup<C extends Clock> extends BacktestSetup {
  readonly clock: C;
  readonly mode: RunMode;
  /** The broker already created (live runs create the venue first); else `broker` is created. */
  readonly brokerInstance?: CreatedBroker;
  /** The ledger to start from (restored from the state store); else fresh with `initialCash`. */
  readonly portfolio?: Portfolio;
  /** Order ids: live runs use UUIDs, which the venue takes as idempotency keys. */
  readonly newOrderId?: () => string;
  readonly dataDir?: string;
  /** The host's own rules (live: the session gate), judged before any risk plugin. */
  readonly hostRules?: readonly NamedRiskRule[];
}

/**
 * Validates plugin parameters and wires one backtest: container, engine, plugins
 * (each created in its own child container with its own child logger).
 */
export function createBacktest(setup: BacktestSetup): Promise<ComposedBacktest> {
  return composeRun({ ...setup, clock: new SimulatedClock(), mode: 'backtest' });
}

/**
 * A trading control for plugins created before the engine (brokers): it reaches the
 * engine's trading state once `bind` has been called.
 */
export function lateTradingControl(): TradingControl & { bind(target: TradingControl): void } {
  let target: TradingControl | undefined;
  const engineState = (): TradingControl => {
    if (target === undefined) throw new Error('trading control used before the run was built');
    return target;
  };
  return {
    bind: (bound) => {
      target = bound;
    },
    get state() {
      return engineState().state;
    },
    halt: (reason) => engineState().halt(reason),
    reduce: (reason) => engineState().reduce(reason),
    release: (reason) => engineState().release(reason),
  };
}

/** An alert sink for plugins created before the run's router. */
export function lateAlerts(): AlertSinkLate {
  let router: AlertRouter | undefined;
  const pending: Parameters<AlertRouter['raise']>[0][] = [];
  return {
    bind: (bound) => {
      router = bound;
      for (const alert of pending.splice(0)) bound.raise(alert);
    },
    raise: (alert) => {
      if (router === undefined) pending.push(alert);
      else router.raise(alert);
    },
  };
}

/** See {@link lateAlerts}: alerts raised before `bind` are delivered on binding. */
export interface AlertSinkLate {
  bind(router: AlertRouter): void;
  raise(alert: Parameters<AlertRouter['raise']>[0]): void;
}

/** Wires one run of any mode from plugin definitions and a clock. */
export async function composeRun<C extends Clock>(setup: RunSetup<C>): Promise<ComposedRun<C>> {
  const logger = setup.logger ?? silentLogger();
  const metrics = setup.metrics ?? new EngineMetrics();
  const clock = setup.clock;
  const instruments = setup.instruments;
  const trading = lateTradingControl();
  const brokerAlerts = lateAlerts();

  // The broker exists before the container, which binds it.
  const { broker, name: brokerName } =
    setup.brokerInstance ??
    (await createBroker(setup.broker ?? { definition: simulatedBroker, params: {} }, {
      clock,
      logger,
      alerts: brokerAlerts,
      instruments,
      mode: setup.mode,
      trading,
      dataDir: setup.dataDir,
    }));
  const container = createRunContainer({
    clock,
    broker,
    brokerName,
    logger,
    metrics,
    instruments,
    initialCash: setup.initialCash ?? 1_000_000,
    ...(setup.portfolio ? { portfolio: setup.portfolio } : {}),
    ...(setup.newOrderId ? { newOrderId: setup.newOrderId } : {}),
    riskLimits: RiskLimitsSchema.parse(setup.riskLimits ?? {}),
    engine: setup.historySize === undefined ? {} : { historySize: setup.historySize },
  });
  const engine = container.resolve(Engine);
  const alerts = container.resolve(AlertRouterClass);
  trading.bind(engine.trading);
  brokerAlerts.bind(alerts);
  const portfolio = resolve(container, Tokens.Portfolio);
  attachAccount(broker, {
    cashNanos: () => portfolio.cashNanos,
    position: (uid) => portfolio.book(uid).quantity,
  });

  if (setup.alertPolicy) alerts.configure(setup.alertPolicy);
  const operator = new OperatorControl(engine);
  for (const alert of setup.alerts ?? []) {
    const name = alert.name ?? alert.definition.id;
    const scope = pluginScope(container, logger, `alert:${name}`);
    const channel = await create(alert, parseParams(alert, 'alert'), {
      name,
      clock,
      logger: scope.logger,
      alerts,
      mode: setup.mode,
      dataDir: setup.dataDir,
      operator,
    });
    alerts.addChannel({
      name,
      channel,
      ...(alert.route ? { route: alert.route } : {}),
      ...(alert.rateLimit ? { rateLimit: alert.rateLimit } : {}),
    });
  }

  for (const rule of setup.hostRules ?? []) engine.risk.addRule(rule);
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

/** What a broker plugin is created with besides its own parameters. */
export type BrokerCreation = Omit<ContextOf<'broker'>, 'name' | 'logger'> & {
  readonly logger: Logger;
};

/** Validates a broker setup's parameters and creates it with its own child logger. */
export async function createBroker(
  setup: PluginSetup<'broker'>,
  context: BrokerCreation,
): Promise<CreatedBroker> {
  const name = setup.name ?? setup.definition.id;
  const broker = await create(setup, parseParams(setup, 'broker'), {
    ...context,
    name,
    logger: context.logger.child({ plugin: `broker:${name}` }),
  });
  return { broker, name };
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
