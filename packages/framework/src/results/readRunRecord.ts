/**
 * Reads and checks the `run.json` of a run folder.
 * @module
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MoexBotError } from '../errors.js';
import { type RunRecord, RunRecordSchema } from './RunRecordSchema.js';

/** Name of the record file in every run folder. */
export const RUN_RECORD_FILE = 'run.json';

/**
 * The record of the run in `dir`. Throws `RUN_NOT_FOUND` naming the file when the folder
 * has no `run.json`, or one that is not JSON or not a run record (with the first
 * problems and their paths): a reader never gets a half-valid record.
 * @example
 * const record = await readRunRecord('runs/20261124-101500-3fa9c1');
 * console.log(record.summary.sharpe);
 */
export async function readRunRecord(dir: string): Promise<RunRecord> {
  const file = path.join(dir, RUN_RECORD_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'is missing' : `cannot be read (${code ?? error})`;
    throw new MoexBotError('RUN_NOT_FOUND', `${file} ${reason}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MoexBotError(
      'RUN_NOT_FOUND',
      `${file} is not valid JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const parsed = RunRecordSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    const more = parsed.error.issues.length > 3 ? ` (+${parsed.error.issues.length - 3} more)` : '';
    throw new MoexBotError(
      'RUN_NOT_FOUND',
      `${file} is not a valid run record: ${problems.join('; ')}${more}`,
    );
  }
  return parsed.data;
}
