/**
 * `run.json`, the record of one backtest run: what ran (config hash, engine, plugins,
 * data versions), on what period, with which result, and which files hold the rest.
 * `runs ls` and report generators read it back through {@link RunRecordSchema}.
 * @module
 */
import { z } from 'zod';
import { BacktestStatisticsSchema } from './BacktestStatisticsSchema.js';
import { RUN_ID_PATTERN } from './runId.js';

/** Version of the run folder layout; bumped when a reader must tell layouts apart. */
export const RUN_FORMAT = 1;

/** A CSV bar file a run read, with the sha256 of its bytes; a bare path reads as `{ file }`. */
export const CsvDataFileSchema = z.union([
  z
    .object({
      instrument: z.string().optional(),
      file: z.string(),
      sha256: z.string().optional(),
    })
    .loose(),
  z.string().transform((file) => ({ file })),
]);

/** A dataset version of the market-data store a run read. */
export const StoreDatasetSchema = z
  .object({
    /** `source/interval/instrument`. */
    dataset: z.string(),
    /** Uid of the instrument its bars were fed as. */
    instrument: z.string().optional(),
    version: z.union([z.string(), z.number()]),
    hash: z.string(),
    /** False when no lock entry chose the version and the latest was read. */
    pinned: z.boolean(),
  })
  .loose();

/** What a run read: CSV files, or dataset versions of the store. */
export const RunDataSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('csv'), files: z.array(CsvDataFileSchema) }).loose(),
  z
    .object({ kind: z.literal('store'), store: z.string(), datasets: z.array(StoreDatasetSchema) })
    .loose(),
]);
export type RunData = z.infer<typeof RunDataSchema>;

const isoTime = z.iso.datetime({ offset: true });

/** A file directly inside the run folder: a record cannot send a reader elsewhere. */
const fileName = z.string().regex(/^[^/\\]+$/, 'not a file name inside the run folder');

/** Names of the files of a run folder, by role. */
export const RunFilesSchema = z.object({
  trades: fileName,
  orders: fileName,
  fills: fileName,
  equity: fileName,
  equityArrow: fileName,
  candles: fileName,
  log: fileName,
});
export type RunFiles = z.infer<typeof RunFilesSchema>;

export const RunRecordSchema = z.object({
  format: z.literal(RUN_FORMAT),
  runId: z.string().regex(RUN_ID_PATTERN, 'not a run id (YYYYMMDD-HHMMSS-xxxxxx)'),
  /** The config's `name`. */
  name: z.string(),
  createdAt: isoTime,
  /** sha256 of the canonical JSON of the parsed config (see `configHash`). */
  configHash: z.string().regex(/^[0-9a-f]{64}$/, 'not a sha256 hex digest'),
  engineVersion: z.string(),
  /** `kind:id` → `package@version`. */
  plugins: z.record(z.string(), z.string()),
  initialCash: z.number(),
  data: RunDataSchema,
  /** The data-quality report of the run's bars; filled by the caller that ran the checks. */
  quality: z.unknown().optional(),
  /** First and last bar time of the run; null when it had no bars. */
  period: z.object({ from: isoTime.nullable(), to: isoTime.nullable() }),
  bars: z.number().int().nonnegative(),
  summary: BacktestStatisticsSchema,
  strategies: z.array(
    z.object({ name: z.string(), status: z.string(), failure: z.string().optional() }),
  ),
  /** Width of the display candles of each instrument, ms (see `candles.parquet`). */
  candleIntervals: z.record(z.string(), z.number().int().positive()),
  files: RunFilesSchema,
});

/** The parsed content of `run.json`. */
export type RunRecord = z.infer<typeof RunRecordSchema>;
