/**
 * The files of a download in progress, one folder per dataset under the state folder:
 *
 * ```
 * <stateDir>/<source>/<interval>/<instrument>/state.json                 the plan and the chunks done
 * <stateDir>/<source>/<interval>/<instrument>/chunks/20240311T000000Z.json the bars of a chunk
 * ```
 *
 * Both are JSON written atomically (temporary file + rename): a process killed at any
 * moment leaves the last complete state, never a torn one.
 * @module
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Bar } from '../../domain/bar.js';
import { type DatasetId, formatDatasetId } from '../datasetId.js';
import type { FetchChunk } from './planChunks.js';
import { writeFileAtomic } from './writeFileAtomic.js';

const isoTime = z.iso.datetime();

/** One chunk recorded as done. */
export const StagedChunkSchema = z.strictObject({
  start: isoTime,
  end: isoTime,
  /** Bars the chunk holds; a chunk without bars (a weekend) has no file. */
  bars: z.number().int().min(0),
  /** False when the chunk reached past the venue's "now": a later run fetches it again. */
  complete: z.boolean(),
});

/** `state.json`: what is being fetched, and which chunks are done. */
export const FetchStateSchema = z.strictObject({
  format: z.literal(1),
  /** `source/interval/instrument`. */
  dataset: z.string(),
  /** The venue's uid of the instrument the bars were fetched for. */
  instrument: z.string(),
  /** The range of the run that wrote the file. */
  from: isoTime,
  to: isoTime,
  updatedAt: isoTime,
  chunks: z.array(StagedChunkSchema),
});

export type StagedChunk = z.infer<typeof StagedChunkSchema>;
export type FetchState = z.infer<typeof FetchStateSchema>;

const column = z.array(z.number());

/** A chunk file: the chunk's bars as columns, which keeps the JSON small. */
const ChunkFileSchema = z
  .strictObject({
    format: z.literal(1),
    start: isoTime,
    end: isoTime,
    time: column,
    open: column,
    high: column,
    low: column,
    close: column,
    volume: column,
  })
  .refine(
    (file) =>
      [file.open, file.high, file.low, file.close, file.volume].every(
        (values) => values.length === file.time.length,
      ),
    'columns of different lengths',
  );

export const iso = (time: number) => new Date(time).toISOString();

/** The staging folder of a dataset. */
export function datasetStateDir(stateDir: string, dataset: DatasetId): string {
  return path.join(stateDir, ...formatDatasetId(dataset).split('/'));
}

/** The state file in a dataset's staging folder. */
export function stateFilePath(dir: string): string {
  return path.join(dir, 'state.json');
}

/** A chunk's file: `chunks/20240311T000000Z.json` (no colons, which some file systems refuse). */
export function chunkFilePath(dir: string, start: number): string {
  const stamp = iso(start)
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return path.join(dir, 'chunks', `${stamp}.json`);
}

/** The parsed state file; undefined when there is none, `unreadable` when it is damaged. */
export async function readStateFile(file: string): Promise<FetchState | 'unreadable' | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = FetchStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

export function writeStateFile(file: string, state: FetchState): Promise<void> {
  return writeFileAtomic(file, `${JSON.stringify(state, null, 1)}\n`);
}

/** Writes a chunk's bars (sorted by time) to its file. */
export function writeChunkFile(
  dir: string,
  chunk: FetchChunk,
  bars: readonly Bar[],
): Promise<void> {
  const content = {
    format: 1,
    start: iso(chunk.start),
    end: iso(chunk.end),
    time: bars.map((bar) => bar.time),
    open: bars.map((bar) => bar.open),
    high: bars.map((bar) => bar.high),
    low: bars.map((bar) => bar.low),
    close: bars.map((bar) => bar.close),
    volume: bars.map((bar) => bar.volume),
  };
  return writeFileAtomic(chunkFilePath(dir, chunk.start), JSON.stringify(content));
}

/**
 * The bars of a chunk file, as bars of `instrument`; undefined when the file is missing,
 * damaged, or holds another window than `chunk` (the chunk is then fetched again).
 */
export async function readChunkFile(
  dir: string,
  chunk: FetchChunk,
  instrument: string,
): Promise<Bar[] | undefined> {
  let parsed: z.infer<typeof ChunkFileSchema>;
  try {
    const result = ChunkFileSchema.safeParse(
      JSON.parse(await readFile(chunkFilePath(dir, chunk.start), 'utf8')),
    );
    if (!result.success) return undefined;
    parsed = result.data;
  } catch {
    return undefined;
  }
  if (parsed.start !== iso(chunk.start) || parsed.end !== iso(chunk.end)) return undefined;
  return parsed.time.map((time, i) => ({
    instrument,
    time,
    open: parsed.open[i]!,
    high: parsed.high[i]!,
    low: parsed.low[i]!,
    close: parsed.close[i]!,
    volume: parsed.volume[i]!,
  }));
}
