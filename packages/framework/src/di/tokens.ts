/**
 * Typed injection tokens for the services of a run. Ids follow Backstage's
 * `core.<service>` naming. Each token carries its service type, so
 * `resolve(container, Tokens.Clock)` is typed without casts at call sites.
 * @module
 */

import type { RiskLimits } from '../config/schema.js';
import type { AlertSink } from '../contracts/alert.js';
import type { Broker } from '../contracts/broker.js';
import type { Clock, Logger } from '../contracts/services.js';
import type { Instrument } from '../domain/instrument.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { EngineMetrics } from '../observability/metrics.js';
import type { DependencyContainer } from './tsyringe.js';

/** A symbol that remembers the type of what it names. */
export type Token<T> = symbol & { readonly __service?: T };

function token<T>(id: string): Token<T> {
  return Symbol.for(`moex-bot.${id}`) as Token<T>;
}

/** Settings of the engine itself. */
export interface EngineSettings {
  /** Bars kept per instrument for strategies to read. */
  readonly historySize: number;
}

export const Tokens = {
  Clock: token<Clock>('core.clock'),
  Logger: token<Logger>('core.logger'),
  Metrics: token<EngineMetrics>('core.metrics'),
  Broker: token<Broker>('core.broker'),
  BrokerName: token<string>('core.broker-name'),
  Portfolio: token<Portfolio>('core.portfolio'),
  Instruments: token<readonly Instrument[]>('core.instruments'),
  RiskLimits: token<RiskLimits>('core.risk-limits'),
  EngineSettings: token<EngineSettings>('core.engine-settings'),
  Alerts: token<AlertSink>('core.alerts'),
} as const;

/** Resolves a typed token. */
export function resolve<T>(container: DependencyContainer, service: Token<T>): T {
  return container.resolve<T>(service);
}
