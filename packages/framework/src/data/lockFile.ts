/**
 * The lock file, `moex-bot.lock` beside the config: the dataset versions backtests read,
 * pinned by number and content hash, so a backtest gives the same result after new data
 * arrives until someone runs `moex-bot data lock` again. Commit it with the config.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { formatConfigPath } from '../config/configPath.js';
import { MoexBotError } from '../errors.js';
import { parseDatasetId } from './datasetId.js';

/** Name of the lock file, in the config's folder. */
export const LOCK_FILE_NAME = 'moex-bot.lock';

/** One pinned dataset version. */
export const LockEntrySchema = z
  .object({
    version: z.number().int().positive(),
    hash: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hex'),
  })
  .strict();

/** The lock file's content. */
export const DataLockSchema = z
  .object({
    lockfileVersion: z.literal(1),
    datasets: z.record(
      z.string().refine((name) => {
        try {
          parseDatasetId(name);
          return true;
        } catch {
          return false;
        }
      }, 'expected a dataset name source/interval/instrument'),
      LockEntrySchema,
    ),
  })
  .strict();

export type LockEntry = z.infer<typeof LockEntrySchema>;
export type DataLock = z.infer<typeof DataLockSchema>;

/** The lock file of the config in `configDir`. */
export function lockFilePath(configDir: string): string {
  return path.join(configDir, LOCK_FILE_NAME);
}

/**
 * Reads a lock file; undefined when it does not exist. Throws
 * `MOEXBOT_ERR_DATA_LOCK_INVALID` listing every problem when it is not valid JSON of the
 * expected shape.
 * @example
 * const lock = await readLockFile(lockFilePath(loaded.dir));
 * lock?.datasets['csv/1m/SBER']; // { version: 2, hash: '…' }
 */
export async function readLockFile(file: string): Promise<DataLock | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MoexBotError(
      'DATA_LOCK_INVALID',
      `lock file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MoexBotError(
      'DATA_LOCK_INVALID',
      `lock file ${file} is not valid JSON (${(error as Error).message}); regenerate it with \`moex-bot data lock\``,
      { cause: error },
    );
  }
  const parsed = DataLockSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      path: `${LOCK_FILE_NAME}#${formatConfigPath(issue.path)}`,
      message: issue.message,
    }));
    throw new MoexBotError(
      'DATA_LOCK_INVALID',
      `lock file ${file} is not a moex-bot lock: ${problems[0]!.path}: ${problems[0]!.message}; regenerate it with \`moex-bot data lock\``,
      { problems },
    );
  }
  return parsed.data;
}

/**
 * Writes a lock file (datasets sorted by name, one per line block, for readable diffs),
 * through a temporary file renamed into place.
 * @example
 * await writeLockFile(lockFilePath(dir), { lockfileVersion: 1, datasets: { 'csv/1m/SBER': { version: 2, hash } } });
 */
export async function writeLockFile(file: string, lock: DataLock): Promise<void> {
  const datasets = Object.fromEntries(
    Object.keys(lock.datasets)
      .sort()
      .map((name) => [name, lock.datasets[name]!]),
  );
  const text = `${JSON.stringify({ lockfileVersion: 1, datasets }, null, 2)}\n`;
  const temporary = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new MoexBotError(
      'CLI_OUTPUT_UNWRITABLE',
      `lock file ${file} cannot be written (${(error as NodeJS.ErrnoException).code ?? error})`,
      { cause: error },
    );
  }
}
