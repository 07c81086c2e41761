/**
 * `defineStrategy`, `defineRisk`, `defineAlert`, `defineBroker`: what a plugin
 * package exports by default. The result is branded so that the host recognises it
 * without `instanceof` (two copies of this module would break `instanceof`).
 * @module
 */
import type { z } from 'zod';
import type { Bar, BarHistory } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import type { Fill, Order, OrderIntent, Side } from '../domain/order.js';
import type { PortfolioView } from '../domain/portfolio.js';
import type { Alert, AlertSink } from './alert.js';
import type { Broker } from './broker.js';
import type { OperatorDesk } from './operator.js';
import type { RiskDecision } from './risk.js';
import type { Clock, Logger, TradingControl } from './services.js';
import type { SignalOutput } from './signal.js';
import type { VenueMetrics } from './venue.js';

/** The brand every plugin definition carries. */
export const PLUGIN_BRAND = 'moex-bot.plugin' as const;
/** The contract version of this host; a definition with another version is refused. */
export const PLUGIN_CONTRACT_VERSION = 1 as const;

export const PLUGIN_KINDS = ['strategy', 'risk', 'alert', 'broker'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];

/** What every plugin receives when it is created. */
export interface PluginContext {
  /** The instance name from the config (defaults to the plugin id). */
  readonly name: string;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly alerts: AlertSink;
}

/** What a strategy may read. */
export interface StrategyContext extends PluginContext {
  /** The instruments this strategy trades, as configured. */
  readonly instruments: readonly Instrument[];
  readonly portfolio: PortfolioView;
  /** Recent bars of an instrument, newest first. */
  history(instrument: string): BarHistory;
  /** This strategy's open orders. */
  openOrders(): readonly Order[];
}

/** The hooks a strategy implements. Only `onBar` is required. */
export interface Strategy {
  /** Bars per instrument needed before signals count; earlier signals are ignored. */
  readonly warmup?: number;
  onStart?(): void;
  /** Called for every bar of the strategy's instruments, in time order. */
  onBar(bar: Bar): SignalOutput;
  onFill?(fill: Fill): void;
  onStop?(): void;
  /** State to persist (live runs restore it after a restart). Must be JSON-serialisable. */
  snapshot?(): unknown;
  restore?(state: unknown): void;
}

/** What a risk plugin may read and do. */
export interface RiskContext extends PluginContext {
  readonly portfolio: PortfolioView;
  readonly trading: TradingControl;
  readonly instruments: readonly Instrument[];
  /** Open orders of every strategy. */
  openOrders(): readonly Order[];
  /**
   * Lots an order on `side` may have and still only shrink the instrument's position,
   * even if every open order on that side fills too: 0 when any part would add exposure.
   * The host's own gate uses the same figure in `reducing` and `halted` states.
   */
  reducibleLots(instrument: string, side: Side): number;
}

/** The hooks a risk plugin implements. */
export interface RiskRule {
  /** Judges an intent after the built-in checks. The first denial stops it. */
  check(intent: OrderIntent): RiskDecision;
  onBar?(bar: Bar): void;
  onFill?(fill: Fill): void;
  /** Called at 00:00 Europe/Moscow. */
  onDayStart?(time: number): void;
}

/**
 * An alert channel. `send` delivers one alert (or digest) and rejects when it could not;
 * the host retries with backoff unless the error is an `AlertDeliveryError` marked
 * permanent, and waits at least its `retryAfterMs` when the service asked for a pause.
 */
export interface AlertChannel {
  send(alert: Alert): Promise<void>;
  /**
   * Called once the session is running: warmed up, restored and reconciled. A channel
   * that takes commands (chat control) starts listening here, not in `create`, so that
   * no command reaches a half-started session. Backtests never call it.
   */
  start?(): void | Promise<void>;
  close?(): Promise<void>;
}

/** What an alert plugin receives: the common context, the run's mode and the operator's desk. */
export interface AlertContext extends PluginContext {
  readonly mode: RunMode;
  /** A folder the plugin may keep files in (an audit log); undefined in backtests. */
  readonly dataDir: string | undefined;
  /** Read the session and give operator commands (chat control). */
  readonly operator: OperatorDesk;
}

/** Where a run trades: on files, on live data with simulated fills, or at a venue. */
export type RunMode = 'backtest' | 'paper' | 'sandbox' | 'real';

/** What a broker plugin may read and do. */
export interface BrokerContext extends PluginContext {
  readonly instruments: readonly Instrument[];
  /**
   * The run's mode. A venue plugin connects to its sandbox in `sandbox`, to the real
   * account only in `real`, and in `paper` serves market data while the host fills orders.
   */
  readonly mode: RunMode;
  /** Halts trading when the venue is failing (a circuit breaker), and lifts its own hold. */
  readonly trading: TradingControl;
  /** A folder the plugin may keep files in (instrument caches); undefined in backtests. */
  readonly dataDir: string | undefined;
  /** Where a venue plugin reports request latency, rate-limit waits and reconnects (live runs). */
  readonly metrics?: VenueMetrics;
}

/** The context and instance types of each plugin kind. */
export interface HookTypes {
  strategy: { context: StrategyContext; instance: Strategy };
  risk: { context: RiskContext; instance: RiskRule };
  alert: { context: AlertContext; instance: AlertChannel };
  broker: { context: BrokerContext; instance: Broker };
}

/** The context a plugin of kind K receives. */
export type ContextOf<K extends PluginKind> = HookTypes[K]['context'];
/** The object a plugin of kind K creates. */
export type InstanceOf<K extends PluginKind> = HookTypes[K]['instance'];

/** What a plugin author writes. */
export interface PluginSpec<K extends PluginKind, P extends z.ZodType> {
  /** Kebab-case id, the same as `moexBot.id` in package.json. */
  readonly id: string;
  /** One line: what the plugin does (shown by `moex-bot plugins`). */
  readonly description?: string;
  /** Schema of the parameters an operator writes under `params`. */
  readonly params: P;
  create(params: z.output<P>, context: ContextOf<K>): InstanceOf<K> | Promise<InstanceOf<K>>;
}

/** A branded plugin definition: the default export of a plugin package. */
export interface PluginDefinition<
  K extends PluginKind = PluginKind,
  P extends z.ZodType = z.ZodType,
> extends PluginSpec<K, P> {
  readonly $$type: typeof PLUGIN_BRAND;
  readonly contractVersion: typeof PLUGIN_CONTRACT_VERSION;
  readonly kind: K;
}

function define<K extends PluginKind>(kind: K) {
  return <P extends z.ZodType>(spec: PluginSpec<K, P>): PluginDefinition<K, P> =>
    Object.freeze({
      ...spec,
      kind,
      $$type: PLUGIN_BRAND,
      contractVersion: PLUGIN_CONTRACT_VERSION,
    });
}

/**
 * Defines a strategy plugin.
 * @example
 * export default defineStrategy({
 *   id: 'buy-and-hold',
 *   params: z.object({ lots: z.number().int().positive().default(1) }),
 *   create: (params, ctx) => ({
 *     onBar: (bar) => signals.targetLots(bar.instrument, params.lots),
 *   }),
 * });
 */
export const defineStrategy = define('strategy');

/**
 * Defines a risk plugin.
 * @example
 * export default defineRisk({
 *   id: 'no-shorts',
 *   params: z.object({}),
 *   create: (_params, ctx) => ({
 *     check: (intent) =>
 *       intent.side === 'sell' && ctx.portfolio.position(intent.instrument).lots < intent.lots
 *         ? decisions.deny('SHORT_NOT_ALLOWED', { instrument: intent.instrument })
 *         : decisions.approve(),
 *   }),
 * });
 */
export const defineRisk = define('risk');

/**
 * Defines an alert channel plugin.
 * @example
 * export default defineAlert({
 *   id: 'console',
 *   params: z.object({}),
 *   create: () => ({ send: async (alert) => console.log(alert.message) }),
 * });
 */
export const defineAlert = define('alert');

/**
 * Defines a broker plugin.
 * @example
 * export default defineBroker({ id: 'my-venue', params: z.object({}), create: () => new MyBroker() });
 */
export const defineBroker = define('broker');

/**
 * True when `value` is a plugin definition made by a `define*` function of a
 * compatible contract version. Checks the brand field, not the prototype.
 */
export function isPluginDefinition(value: unknown): value is PluginDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<PluginDefinition>;
  return (
    candidate.$$type === PLUGIN_BRAND &&
    candidate.contractVersion === PLUGIN_CONTRACT_VERSION &&
    typeof candidate.create === 'function' &&
    typeof candidate.params === 'object' &&
    candidate.params !== null &&
    typeof (candidate.params as { safeParse?: unknown }).safeParse === 'function'
  );
}
