/**
 * The per-instrument state of `donchian-breakout`: the Donchian channels of the previous
 * bars and the side the strategy wants to be on.
 * @module
 */
import { WindowExtreme, type WindowExtremeState } from './WindowExtreme.js';

/** +1 long, −1 short, 0 flat. */
export type Side = -1 | 0 | 1;

/** What {@link Channel.state} returns and {@link Channel.load} accepts. */
export interface ChannelState {
  readonly count: number;
  readonly side: Side;
  readonly windows: readonly WindowExtremeState[];
}

/**
 * Judges each close against the channels of the bars before it, then adds the bar:
 * - flat or short → long when the close is above the highest high of the previous `entryBars`;
 * - long → flat when the close is below the lowest low of the previous `exitBars`;
 * - with shorts, the mirror image: short below the lowest low of `entryBars`, back to flat
 *   above the highest high of `exitBars`; a long may reverse straight into a short.
 * Nothing is judged before `max(entryBars, exitBars)` bars, so every channel is complete.
 * @example
 * const channel = new Channel(3, 2, false);
 * for (const close of [10, 11, 10]) channel.update(close, close, close); // false: warming up
 * channel.update(12, 12, 12); // true: 12 broke the 3-bar high of 11; channel.side is 1
 */
export class Channel {
  readonly warmup: number;
  private readonly entryHigh: WindowExtreme;
  private readonly exitLow: WindowExtreme;
  private readonly entryLow: WindowExtreme | undefined;
  private readonly exitHigh: WindowExtreme | undefined;
  private count = 0;
  private current: Side = 0;

  constructor(entryBars: number, exitBars: number, allowShort: boolean) {
    this.warmup = Math.max(entryBars, exitBars);
    this.entryHigh = new WindowExtreme(entryBars, 'max');
    this.exitLow = new WindowExtreme(exitBars, 'min');
    // Without shorts the mirror channels are never read: skip their work on every bar.
    this.entryLow = allowShort ? new WindowExtreme(entryBars, 'min') : undefined;
    this.exitHigh = allowShort ? new WindowExtreme(exitBars, 'max') : undefined;
  }

  /** The side wanted after the last bar. */
  get side(): Side {
    return this.current;
  }

  /** Judges a bar and adds it to the channels; true when the wanted side changed. */
  update(high: number, low: number, close: number): boolean {
    const before = this.current;
    if (this.count >= this.warmup) {
      let next: Side = before;
      if (next === 1 && close < this.exitLow.value) next = 0;
      else if (next === -1 && close > this.exitHigh!.value) next = 0;
      if (next !== 1 && close > this.entryHigh.value) next = 1;
      else if (next !== -1 && this.entryLow !== undefined && close < this.entryLow.value) next = -1;
      this.current = next;
    }
    const index = this.count++;
    this.entryHigh.push(index, high);
    this.exitLow.push(index, low);
    this.entryLow?.push(index, low);
    this.exitHigh?.push(index, high);
    return this.current !== before;
  }

  /** The state to persist: JSON-serialisable. */
  state(): ChannelState {
    return { count: this.count, side: this.current, windows: this.windows().map((w) => w.state()) };
  }

  /** Restores a state from {@link Channel.state} of a channel with the same parameters. */
  load(state: ChannelState): void {
    const windows = this.windows();
    if (state.windows.length !== windows.length) {
      throw new RangeError(
        `a state of ${state.windows.length} channels does not fit ${windows.length}`,
      );
    }
    for (const [i, window] of windows.entries()) window.load(state.windows[i]!);
    this.count = state.count;
    this.current = state.side;
  }

  private windows(): WindowExtreme[] {
    const all = [this.entryHigh, this.exitLow];
    if (this.entryLow !== undefined && this.exitHigh !== undefined)
      all.push(this.entryLow, this.exitHigh);
    return all;
  }
}
