/**
 * The risk engine's day across restarts: the equity the Moscow day started with and
 * whether its loss limit tripped. Without them a restart would measure the day's loss
 * from the equity at the restart, and a bot that lost all morning could lose it again.
 * @module
 */
import type { RiskEngine } from '../engine/RiskEngine.js';
import { formatMoscowDate, moscowDay } from '../market/moscowTime.js';
import type { RiskCounters } from '../state/StateStore.js';

/** Puts back the counters saved on the same Moscow day; returns whether it did. */
export function resumeRiskDay(
  risk: RiskEngine,
  saved: RiskCounters | undefined,
  now: number,
): boolean {
  if (saved === undefined || saved.moscowDay !== formatMoscowDate(moscowDay(now))) return false;
  risk.resumeDay(saved.dayStartEquity, saved.dailyLossTripped);
  return true;
}

/** The counters as they stand now; `peak` is the highest equity seen so far. */
export function riskCounters(risk: RiskEngine, peak: number, now: number): RiskCounters {
  return {
    moscowDay: formatMoscowDate(moscowDay(now)),
    dayStartEquity: risk.dayStartEquity,
    dailyLossTripped: risk.dailyLossTripped,
    equityPeak: peak,
    time: now,
  };
}
