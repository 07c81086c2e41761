/**
 * Writing a file so that a crash at any moment leaves either the old content or the new,
 * never half of it: the bytes go to a temporary file beside it, which is then renamed
 * over the target (a rename within one folder is atomic on POSIX file systems).
 * @module
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces `file` with `content` atomically, creating its folder when needed.
 * @example
 * await writeFileAtomic('state/fetch/tinvest/1m/SBER/state.json', JSON.stringify(state));
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
