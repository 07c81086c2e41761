/**
 * A live session from an operator config: the same engine as a backtest, driven by a
 * venue's completed bars instead of files. `paper` fills orders with the simulator,
 * `sandbox` and `real` send them to the venue. Every order is durable before it is sent,
 * and a restart settles with the state store (paper) or the venue (sandbox, real).
 * @module
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { AlertRouter } from '../alerts/AlertRouter.js';
import {
  type CreatedBroker,
  composeRun,
  createBroker,
  lateAlerts,
  lateTradingControl,
} from '../backtest/createBacktest.js';
import type { OperatorConfig } from '../config/schema.js';
import type { PluginDefinition } from '../contracts/define.js';
import type { BarSubscription } from '../contracts/marketData.js';
import type { Logger } from '../contracts/services.js';
import { isVenueBroker, type VenueAccount, type VenueBroker } from '../contracts/venue.js';
import type { Engine } from '../engine/Engine.js';
import type { ExecutionListener } from '../engine/ExecutionEngine.js';
import type { TradingState } from '../engine/TradingState.js';
import { MoexBotError } from '../errors.js';
import { type MetricsEndpoint, startMetricsEndpoint } from '../observability/httpEndpoint.js';
import { silentLogger } from '../observability/logger.js';
import { EngineMetrics } from '../observability/metrics.js';
import { alertPolicyOf, configPlugins, instrumentLookup } from '../run/configPlugins.js';
import { openSqliteStateStore } from '../state/openSqliteStateStore.js';
import type { StateStore } from '../state/StateStore.js';
import { heapTuningHint } from './heapTuning.js';
import { LiveClock } from './LiveClock.js';
import { LiveMetrics } from './LiveMetrics.js';
import { PersistingBroker } from './PersistingBroker.js';
import { readinessChecks } from './readiness.js';
import { type Mismatch, reconcileWithVenue, restorePaper } from './restoreAccount.js';
import { resumeRiskDay, riskCounters } from './riskCounters.js';
import { SerialWriter } from './SerialWriter.js';
import { SessionGate } from './SessionGate.js';
import { SessionWatch } from './SessionWatch.js';
import { restoreTrading, StateRecorder, tradingRecord } from './StateRecorder.js';
import { restoreStrategies, saveStrategies } from './strategySnapshots.js';
import { loadWarmup, resolveVenueInstruments } from './venueInstruments.js';

export interface LiveOptions {
  /** Folder whose installed packages provide plugins; defaults to the config's folder. */
  readonly projectDir?: string;
  readonly logger?: Logger;
  readonly metrics?: EngineMetrics;
  /** `--confirm-real`: required, with `mode: real`, to trade real money. */
  readonly confirmReal?: boolean;
  /** Order and fill events as they happen (the terminal's lines). */
  readonly listener?: ExecutionListener;
  /** Stream state changes and other session news, one line each. */
  readonly onNotice?: (message: string) => void;
  /** Overrides `live.state`. */
  readonly stateFile?: string;
  /** Plugin definitions offered besides the installed packages (embedding, tests). */
  readonly plugins?: readonly PluginDefinition[];
}

/** A running session. */
export interface LiveSession {
  readonly mode: OperatorConfig['mode'];
  readonly account: VenueAccount;
  readonly engine: Engine;
  readonly trading: TradingState;
  readonly metrics: EngineMetrics;
  readonly liveMetrics: LiveMetrics;
  readonly store: StateStore;
  readonly alerts: AlertRouter;
  /** The `metrics.listen` endpoint, when configured. */
  readonly endpoint: MetricsEndpoint | undefined;
  /** What reconciliation found at the start. */
  readonly mismatches: readonly Mismatch[];
  /** Live bars processed so far (warm-up not counted). */
  readonly bars: () => number;
  /** Stops strategies, cancels open orders if configured, persists, closes. Idempotent. */
  stop(reason: string): Promise<void>;
}

/** Starts the session a config describes. */
export async function startLive(
  config: OperatorConfig,
  configDir: string,
  options: LiveOptions = {},
): Promise<LiveSession> {
  const mode = config.mode;
  if (mode === 'backtest') {
    throw new MoexBotError(
      'RUN_MODE_INVALID',
      'the config says `mode: backtest`; set `mode: paper`, `sandbox` or `real` for `moex-bot live`',
    );
  }
  if (mode === 'real' && options.confirmReal !== true) {
    throw new MoexBotError(
      'RUN_REAL_NOT_CONFIRMED',
      'the config says `mode: real`: trading real money also needs `--confirm-real` on the command line',
    );
  }
  const logger = options.logger ?? silentLogger();
  const notice = options.onNotice ?? (() => undefined);
  // Paper orders never leave the process: the round trip the hint is about is not there.
  const hint = mode === 'paper' ? undefined : heapTuningHint();
  if (hint !== undefined) logger.info({ event: 'HeapNotTuned' }, hint);
  const metrics = options.metrics ?? new EngineMetrics();
  const liveMetrics = new LiveMetrics(metrics.registry);
  const live = config.live;
  const stateFile = path.resolve(configDir, options.stateFile ?? live.state);
  const plugins = await configPlugins(
    config,
    options.projectDir ?? configDir,
    mode === 'paper' ? [{ kind: 'broker', ref: live.paper.broker, path: 'live.paper.broker' }] : [],
    options.plugins,
  );

  const clock = new LiveClock();
  const trading = lateTradingControl();
  const alerts = lateAlerts();
  const context = {
    clock,
    logger,
    alerts,
    instruments: config.instruments,
    mode,
    trading,
    dataDir: path.dirname(stateFile),
    metrics: liveMetrics,
  };
  const cleanup: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const step of cleanup.splice(0).reverse()) {
      await step().catch((error: unknown) =>
        logger.error({ event: 'CloseFailed', err: String(error) }, String(error)),
      );
    }
  };
  try {
    const venueCreated = await createBroker(
      plugins.setup('broker', config.broker, 'broker'),
      context,
    );
    cleanup.push(async () => venueCreated.broker.close?.());
    const venue = venueOf(venueCreated, mode);
    const account = await venue.venue.open().catch((error: unknown) => {
      throw new MoexBotError(
        'RUN_VENUE_REFUSED',
        `the venue refused to start the session: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    if (mode !== 'paper' && !account.canTrade) {
      throw new MoexBotError(
        'RUN_TOKEN_READ_ONLY',
        `the venue refuses orders for account ${account.accountId}: ${account.reason ?? 'read-only access'}`,
      );
    }
    if (venue.venue.clock) clock.follow(venue.venue.clock);
    notice(`venue: ${account.description}, account ${account.accountId}`);

    const instruments = await resolveVenueInstruments(
      config.instruments,
      venue.venue.instruments,
      logger,
    );
    const store = await openSqliteStateStore(stateFile);
    cleanup.push(() => store.close());
    const warmup = await loadWarmup(venue.venue.marketData, instruments, live, clock.now());

    const restored =
      mode === 'paper'
        ? await restorePaper(store, instruments, live.paper.initialCash, clock.now())
        : await reconcileWithVenue(store, venue, instruments, warmup.lastClose, clock.now());
    for (const mismatch of restored.mismatches) {
      logger.warn({ event: 'ReconciliationMismatch', ...mismatch }, mismatch.message);
      liveMetrics.reconciliationMismatches.inc({ kind: mismatch.kind });
      alerts.raise({
        severity: 'critical',
        type: 'reconciliation.mismatch',
        message: `Reconciliation: ${mismatch.message}; the venue's figure is used`,
        context: { kind: mismatch.kind, instrument: mismatch.instrument ?? '' },
      });
    }

    const orderBroker: CreatedBroker =
      mode === 'paper'
        ? await createBroker(
            plugins.setup('broker', live.paper.broker, 'live.paper.broker'),
            // The simulator matches orders by the venue's instrument uids.
            { ...context, instruments },
          )
        : venueCreated;
    if (orderBroker !== venueCreated) cleanup.push(async () => orderBroker.broker.close?.());
    const writer = new SerialWriter((error, what) => {
      logger.error(
        { event: 'StateWriteFailed', what, err: String(error) },
        `state store: ${what} failed`,
      );
      alerts.raise({
        severity: 'critical',
        type: 'state.write-failed',
        message: `State store write failed (${what}): ${String(error)}`,
      });
    });
    const gate = new SessionGate(venue.venue.marketData, instruments, logger);
    cleanup.push(async () => gate.stop());
    const uidOf = instrumentLookup(config.instruments);
    let barReceivedAt = 0;
    // Made once the engine exists; orders cannot be acknowledged before.
    let watch: SessionWatch | undefined;
    const venueUid = new Map(config.instruments.map((c, i) => [c.uid, instruments[i]!.uid]));
    const run = await composeRun({
      clock,
      mode,
      dataDir: context.dataDir,
      instruments,
      portfolio: restored.portfolio,
      newOrderId: randomUUID,
      brokerInstance: {
        broker: new PersistingBroker(orderBroker.broker, store, writer, {
          barReceivedAt: () => barReceivedAt,
          observe: (seconds) => liveMetrics.signalToOrder.observe(seconds),
          acknowledged: (seconds, outcome) => {
            liveMetrics.orderAck.observe({ outcome }, seconds);
            watch?.acknowledged(seconds, outcome);
          },
        }),
        name: orderBroker.name,
      },
      hostRules: [{ name: 'session', rule: gate }],
      strategies: plugins.strategies.map(({ ref, path: where }) => ({
        ...plugins.setup('strategy', ref, where),
        instruments: ref.instruments.map((key) => venueUid.get(uidOf(key))!),
      })),
      riskLimits: config.risk.limits,
      riskPlugins: config.risk.plugins.map((ref, index) =>
        plugins.setup('risk', ref, `risk.plugins[${index}]`),
      ),
      alerts: plugins.alerts(),
      alertPolicy: alertPolicyOf(config.alerting),
      historySize: config.engine.historySize,
      logger,
      metrics,
    });
    const engine = run.engine;
    trading.bind(engine.trading);
    alerts.bind(run.alerts);
    cleanup.push(() => run.alerts.close());
    const sessionWatch = new SessionWatch(engine, run.alerts, metrics, clock, config.alerting);
    watch = sessionWatch;
    for (const order of restored.working) engine.orders.adopt(order);

    const savedTrading = await store.loadTradingState();
    if (savedTrading) restoreTrading(engine.trading, savedTrading);
    const recorder = new StateRecorder(store, writer);
    for (const order of restored.working) recorder.track(order);
    engine.execution.addListener(recorder);
    recorder.watch(engine.trading);
    if (options.listener) engine.execution.addListener(options.listener);

    const restoredStrategies = await restoreStrategies(store, engine.strategies(), logger);
    const keepsState = engine.strategies().some((runner) => runner.strategy.snapshot !== undefined);
    const saveState = () => saveStrategies(store, engine.strategies(), logger, clock.now(), writer);
    await engine.start();
    cleanup.push(() => writer.flush());
    const savedCounters = await store.loadRiskCounters();
    resumeRiskDay(engine.risk, savedCounters, clock.now());
    let equityPeak = savedCounters?.equityPeak ?? Number.NEGATIVE_INFINITY;
    const saveCounters = () => {
      equityPeak = Math.max(equityPeak, engine.portfolio.equity);
      const counters = riskCounters(engine.risk, equityPeak, clock.now());
      writer.post('save risk counters', () => store.saveRiskCounters(counters));
    };
    for (const bar of warmup.bars) engine.warmUp(bar);
    await gate.refresh();
    gate.start(live.availabilityRefreshSeconds * 1000);
    const marketOpen = () => instruments.some((i) => gate.status(i.uid)?.tradable === true);
    let streamDownSince: number | undefined;
    // Until the first bar, data counts as fresh from the start: a restart is not stale.
    let lastBarAt = Date.now();
    liveMetrics.bind({
      equity: () => engine.portfolio.equity,
      cash: () => engine.portfolio.cash,
      trading: () => engine.trading.state,
      marketOpen,
      lastBarAt: () => lastBarAt,
    });
    const endpoint =
      config.metrics.listen === undefined
        ? undefined
        : await startMetricsEndpoint({
            listen: config.metrics.listen,
            registry: metrics.registry,
            checks: readinessChecks({
              streamDownSince: () => streamDownSince,
              lastBarAt: () => lastBarAt,
              marketOpen,
              staleAfterMs: config.metrics.staleAfterSeconds * 1000,
              storeWritable: () => writer.healthy,
            }),
            onReadiness: (ready) => liveMetrics.ready.set(ready ? 1 : 0),
          });
    if (endpoint) {
      cleanup.push(() => endpoint.close());
      notice(`metrics: ${endpoint.url}/metrics, ${endpoint.url}/healthz, ${endpoint.url}/readyz`);
    }

    const lastTime = new Map(instruments.map((i) => [i.uid, warmup.lastTime(i.uid)]));
    let bars = 0;
    const subscription: BarSubscription = await venue.venue.marketData.subscribe(
      instruments,
      live.interval,
      {
        onBar: (bar) => {
          // History and stream overlap at the seam; each bar counts once.
          if (bar.time <= (lastTime.get(bar.instrument) ?? Number.NEGATIVE_INFINITY)) return;
          lastTime.set(bar.instrument, bar.time);
          bars += 1;
          barReceivedAt = performance.now();
          lastBarAt = Date.now();
          engine.onBar(bar);
          sessionWatch.afterBar(bar.time);
          if (keepsState) saveState();
          saveCounters();
        },
        onStreamState: (state, detail) => {
          liveMetrics.streamStateChanges.inc({ state });
          notice(`market data stream ${state}: ${detail}`);
          if (state === 'down' && streamDownSince === undefined) {
            streamDownSince = Date.now();
            alerts.raise({
              severity: 'warning',
              type: 'stream.down',
              message: `Market data stream down: ${detail}`,
            });
          } else if (state === 'up' && streamDownSince !== undefined) {
            const seconds = Math.round((Date.now() - streamDownSince) / 1000);
            streamDownSince = undefined;
            alerts.raise({
              severity: 'info',
              type: 'stream.restored',
              message: `Market data stream back after ${seconds} s: ${detail}`,
            });
          }
        },
      },
    );
    cleanup.push(() => subscription.close());
    sessionWatch.start();
    cleanup.push(async () => sessionWatch.stop());
    // Chat control listens only now: warmed up, restored, reconciled and subscribed.
    await run.alerts.start();
    notice(
      `${mode} session started: ${instruments.length} instruments, ${warmup.bars.length} warm-up bars` +
        (restored.missedExecutions > 0
          ? `, ${restored.missedExecutions} missed executions booked`
          : '') +
        (restoredStrategies.length > 0
          ? `, saved state restored for ${restoredStrategies.join(', ')}`
          : ''),
    );

    let stopping: Promise<void> | undefined;
    const stop = (reason: string) => {
      stopping ??= (async () => {
        notice(`stopping: ${reason}`);
        const failures: unknown[] = [];
        const step = async (what: () => unknown) => {
          try {
            await what();
          } catch (error) {
            failures.push(error);
          }
        };
        sessionWatch.stop();
        await step(() => engine.stop());
        await step(() => subscription.close());
        gate.stop();
        if (live.cancelOnStop) await step(() => cancelOpenOrders(engine, 5_000));
        await step(saveState);
        await step(saveCounters);
        // The brokers first, so that no fill or cancel arrives after the store has closed.
        if (orderBroker !== venueCreated) await step(() => orderBroker.broker.close?.());
        await step(() => venueCreated.broker.close?.());
        await step(() => writer.flush());
        await step(() => store.saveTradingState(tradingRecord(engine.trading, clock.now())));
        await step(() => store.close());
        // Alerts of the stop itself (a failed save) still go out; the endpoint answers
        // until the very end, so that a last scrape sees the final counts.
        await step(() => run.alerts.close());
        if (endpoint) await step(() => endpoint.close());
        cleanup.length = 0;
        if (failures.length > 0) throw failures[0];
      })();
      return stopping;
    };
    return {
      mode,
      account,
      engine,
      trading: engine.trading,
      metrics,
      liveMetrics,
      store,
      alerts: run.alerts,
      endpoint,
      mismatches: restored.mismatches,
      bars: () => bars,
      stop,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** The broker plugin as a venue, or a clear error naming what to install or configure. */
function venueOf(created: CreatedBroker, mode: string): VenueBroker {
  if (isVenueBroker(created.broker)) return created.broker;
  throw new MoexBotError(
    'RUN_NO_VENUE',
    `mode ${mode} needs a venue for market data, but broker plugin \`${created.name}\` is not one: ` +
      'install @moex-bot/broker-tinvest and set `broker: { plugin: tinvest }`',
  );
}

/** Cancels every open order and waits (up to `timeoutMs`) for the venue to confirm. */
async function cancelOpenOrders(engine: Engine, timeoutMs: number): Promise<void> {
  if (engine.orders.openOrders().length === 0) return;
  engine.execution.cancelAll();
  const deadline = Date.now() + timeoutMs;
  while (engine.orders.openOrders().length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
