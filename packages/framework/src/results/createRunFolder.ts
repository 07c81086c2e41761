/**
 * Creates the folder of a new run inside the runs folder, under a fresh run id.
 * @module
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { MoexBotError } from '../errors.js';
import { newRunId } from './runId.js';

/** A run folder just created, empty. */
export interface RunFolder {
  readonly runId: string;
  /** Absolute path of `<runsDir>/<runId>`. */
  readonly dir: string;
  /** When the run was made: the time in its id. */
  readonly createdAt: Date;
}

/**
 * Creates `<runsDir>/<run-id>/`. The run's own folder is made without `recursive`, so
 * an id already taken (two runs in the same second drawing the same random digits) is
 * noticed and another drawn, never shared. Checked before a run starts, so a bad
 * `--out` costs nothing.
 * @example
 * const { runId, dir } = await createRunFolder('runs'); // runs/20261124-101500-3fa9c1
 */
export async function createRunFolder(
  runsDir: string,
  now: Date = new Date(),
  newId: (now: Date) => string = newRunId,
): Promise<RunFolder> {
  const root = path.resolve(runsDir);
  await tryCreate(root, () => mkdir(root, { recursive: true }));
  for (let attempt = 0; ; attempt++) {
    const runId = newId(now);
    const dir = path.join(root, runId);
    try {
      await mkdir(dir);
      return { runId, dir, createdAt: now };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 16)
        throw unwritable(dir, error);
    }
  }
}

async function tryCreate(dir: string, create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (error) {
    throw unwritable(dir, error);
  }
}

function unwritable(dir: string, error: unknown): MoexBotError {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new MoexBotError(
    'CLI_OUTPUT_UNWRITABLE',
    `cannot create the results folder ${dir} (${reason})`,
    { cause: error },
  );
}
