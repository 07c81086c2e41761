/**
 * The readiness checks of a live session for `/readyz`: the market-data stream is up,
 * bars are fresh while a market session is open, and the state store takes writes.
 * @module
 */
import type { ReadinessCheck } from '../observability/httpEndpoint.js';

export interface SessionSignals {
  /** Wall ms the stream went down, undefined while it is up. */
  streamDownSince(): number | undefined;
  /** Wall ms of the last live bar (or of the session start before the first). */
  lastBarAt(): number;
  marketOpen(): boolean;
  readonly staleAfterMs: number;
  storeWritable(): boolean;
  /** Wall time; tests replace it. */
  now?(): number;
}

export function readinessChecks(signals: SessionSignals): ReadinessCheck[] {
  const now = signals.now ?? Date.now;
  return [
    {
      name: 'broker',
      check: () => {
        const since = signals.streamDownSince();
        return since === undefined
          ? { ok: true, detail: 'market data stream up' }
          : {
              ok: false,
              detail: `market data stream down for ${Math.round((now() - since) / 1000)} s`,
            };
      },
    },
    {
      name: 'market-data',
      check: () => {
        const age = Math.round((now() - signals.lastBarAt()) / 1000);
        if (!signals.marketOpen())
          return { ok: true, detail: `market closed; last bar ${age} s ago` };
        return age * 1000 <= signals.staleAfterMs
          ? { ok: true, detail: `last bar ${age} s ago` }
          : { ok: false, detail: `no bar for ${age} s while the market is open` };
      },
    },
    {
      name: 'state-store',
      check: () =>
        signals.storeWritable()
          ? { ok: true, detail: 'writes succeed' }
          : { ok: false, detail: 'the last state write failed' },
    },
  ];
}
