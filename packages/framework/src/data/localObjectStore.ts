/**
 * The default backend: objects are files under a folder, keys are their relative
 * paths. Writes go to a temporary file first and are renamed into place, so a reader
 * never sees half an object, and a crash leaves no half-written file under a real key.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MoexBotError } from '../errors.js';
import { assertObjectKey, type ObjectStore } from './ObjectStore.js';

/** A store in `root` (created on the first write). */
export function localObjectStore(root: string): ObjectStore {
  const absolute = path.resolve(root);
  const fileOf = (key: string) => {
    assertObjectKey(key);
    return path.join(absolute, ...key.split('/'));
  };
  const failed = (what: string, error: unknown): never => {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new MoexBotError(
      'DATA_STORE_UNREADABLE',
      `market-data store ${absolute}: cannot ${what} (${code})`,
      { cause: error },
    );
  };
  return {
    description: `folder ${absolute}`,
    async get(key) {
      try {
        return new Uint8Array(await readFile(fileOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        return failed(`read ${key}`, error);
      }
    },
    async put(key, body, options = {}) {
      const file = fileOf(key);
      const temporary = `${file}.${randomUUID()}.tmp`;
      try {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(temporary, body);
        if (options.ifAbsent) {
          // link() fails when the target exists: the first writer wins, atomically.
          try {
            await link(temporary, file);
            return true;
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
            throw error;
          } finally {
            await unlink(temporary).catch(() => undefined);
          }
        }
        await rename(temporary, file);
        return true;
      } catch (error) {
        await unlink(temporary).catch(() => undefined);
        return failed(`write ${key}`, error);
      }
    },
    async list(prefix) {
      const keys: string[] = [];
      const walk = async (folder: string, keyPrefix: string): Promise<void> => {
        let entries: import('node:fs').Dirent[];
        try {
          entries = await readdir(folder, { withFileTypes: true });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
          failed(`list ${keyPrefix || '/'}`, error);
          return;
        }
        for (const entry of entries) {
          const key = `${keyPrefix}${entry.name}`;
          if (entry.isDirectory()) await walk(path.join(folder, entry.name), `${key}/`);
          else if (!entry.name.endsWith('.tmp')) keys.push(key);
        }
      };
      // Start at the deepest folder the prefix names; filter the rest by text.
      const folderPart = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/') + 1) : '';
      if (folderPart !== '') assertObjectKey(folderPart.slice(0, -1));
      await walk(path.join(absolute, ...folderPart.split('/').filter(Boolean)), folderPart);
      return keys.filter((key) => key.startsWith(prefix)).sort();
    },
  };
}
