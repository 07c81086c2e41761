/**
 * Which alerts a channel takes: a lowest severity and a list of event types, each exact
 * (`order.rejected`) or a prefix ending in `*` (`risk.*`, or `*` for all).
 * @module
 */
import type { Alert, AlertSeverity } from '../contracts/alert.js';

export interface AlertRoute {
  /** Alerts below this severity skip the channel. */
  readonly minSeverity: AlertSeverity;
  /** Types the channel takes; `*` takes all. */
  readonly types: readonly string[];
  /** Types the channel never takes, in the same notation; wins over `types`. */
  readonly excludeTypes: readonly string[];
}

/** Every alert, every type. */
export const ALL_ALERTS: AlertRoute = { minSeverity: 'info', types: ['*'], excludeTypes: [] };

const RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** True when `a` is at least as severe as `b`. */
export function atLeast(a: AlertSeverity, b: AlertSeverity): boolean {
  return RANK[a] >= RANK[b];
}

/** Whether `type` matches one pattern: exact, or a prefix before a closing `*`. */
export function typeMatches(type: string, pattern: string): boolean {
  return pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}

export function routes(route: AlertRoute, alert: Alert): boolean {
  return (
    atLeast(alert.severity, route.minSeverity) &&
    route.types.some((pattern) => typeMatches(alert.type, pattern)) &&
    !route.excludeTypes.some((pattern) => typeMatches(alert.type, pattern))
  );
}
