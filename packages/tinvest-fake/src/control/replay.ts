/**
 * Replay: the exchange clock driven by a wall-clock timer, for paper trading on recorded
 * or sample candles. Candles, last prices and fills then stream out as they would live,
 * only faster.
 * @module
 */

/** How a replay runs. */
export interface ReplayOptions {
  /**
   * Exchange time per wall time: `60` plays a minute per second (the default). `'max'`
   * advances `stepMs` of exchange time on every timer tick, as fast as the loop allows.
   */
  readonly speed?: number | 'max';
  /** Wall ms between timer ticks; default 100 (10 for `'max'`). */
  readonly tickMs?: number;
  /** Exchange ms per tick for `'max'`; default 60 000 (one 1-minute candle). */
  readonly stepMs?: number;
  /** Where to stop: UTC ms, `Date` or ISO text; default the end of the loaded candles. */
  readonly until?: number | Date | string;
  /** Jump over stretches without candles (nights, weekends) at once; default true. */
  readonly skipGaps?: boolean;
}

/** A running replay. */
export interface ReplayHandle {
  /** Settles when the replay stops: at `until`, at the end of data, or on `stop()`. */
  readonly done: Promise<void>;
  /** True until the replay stops. */
  readonly running: boolean;
  /** The error that stopped the replay, if one did. */
  readonly error: unknown;
  /** Stops the replay; the clock stays where it is. */
  stop(): void;
}

/** What a replay drives. */
export interface ReplayTarget {
  readonly now: number;
  advanceTo(time: number): void;
  /** The next instant something happens in the market after `time`. */
  nextEventAfter(time: number): number | undefined;
}

/** Starts driving `target` from a timer. */
export function startReplay(
  target: ReplayTarget,
  options: ReplayOptions,
  until: number | undefined,
): ReplayHandle {
  const speed = options.speed ?? 60;
  const tickMs = options.tickMs ?? (speed === 'max' ? 10 : 100);
  const stepMs = options.stepMs ?? 60_000;
  const skipGaps = options.skipGaps ?? true;
  let lastWall = Date.now();
  let resolve!: () => void;
  const done = new Promise<void>((settle) => {
    resolve = settle;
  });
  const handle = {
    done,
    running: true,
    error: undefined as unknown,
    stop() {
      if (!handle.running) return;
      handle.running = false;
      clearInterval(timer);
      resolve();
    },
  };
  const tick = () => {
    const wall = Date.now();
    const step = speed === 'max' ? stepMs : (wall - lastWall) * speed;
    lastWall = wall;
    let next = target.now + step;
    if (skipGaps) {
      const event = target.nextEventAfter(target.now);
      if (event === undefined) return handle.stop();
      if (event > next) next = event;
    }
    if (until !== undefined && next >= until) {
      target.advanceTo(Math.max(until, target.now));
      return handle.stop();
    }
    target.advanceTo(next);
  };
  const timer = setInterval(() => {
    try {
      tick();
    } catch (error) {
      handle.error = error;
      handle.stop();
    }
  }, tickMs);
  timer.unref?.();
  return handle;
}
