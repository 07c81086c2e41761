/**
 * A backtest feed over CSV bar files: reads them all, checks them all, merges them into
 * one time-ordered stream and hands it out in batches.
 * @module
 */
import type { Bar } from '../domain/bar.js';
import { type ErrorName, isMoexBotError, MoexBotError, type Problem } from '../errors.js';
import { type CsvReadOptions, readCsvBars } from './csvBars.js';
import { arrayFeed, type BarFeed } from './feed.js';
import { mergeBars } from './mergeBars.js';

/** One bar file and the instrument (uid) its bars belong to. */
export interface CsvFeedFile {
  readonly instrument: string;
  readonly file: string;
}

/** The bars of one instrument as read, in the order of its files and their rows. */
export interface CsvSeries {
  readonly instrument: string;
  readonly bars: Bar[];
}

/** What to read and how to batch it. */
export interface CsvFeedOptions extends CsvReadOptions {
  /** Bars per batch; default all bars in one batch (see `arrayFeed`). */
  readonly chunk?: number | undefined;
  /**
   * Judges the bars instead of the reader: files are read for parsing only, and the
   * gate gets each instrument's bars as they are in the files. It throws to refuse
   * them, or returns each series sorted by time, cleaned as its policies say.
   */
  readonly gate?: ((series: readonly CsvSeries[]) => Bar[][]) | undefined;
}

/** Several failed reads as one error, so a single run shows every broken file. */
function combine(errors: readonly unknown[]): unknown {
  if (errors.length === 1 || !errors.every(isMoexBotError)) return errors[0];
  const [first] = errors as MoexBotError[];
  const problems: Problem[] = errors.flatMap((error) =>
    error.problems.length > 0
      ? error.problems.map((problem) => ({ ...problem, code: problem.code ?? error.code }))
      : [{ path: 'data', message: error.message, code: error.code }],
  );
  return new MoexBotError(
    first!.code.slice('MOEXBOT_ERR_'.length) as ErrorName,
    `${errors.length} bar files failed to load; first: ${first!.message}`,
    { problems },
  );
}

/** Joins the files of one instrument in time order; they must not overlap. */
function joinInstrument(instrument: string, parts: { file: string; bars: Bar[] }[]): Bar[] {
  if (parts.length === 1) return parts[0]!.bars;
  const filled = parts.filter((part) => part.bars.length > 0);
  filled.sort((a, b) => a.bars[0]!.time - b.bars[0]!.time);
  for (let i = 1; i < filled.length; i++) {
    const before = filled[i - 1]!;
    const after = filled[i]!;
    if (after.bars[0]!.time <= before.bars.at(-1)!.time) {
      throw new MoexBotError(
        'DATA_BARS_UNSORTED',
        `bar files ${before.file} and ${after.file} of ${instrument} overlap in time ` +
          `(${new Date(after.bars[0]!.time).toISOString()} is in both periods)`,
      );
    }
  }
  return filled.flatMap((part) => part.bars);
}

/**
 * Reads every file (in parallel), merges the bars by time (ties in the order the files
 * are listed) and returns a feed with `total` set. Several files of one instrument are
 * joined when their periods do not overlap. Every failing file is reported, not just the first.
 * @example
 * const feed = await csvFeed([
 *   { instrument: 'SBER', file: 'data/SBER.csv' },
 *   { instrument: 'GAZP', file: 'data/GAZP.csv' },
 * ], { from: Date.parse('2026-09-02T00:00:00+03:00') });
 * for await (const batch of feed.batches()) engine.onBars(batch);
 */
export async function csvFeed(
  files: readonly CsvFeedFile[],
  options: CsvFeedOptions = {},
): Promise<BarFeed> {
  const read = options.gate === undefined ? options : { ...options, semantic: false };
  const results = await Promise.allSettled(
    files.map(({ instrument, file }) => readCsvBars(file, instrument, read)),
  );
  const errors = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  if (errors.length > 0) throw combine(errors);
  const byInstrument = new Map<string, { file: string; bars: Bar[] }[]>();
  files.forEach(({ instrument, file }, index) => {
    const bars = (results[index] as PromiseFulfilledResult<Bar[]>).value;
    const parts = byInstrument.get(instrument) ?? [];
    parts.push({ file, bars });
    byInstrument.set(instrument, parts);
  });
  const series =
    options.gate === undefined
      ? [...byInstrument].map(([instrument, parts]) => joinInstrument(instrument, parts))
      : options.gate(
          [...byInstrument].map(([instrument, parts]) => ({
            instrument,
            bars: parts.flatMap((part) => part.bars),
          })),
        );
  return arrayFeed(mergeBars(series), options.chunk);
}
