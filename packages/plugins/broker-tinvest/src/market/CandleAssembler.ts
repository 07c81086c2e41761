/**
 * Turns the candle stream into completed bars. T-Invest streams updates of the
 * candle still forming under the same `time`; a candle is complete only once a later
 * one arrives, or once the market has moved past its end. Bars back-filled from
 * history after an outage and stream updates meet here, so that each (instrument,
 * time) reaches strategies exactly once and in order.
 * @module
 */
import type { Bar } from '@moex-bot/framework';

interface InstrumentState {
  /** Open time of the newest bar delivered; later bars only. */
  delivered: number;
  /** The candle still forming, as last updated. */
  forming: Bar | undefined;
}

export class CandleAssembler {
  private readonly states = new Map<string, InstrumentState>();
  /** Latest candle end seen on any instrument: the market's own "now". */
  private marketTime = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly deliver: (bar: Bar) => void,
  ) {}

  /** Skips everything up to `time` for an instrument (bars a restart already processed). */
  startAfter(instrument: string, time: number): void {
    this.state(instrument).delivered = time;
  }

  /** Open time of the newest delivered bar, or -Infinity. */
  lastDelivered(instrument: string): number {
    return this.states.get(instrument)?.delivered ?? Number.NEGATIVE_INFINITY;
  }

  /** A streamed update of a candle (complete or not). */
  update(bar: Bar): void {
    const state = this.state(bar.instrument);
    if (bar.time <= state.delivered) return; // already delivered (back-filled, or a late update)
    this.advanceMarket(bar.time);
    if (state.forming !== undefined && bar.time > state.forming.time) this.complete(state);
    state.forming = bar;
  }

  /**
   * Bars known to be complete (from history), oldest first. Delivered unless already
   * delivered; a forming candle they overtake is dropped in their favour.
   */
  completed(bars: readonly Bar[]): void {
    for (const bar of bars) {
      const state = this.state(bar.instrument);
      if (bar.time <= state.delivered) continue;
      if (state.forming !== undefined && state.forming.time < bar.time) this.complete(state);
      if (state.forming !== undefined && state.forming.time === bar.time) state.forming = undefined;
      state.delivered = bar.time;
      this.deliver(bar);
      this.advanceMarket(bar.time);
    }
  }

  /**
   * Completes every forming candle whose interval ended by `time` (a clock tick), for
   * instruments that stopped trading and so send no later candle.
   */
  closeUntil(time: number): void {
    const due: InstrumentState[] = [];
    for (const state of this.states.values()) {
      if (state.forming !== undefined && state.forming.time + this.intervalMs <= time) {
        due.push(state);
      }
    }
    // Oldest first, so that bars of different instruments still arrive in time order.
    due.sort((a, b) => a.forming!.time - b.forming!.time);
    for (const state of due) this.complete(state);
  }

  private advanceMarket(openTime: number): void {
    // A candle opening at t means every candle that ended by t is complete, on every instrument.
    if (openTime > this.marketTime) {
      this.marketTime = openTime;
      this.closeUntil(openTime);
    }
  }

  private complete(state: InstrumentState): void {
    const bar = state.forming!;
    state.forming = undefined;
    if (bar.time <= state.delivered) return;
    state.delivered = bar.time;
    this.deliver(bar);
  }

  private state(instrument: string): InstrumentState {
    let state = this.states.get(instrument);
    if (state === undefined) {
      state = { delivered: Number.NEGATIVE_INFINITY, forming: undefined };
      this.states.set(instrument, state);
    }
    return state;
  }
}
