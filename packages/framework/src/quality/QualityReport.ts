/**
 * The shape of a data-quality report: plain JSON (saved as `quality.json`, embedded in run
 * results and the HTML report), with exact counts and a capped list of examples.
 * @module
 */
import type { z } from 'zod';
import type { QualityConfigSchema } from '../config/schema.js';
import type { BarInterval } from '../contracts/marketData.js';

/** The checks, in the order they are reported. */
export const QUALITY_CHECKS = [
  'schema',
  'order',
  'ohlc',
  'volume',
  'missing',
  'stale',
  'outliers',
] as const;

/** One data-quality check. */
export type QualityCheck = (typeof QUALITY_CHECKS)[number];

/** How a check's findings count: `error` fails the report, `warn` only reports, `off` skips. */
export type QualityPolicy = 'error' | 'warn' | 'off';

/** The policy of a check that runs. */
export type QualitySeverity = Exclude<QualityPolicy, 'off'>;

/** Options of the checks: `data.quality` of the config, defaults applied. */
export type QualityOptions = z.output<typeof QualityConfigSchema>;

/** One problem found in the data: a bad bar, a hole of missing bars or a stale run. */
export interface QualityFinding {
  readonly instrument: string;
  readonly check: QualityCheck;
  readonly policy: QualitySeverity;
  /**
   * What exactly: `duplicate` or `unsorted` (order), `hole` (missing), `run` (stale),
   * `rise` or `fall` (outliers), `high-below-low`, `open-outside`, ... (ohlc),
   * `negative` (volume), `missing-field`, `not-finite`, `time-misaligned`, ... (schema).
   */
  readonly kind: string;
  /**
   * Open time of the bar, or of the first bar of a hole or run, ISO 8601 UTC. Absent only
   * when the bar's own time is unusable (a schema finding).
   */
  readonly time?: string;
  /** Open time of the last bar of a hole or run, ISO 8601 UTC. */
  readonly end?: string;
  /** The same time or span in Moscow time, e.g. `2026-09-01 10:05 MSK`. */
  readonly moscow?: string;
  /** 1-based position of the bar among the instrument's bars as fed (per-bar findings). */
  readonly position?: number;
  /** Bars the finding covers: 1 for a bar, the length of a hole or a run. */
  readonly bars: number;
  /** A short human-readable explanation. */
  readonly detail: string;
  /** The numbers behind the detail (e.g. `return`, `previousClose`, `close` of an outlier). */
  readonly values?: Readonly<Record<string, number>>;
}

/** What one check found in one instrument; present only when it found something. */
export interface QualityCheckResult {
  readonly check: QualityCheck;
  readonly instrument: string;
  readonly policy: QualitySeverity;
  /** Exact number of findings (bars, holes or runs), never capped. */
  readonly count: number;
  /** Exact number of bars the findings cover (missing bars of holes, bars of stale runs). */
  readonly bars: number;
  /** Exact number of findings per {@link QualityFinding.kind}. */
  readonly kinds: Readonly<Record<string, number>>;
  /** The first findings in data order, at most {@link QualityReport.maxExamples}. */
  readonly examples: readonly QualityFinding[];
}

/** What was checked of one instrument. */
export interface QualityInstrumentSummary {
  readonly instrument: string;
  /** Bars fed, valid or not. */
  readonly bars: number;
  /**
   * Bars that failed the schema check (counted even when `schema` is off). The other checks
   * skip them; a time in range (even off the grid) still fills its slot, so the bar is not
   * also reported missing.
   */
  readonly invalid: number;
  /**
   * Valid bars not later than every bar before them (duplicates and unsorted bars); the
   * missing, stale and outlier checks skip them (counted even when `order` is off).
   */
  readonly unordered: number;
  /** Earliest bar time, ISO UTC, of bars whose time is usable; `null` when none is. */
  readonly from: string | null;
  /** Latest bar time, ISO UTC, of bars whose time is usable; `null` when none is. */
  readonly to: string | null;
}

/** The outcome of the data-quality checks over a set of bar series. */
export interface QualityReport {
  /** True when no check with policy `error` found anything. */
  readonly passed: boolean;
  /** Findings of checks with policy `error`. */
  readonly errors: number;
  /** Findings of checks with policy `warn`. */
  readonly warnings: number;
  readonly interval: BarInterval;
  /** The options the checks ran with. */
  readonly options: QualityOptions;
  /** Examples kept per check and instrument. */
  readonly maxExamples: number;
  /** Instruments in the order they were first seen. */
  readonly instruments: readonly QualityInstrumentSummary[];
  /** Checks that found something, in {@link QUALITY_CHECKS} order, then instrument order. */
  readonly results: readonly QualityCheckResult[];
}
