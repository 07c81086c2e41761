/**
 * The runs of a runs folder, newest first, each read back from its `run.json`; a folder
 * that cannot be read is listed with the reason instead of stopping the listing.
 * @module
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { RunRecord } from './RunRecordSchema.js';
import { readRunRecord } from './readRunRecord.js';
import { RUN_ID_PATTERN } from './runId.js';

/** One sub-folder of the runs folder. */
export type RunListing =
  | { readonly ok: true; readonly dir: string; readonly record: RunRecord }
  | { readonly ok: false; readonly dir: string; readonly reason: string };

/**
 * Lists the sub-folders of `runsDir`, newest first: run ids start with the run's UTC
 * time, so they sort by it. Folders not named as runs come last, by name. A missing
 * runs folder has no runs.
 * @example
 * for (const run of await listRuns('runs')) console.log(run.ok ? run.record.runId : run.reason);
 */
export async function listRuns(runsDir: string): Promise<RunListing[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(runsDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const listings = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map(async (entry): Promise<RunListing> => {
        const dir = path.join(runsDir, entry.name);
        try {
          return { ok: true, dir, record: await readRunRecord(dir) };
        } catch (error) {
          return { ok: false, dir, reason: (error as Error).message };
        }
      }),
  );
  return listings.sort(newestFirst);
}

function newestFirst(a: RunListing, b: RunListing): number {
  const [nameA, nameB] = [path.basename(a.dir), path.basename(b.dir)];
  const [runA, runB] = [RUN_ID_PATTERN.test(nameA), RUN_ID_PATTERN.test(nameB)];
  if (runA !== runB) return runA ? -1 : 1;
  return runA ? compare(nameB, nameA) : compare(nameA, nameB);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
