/**
 * The incremental data-quality checker: bars are fed one at a time per instrument, in file
 * order, and every check runs in the same single pass. Memory grows with the number of
 * instruments and the example cap, never with the length of the history.
 * @module
 */
import { BAR_INTERVAL_MS, type BarInterval } from '../contracts/marketData.js';
import { type Bar, saneOhlc } from '../domain/bar.js';
import { createSessionCalendar } from '../market/sessions.js';
import type { CheckTally } from './CheckTally.js';
import { InstrumentQuality } from './InstrumentQuality.js';
import { isoTime, moscowSpanText, moscowText } from './moscowText.js';
import { ohlcProblem } from './ohlcProblem.js';
import {
  QUALITY_CHECKS,
  type QualityCheck,
  type QualityCheckResult,
  type QualityFinding,
  type QualityOptions,
  type QualityReport,
  type QualitySeverity,
} from './QualityReport.js';
import { SessionSlots } from './SessionSlots.js';
import { MAX_BAR_TIME, MIN_BAR_TIME, schemaProblem } from './schemaProblem.js';

/** Examples kept per check and instrument unless told otherwise. */
export const DEFAULT_MAX_EXAMPLES = 20;

/** How the bars fed to a {@link QualityChecker} are cut. */
export interface QualityCheckerSettings {
  /** Bar interval of every series fed. */
  readonly interval: BarInterval;
  /** Examples kept per check and instrument; default 20. Counts are exact regardless. */
  readonly maxExamples?: number;
}

/** Where a finding sits in time and in the input. */
interface FindingPlace {
  readonly time?: number;
  readonly end?: number;
  readonly position?: number;
  readonly values?: Readonly<Record<string, number>>;
}

const HOUR_MS = 3_600_000;

/**
 * Checks bar series in one pass: feed each instrument's bars in file order with
 * {@link QualityChecker.add}, then read {@link QualityChecker.report}. Instruments may be
 * interleaved. The report can be taken at any time and does not end the checking.
 * @example
 * const checker = new QualityChecker(config.data.quality, { interval: '1m' });
 * for (const bar of bars) checker.add('SBER', bar);
 * const report = checker.report();
 * if (!report.passed) throw qualityError(report);
 */
export class QualityChecker {
  private readonly intervalMs: number;
  /** Bar times must be multiples of this: the interval, or an hour for daily bars. */
  private readonly alignMs: number;
  private readonly dateOnly: boolean;
  private readonly slots: SessionSlots;
  private readonly maxExamples: number;
  private readonly schemaOn: boolean;
  private readonly orderOn: boolean;
  private readonly ohlcOn: boolean;
  private readonly volumeOn: boolean;
  private readonly missingOn: boolean;
  private readonly staleOn: boolean;
  private readonly outliersOn: boolean;
  private readonly staleRun: number;
  private readonly outlierReturn: number;
  private readonly states = new Map<string, InstrumentQuality>();
  /** The state of the instrument fed last: files feed long runs of one instrument. */
  private current: InstrumentQuality | undefined;

  constructor(
    private readonly options: QualityOptions,
    private readonly settings: QualityCheckerSettings,
  ) {
    const maxExamples = settings.maxExamples ?? DEFAULT_MAX_EXAMPLES;
    if (!Number.isInteger(maxExamples) || maxExamples < 0) {
      throw new RangeError(`maxExamples must be a whole number ≥ 0, got ${maxExamples}`);
    }
    this.maxExamples = maxExamples;
    this.intervalMs = BAR_INTERVAL_MS[settings.interval];
    // Daily candles open at 00:00 UTC or 00:00 Moscow depending on the source; both are
    // whole hours, and the Moscow date decides the day either way.
    this.alignMs = settings.interval === '1d' ? HOUR_MS : this.intervalMs;
    this.dateOnly = settings.interval === '1d';
    const calendar = createSessionCalendar({
      sessions: options.sessions,
      closedDays: options.closedDays,
    });
    this.slots = new SessionSlots(calendar, this.intervalMs);
    const checks = options.checks;
    this.schemaOn = checks.schema !== 'off';
    this.orderOn = checks.order !== 'off';
    this.ohlcOn = checks.ohlc !== 'off';
    this.volumeOn = checks.volume !== 'off';
    this.missingOn = checks.missing !== 'off';
    this.staleOn = checks.stale !== 'off';
    this.outliersOn = checks.outliers !== 'off';
    this.staleRun = options.staleRun;
    this.outlierReturn = options.outlierReturn;
  }

  /** Checks the next bar of `instrument` in file order. */
  add(instrument: string, bar: Bar): void {
    let state = this.current;
    if (state === undefined || state.instrument !== instrument) state = this.stateOf(instrument);
    state.fed++;
    if (typeof bar !== 'object' || bar === null) {
      this.rejectBar(state, bar);
      return;
    }
    const time = bar.time;
    const open = bar.open;
    const high = bar.high;
    const low = bar.low;
    const close = bar.close;
    const volume = bar.volume;
    if (
      typeof time !== 'number' ||
      // One interval after a valid bar is on the grid and past 1990 by construction: the
      // common case skips the floating-point remainder.
      !(time - state.last === this.intervalMs
        ? time < MAX_BAR_TIME
        : Number.isInteger(time) &&
          time >= MIN_BAR_TIME &&
          time < MAX_BAR_TIME &&
          time % this.alignMs === 0) ||
      !Number.isFinite(open) ||
      !Number.isFinite(high) ||
      !Number.isFinite(low) ||
      !Number.isFinite(close) ||
      !Number.isFinite(volume)
    ) {
      this.rejectBar(state, bar);
      return;
    }
    // The calls below are off the happy path. They get the bar, never a number read from it:
    // passing an unboxed double to a call would box it, an allocation on every bar.
    if (this.ohlcOn && !saneOhlc(open, high, low, close)) {
      this.ohlcFailed(state, bar);
    }
    if (this.volumeOn && volume < 0) this.volumeFailed(state, bar);

    const step = time - state.last;
    if (step <= 0) {
      // Not after every earlier bar: reported by `order`, and kept out of the checks that
      // compare a bar with the one before it, which would otherwise report it twice.
      state.unordered++;
      if (time < state.min) state.min = time;
      if (this.orderOn) this.orderFailed(state, bar);
      if (this.missingOn) this.lateBar(state, bar);
      return;
    }
    if (!Number.isNaN(step)) {
      if (this.missingOn && step !== this.intervalMs) this.checkGap(state, bar);
      if (this.staleOn) {
        if (
          open === state.open &&
          high === state.high &&
          low === state.low &&
          close === state.close &&
          (volume === 0 || volume === state.volume)
        ) {
          state.runLength++;
        } else {
          if (state.runLength >= this.staleRun) this.staleFound(state, state.tallies.stale);
          state.runLength = 1;
          state.runStart = time;
        }
      }
      if (this.outliersOn && state.close > 0) {
        const change = close / state.close - 1;
        if (change > this.outlierReturn || change < -this.outlierReturn) {
          this.outlierFound(state, bar);
        }
      }
    } else {
      state.min = time;
      state.runStart = time;
      state.runLength = 1;
    }
    state.last = time;
    state.open = open;
    state.high = high;
    state.low = low;
    state.close = close;
    state.volume = volume;
  }

  /**
   * The findings so far. A stale run or a hole still open at the latest bar counts as found;
   * checking may go on after a report.
   */
  report(): QualityReport {
    const results: QualityCheckResult[] = [];
    let errors = 0;
    let warnings = 0;
    for (const check of QUALITY_CHECKS) {
      const policy = this.options.checks[check];
      if (policy === 'off') continue;
      for (const state of this.states.values()) {
        const tally = this.reportedTally(state, check);
        if (tally.count === 0) continue;
        results.push({
          check,
          instrument: state.instrument,
          policy,
          count: tally.count,
          bars: tally.bars,
          kinds: { ...tally.kinds },
          examples: [...tally.examples],
        });
        if (policy === 'error') errors += tally.count;
        else warnings += tally.count;
      }
    }
    return {
      passed: errors === 0,
      errors,
      warnings,
      interval: this.settings.interval,
      options: structuredClone(this.options),
      maxExamples: this.maxExamples,
      instruments: [...this.states.values()].map((state) => state.summary()),
      results,
    };
  }

  private stateOf(instrument: string): InstrumentQuality {
    let state = this.states.get(instrument);
    if (state === undefined) {
      state = new InstrumentQuality(instrument, this.maxExamples);
      this.states.set(instrument, state);
    }
    this.current = state;
    return state;
  }

  private finding(
    state: InstrumentQuality,
    check: QualityCheck,
    kind: string,
    bars: number,
    detail: string,
    place: FindingPlace,
  ): QualityFinding {
    const { time, end, position, values } = place;
    return {
      instrument: state.instrument,
      check,
      policy: this.options.checks[check] as QualitySeverity,
      kind,
      ...(time === undefined ? {} : { time: isoTime(time) }),
      ...(end === undefined ? {} : { end: isoTime(end) }),
      ...(time === undefined ? {} : { moscow: moscowSpanText(time, end ?? time, this.dateOnly) }),
      ...(position === undefined ? {} : { position }),
      bars,
      detail,
      ...(values === undefined ? {} : { values }),
    };
  }

  private rejectBar(state: InstrumentQuality, bar: unknown): void {
    state.invalid++;
    if (this.schemaOn) {
      const problem = schemaProblem(bar, this.alignMs) ?? { kind: 'invalid', detail: 'not a bar' };
      const tally = state.tallies.schema;
      if (tally.note(problem.kind, 1)) {
        tally.keep(
          this.finding(state, 'schema', problem.kind, 1, problem.detail, {
            time: problem.time,
            position: state.fed,
          }),
        );
      }
    }
    const raw = typeof bar === 'object' && bar !== null ? (bar as Bar).time : undefined;
    if (typeof raw !== 'number' || !(raw >= MIN_BAR_TIME && raw < MAX_BAR_TIME)) return;
    // A usable time, even off the grid, says which slot the bar was meant for.
    const time = Math.floor(raw / this.alignMs) * this.alignMs;
    if (!(time >= state.min)) state.min = time;
    if (!(time <= state.last)) this.occupy(state, time);
    else if (this.missingOn) this.fillHole(state, time);
  }

  /**
   * Advances past an invalid bar whose time is usable (`time` is its slot): the bar is there,
   * so its slot is not also reported missing, but its prices are not, so it ends any stale
   * run and is no previous close for the outlier check. A bad bar is reported once, by
   * `schema`.
   */
  private occupy(state: InstrumentQuality, time: number): void {
    if (!Number.isNaN(state.last)) {
      if (this.missingOn && time - state.last !== this.intervalMs) this.gapTo(state, time);
      if (this.staleOn && state.runLength >= this.staleRun) {
        this.staleFound(state, state.tallies.stale);
      }
    }
    state.runLength = 0;
    state.last = time;
    // NaN equals nothing and is not > 0: the next bar starts a new run and has no return.
    state.open = Number.NaN;
    state.high = Number.NaN;
    state.low = Number.NaN;
    state.close = Number.NaN;
    state.volume = Number.NaN;
  }

  private ohlcFailed(state: InstrumentQuality, bar: Bar): void {
    const { time, open, high, low, close } = bar;
    const problem = ohlcProblem(open, high, low, close) ?? {
      kind: 'invalid',
      detail: 'inconsistent prices',
    };
    const tally = state.tallies.ohlc;
    if (!tally.note(problem.kind, 1)) return;
    tally.keep(
      this.finding(state, 'ohlc', problem.kind, 1, problem.detail, {
        time,
        position: state.fed,
        values: { open, high, low, close },
      }),
    );
  }

  private volumeFailed(state: InstrumentQuality, bar: Bar): void {
    const { time, volume } = bar;
    const tally = state.tallies.volume;
    if (!tally.note('negative', 1)) return;
    tally.keep(
      this.finding(state, 'volume', 'negative', 1, `volume ${volume} is negative`, {
        time,
        position: state.fed,
        values: { volume },
      }),
    );
  }

  private orderFailed(state: InstrumentQuality, bar: Bar): void {
    const { time, open, high, low, close, volume } = bar;
    const duplicate = time === state.last;
    const kind = duplicate ? 'duplicate' : 'unsorted';
    const tally = state.tallies.order;
    if (!tally.note(kind, 1)) return;
    let detail: string;
    if (!duplicate) {
      detail = `comes after the bar at ${moscowText(state.last, this.dateOnly)} in the input`;
    } else if (
      open === state.open &&
      high === state.high &&
      low === state.low &&
      close === state.close &&
      volume === state.volume
    ) {
      detail = 'duplicate time; same prices and volume as the bar already there';
    } else {
      detail = `duplicate time; differs from the bar already there (close ${close} vs ${state.close}, volume ${volume} vs ${state.volume})`;
    }
    tally.keep(this.finding(state, 'order', kind, 1, detail, { time, position: state.fed }));
  }

  private checkGap(state: InstrumentQuality, bar: Bar): void {
    this.gapTo(state, bar.time);
  }

  private lateBar(state: InstrumentQuality, bar: Bar): void {
    this.fillHole(state, bar.time);
  }

  /**
   * A gap between the latest bar and the next one in order, at `time`. A hole is held open
   * until the next hole (or the report), so that bars arriving late can still fill it: a
   * swapped pair of bars is one `order` finding, not also a hole.
   */
  private gapTo(state: InstrumentQuality, time: number): void {
    const slots = this.slots;
    if (slots.countBetween(slots.slotOf(state.last), slots.slotOf(time)) === 0) return;
    if (!Number.isNaN(state.holeAfter)) this.noteHole(state, state.tallies.missing);
    state.holeAfter = state.last;
    state.holeBefore = time;
  }

  /**
   * A late bar (not after the latest) inside the open hole fills its slot: the part of the
   * hole before it is recorded now, the part after it stays open for later late bars.
   */
  private fillHole(state: InstrumentQuality, time: number): void {
    if (!(time > state.holeAfter && time < state.holeBefore)) return;
    const before = state.holeBefore;
    state.holeBefore = time;
    this.noteHole(state, state.tallies.missing);
    const slots = this.slots;
    if (slots.countBetween(slots.slotOf(time), slots.slotOf(before)) > 0) {
      state.holeAfter = time;
      state.holeBefore = before;
    }
  }

  /** Records the open hole (if it still misses bars) into `tally` and closes it. */
  private noteHole(state: InstrumentQuality, tally: CheckTally): void {
    const after = state.holeAfter;
    const before = state.holeBefore;
    state.holeAfter = Number.NaN;
    state.holeBefore = Number.NaN;
    const slots = this.slots;
    const first = slots.slotOf(after);
    const last = slots.slotOf(before);
    const missing = slots.countBetween(first, last);
    if (missing === 0 || !tally.note('hole', missing)) return;
    const unit = this.dateOnly ? 'trading day' : 'bar';
    const detail =
      `${missing} ${unit}${missing === 1 ? '' : 's'} missing in session between the bars at ` +
      `${moscowText(after, this.dateOnly)} and ${moscowText(before, this.dateOnly)}`;
    tally.keep(
      this.finding(state, 'missing', 'hole', missing, detail, {
        time: slots.timeOf(slots.firstAfter(first)),
        end: slots.timeOf(slots.lastBefore(last)),
      }),
    );
  }

  /** Records the run of identical bars that ends at the latest bar. */
  private staleFound(state: InstrumentQuality, tally: CheckTally): void {
    const length = state.runLength;
    if (!tally.note('run', length)) return;
    const { open, high, low, close, volume } = state;
    const prices =
      open === close && high === close && low === close
        ? `price ${close}`
        : `OHLC ${open}/${high}/${low}/${close}`;
    const detail = `${length} identical bars in a row (${prices}, volume ${volume === 0 ? '0' : `${volume} each`})`;
    tally.keep(
      this.finding(state, 'stale', 'run', length, detail, {
        time: state.runStart,
        end: state.last,
        values: { close, volume },
      }),
    );
  }

  private outlierFound(state: InstrumentQuality, bar: Bar): void {
    const { time, close } = bar;
    // The same division as in add, so the same number.
    const change = close / state.close - 1;
    const kind = change > 0 ? 'rise' : 'fall';
    const tally = state.tallies.outliers;
    if (!tally.note(kind, 1)) return;
    const percent = `${change > 0 ? '+' : ''}${(change * 100).toFixed(1)} %`;
    const detail = `close ${state.close} → ${close} (${percent}, beyond ±${this.outlierReturn * 100} %)`;
    tally.keep(
      this.finding(state, 'outliers', kind, 1, detail, {
        time,
        position: state.fed,
        values: { return: change, previousClose: state.close, close },
      }),
    );
  }

  /**
   * The tally of a check as the report shows it: with the stale run or the hole still open
   * at the latest bar, added to a copy so that checking can go on.
   */
  private reportedTally(state: InstrumentQuality, check: QualityCheck): CheckTally {
    const tally = state.tallies[check];
    if (check === 'stale' && this.staleOn && state.runLength >= this.staleRun) {
      const copy = tally.clone();
      this.staleFound(state, copy);
      return copy;
    }
    if (check === 'missing' && !Number.isNaN(state.holeAfter)) {
      const copy = tally.clone();
      const { holeAfter, holeBefore } = state;
      this.noteHole(state, copy);
      state.holeAfter = holeAfter;
      state.holeBefore = holeBefore;
      return copy;
    }
    return tally;
  }
}
