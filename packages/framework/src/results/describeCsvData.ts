/**
 * What a backtest on CSV files read: each file with the sha256 of its bytes, so a run
 * record says exactly which data it ran on.
 * @module
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { RunData } from './RunRecordSchema.js';

/** A bar file as the config lists it. */
export interface CsvBarFile {
  readonly instrument: string;
  /** Path as written in the config (relative to `baseDir`). */
  readonly file: string;
}

/**
 * Hashes each bar file. Paths stay as the config wrote them, so the record reads the
 * same on every machine; a file that cannot be read has no `sha256`.
 * @example
 * const data = await describeCsvData(config.data.bars, configDir);
 * // { kind: 'csv', files: [{ instrument: 'SBER', file: 'data/SBER.csv', sha256: '9c1e…' }] }
 */
export async function describeCsvData(
  files: readonly CsvBarFile[],
  baseDir: string,
): Promise<Extract<RunData, { kind: 'csv' }>> {
  const described = await Promise.all(
    files.map(async ({ instrument, file }) => {
      const sha256 = await sha256File(path.resolve(baseDir, file)).catch(() => undefined);
      return { instrument, file, ...(sha256 === undefined ? {} : { sha256 }) };
    }),
  );
  return { kind: 'csv', files: described };
}

/** sha256 (hex) of a file's bytes, read as a stream: bar files can be large. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
