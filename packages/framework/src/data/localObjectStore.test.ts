import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeBarStoreContract } from '../testing/barStoreContract.js';
import { localObjectStore } from './localObjectStore.js';

describeBarStoreContract('local folder', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-store-'));
  return { store: localObjectStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
});

describe('localObjectStore', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('keeps objects as files under their keys, and leaves no temporary file behind', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-store-'));
    const store = localObjectStore(dir);
    await store.put('a/b.json', new TextEncoder().encode('{}'));
    await store.put('a/b.json', new TextEncoder().encode('[]'), { ifAbsent: true });
    expect(await readdir(path.join(dir, 'a'))).toEqual(['b.json']);
    expect(store.description).toBe(`folder ${path.resolve(dir)}`);
  });

  it('lists nothing from a folder that does not exist yet, and skips temporary files', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-store-'));
    expect(await localObjectStore(path.join(dir, 'later')).list('')).toEqual([]);
    await writeFile(path.join(dir, 'x.json.123.tmp'), 'half');
    expect(await localObjectStore(dir).list('')).toEqual([]);
  });

  it('reports an unreadable store with a coded error', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-store-'));
    await writeFile(path.join(dir, 'file'), 'not a folder');
    await expect(
      localObjectStore(path.join(dir, 'file')).put('k.json', new Uint8Array(1)),
    ).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_STORE_UNREADABLE',
    });
  });
});
