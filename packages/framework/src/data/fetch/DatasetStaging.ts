/**
 * The staging area of one dataset's download: the chunks finished so far, each saved
 * with its bars before it counts as done, so that a run killed at any moment loses at
 * most the chunk it was fetching. A later run over the same windows picks them up.
 * @module
 */
import { readdir, rm, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Bar } from '../../domain/bar.js';
import { MoexBotError } from '../../errors.js';
import { type DatasetId, formatDatasetId } from '../datasetId.js';
import type { FetchChunk } from './planChunks.js';
import {
  chunkFilePath,
  datasetStateDir,
  type FetchState,
  iso,
  readChunkFile,
  readStateFile,
  type StagedChunk,
  stateFilePath,
  writeChunkFile,
  writeStateFile,
} from './stagingFiles.js';

/** What one dataset's download covers. */
export interface StagingPlan {
  /** Root of all staging folders. */
  readonly stateDir: string;
  readonly dataset: DatasetId;
  /** The venue's uid of the instrument, which the staged bars belong to. */
  readonly instrument: string;
  readonly from: number;
  readonly to: number;
  readonly chunks: readonly FetchChunk[];
}

/** What an earlier, unfinished run had left, and what became of it. */
export interface EarlierRun {
  /** Its range, when its state file could be read. */
  readonly from?: number;
  readonly to?: number;
  /** Why nothing of it could be used, when nothing was. */
  readonly dropped?: string;
  /** Its finished chunks that lie outside this run's chunks, removed. */
  readonly discarded: number;
}

const rangeOf = (state: FetchState) => ({
  from: Date.parse(state.from),
  to: Date.parse(state.to),
});

const failed = (dir: string, what: string, error: unknown) =>
  new MoexBotError(
    'DATA_FETCH_FAILED',
    `cannot ${what} in the download state folder ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    { cause: error },
  );

/**
 * @example
 * const staging = await DatasetStaging.open({ stateDir, dataset, instrument: sber.uid, from, to, chunks });
 * for (const chunk of chunks) {
 *   if (!staging.isDone(chunk)) await staging.stage(chunk, await fetch(chunk), chunk.end <= now);
 * }
 * await store.write(dataset, await staging.bars());
 * await staging.remove();
 */
export class DatasetStaging {
  private readonly done = new Map<number, StagedChunk>();

  private constructor(
    private readonly plan: StagingPlan,
    /** The dataset's staging folder. */
    readonly dir: string,
    /** Chunks of this plan an earlier run finished. */
    readonly resumed: number,
    readonly earlier: EarlierRun | undefined,
    done: readonly StagedChunk[],
  ) {
    for (const chunk of done) this.done.set(Date.parse(chunk.start), chunk);
  }

  /**
   * Opens the dataset's staging folder for `plan`. A finished chunk of an earlier run is
   * kept when this plan has a chunk with the same window, its file is intact, and it was
   * complete; everything else of that run is removed. Records this run's range at once.
   */
  static async open(plan: StagingPlan): Promise<DatasetStaging> {
    const dir = datasetStateDir(plan.stateDir, plan.dataset);
    const previous = await readStateFile(stateFilePath(dir)).catch((error: unknown) => {
      throw failed(dir, 'read state.json', error);
    });
    const windows = new Map(plan.chunks.map((chunk) => [chunk.start, chunk.end]));
    const kept: StagedChunk[] = [];
    let earlier: EarlierRun | undefined;
    const clear = () =>
      rm(dir, { recursive: true, force: true }).catch((error: unknown) => {
        throw failed(dir, 'clear an unusable earlier download', error);
      });
    if (previous === 'unreadable') {
      earlier = { dropped: 'its state.json is damaged', discarded: 0 };
      await clear();
    } else if (previous !== undefined && previous.instrument !== plan.instrument) {
      earlier = {
        ...rangeOf(previous),
        dropped: `it fetched instrument uid ${previous.instrument}, this run ${plan.instrument}`,
        discarded: 0,
      };
      await clear();
    } else if (previous !== undefined) {
      let discarded = 0;
      for (const record of previous.chunks) {
        const chunk = { start: Date.parse(record.start), end: Date.parse(record.end) };
        if (windows.get(chunk.start) !== chunk.end) {
          // Another range: this run will not write these bars, so they go.
          discarded += 1;
          await unlink(chunkFilePath(dir, chunk.start)).catch(() => undefined);
          continue;
        }
        // Incomplete or damaged chunks are simply fetched again.
        if (!record.complete) continue;
        if (record.bars > 0) {
          const bars = await readChunkFile(dir, chunk, plan.instrument);
          if (bars?.length !== record.bars) continue;
        }
        kept.push(record);
      }
      earlier = { ...rangeOf(previous), discarded };
    }
    const staging = new DatasetStaging(plan, dir, kept.length, earlier, kept);
    await staging.save();
    return staging;
  }

  /** `source/interval/instrument`. */
  get name(): string {
    return formatDatasetId(this.plan.dataset);
  }

  /** True when `chunk` is finished and need not be fetched again. */
  isDone(chunk: FetchChunk): boolean {
    return this.done.get(chunk.start)?.end === iso(chunk.end);
  }

  /** Chunks of the plan finished so far. */
  get doneCount(): number {
    return this.plan.chunks.filter((chunk) => this.isDone(chunk)).length;
  }

  /** Bars in the finished chunks. */
  get barCount(): number {
    let bars = 0;
    for (const chunk of this.plan.chunks)
      if (this.isDone(chunk)) bars += this.done.get(chunk.start)!.bars;
    return bars;
  }

  /**
   * Saves a fetched chunk's bars, then records the chunk as done. `complete` is false for
   * a chunk that reaches past the venue's now: it counts for this run, and a later run
   * that finds it fetches it again.
   */
  async stage(chunk: FetchChunk, bars: readonly Bar[], complete: boolean): Promise<void> {
    // The bars first: a chunk recorded as done always has its file.
    if (bars.length > 0) {
      await writeChunkFile(this.dir, chunk, bars).catch((error: unknown) => {
        throw failed(this.dir, `write the bars of chunk ${iso(chunk.start)}`, error);
      });
    }
    this.done.set(chunk.start, {
      start: iso(chunk.start),
      end: iso(chunk.end),
      bars: bars.length,
      complete,
    });
    await this.save();
  }

  /** Every staged bar, in time order; all chunks must be done. */
  async bars(): Promise<Bar[]> {
    const all: Bar[] = [];
    for (const chunk of this.plan.chunks) {
      const record = this.done.get(chunk.start);
      if (record === undefined || !this.isDone(chunk)) {
        throw new Error(`${this.name}: chunk ${iso(chunk.start)} is not fetched yet`);
      }
      if (record.bars === 0) continue;
      const bars = await readChunkFile(this.dir, chunk, this.plan.instrument);
      if (bars?.length !== record.bars) {
        // Forget the chunk, so that the next run fetches it again.
        this.done.delete(chunk.start);
        await this.save();
        throw new MoexBotError(
          'DATA_FETCH_FAILED',
          `${this.name}: the staged bars of chunk ${iso(chunk.start)} are missing or damaged in ${this.dir}; run the command again to fetch that chunk again`,
        );
      }
      for (const bar of bars) all.push(bar);
    }
    return all;
  }

  /** Removes the staging folder, and the folders above it that it leaves empty. */
  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    const root = path.resolve(this.plan.stateDir);
    for (let dir = path.dirname(this.dir); dir.startsWith(root + path.sep); ) {
      const entries = await readdir(dir).catch(() => undefined);
      if (entries === undefined || entries.length > 0) break;
      await rmdir(dir).catch(() => undefined);
      dir = path.dirname(dir);
    }
  }

  private async save(): Promise<void> {
    const state: FetchState = {
      format: 1,
      dataset: this.name,
      instrument: this.plan.instrument,
      from: iso(this.plan.from),
      to: iso(this.plan.to),
      updatedAt: new Date().toISOString(),
      chunks: [...this.done.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start)),
    };
    await writeStateFile(stateFilePath(this.dir), state).catch((error: unknown) => {
      throw failed(this.dir, 'write state.json', error);
    });
  }
}
