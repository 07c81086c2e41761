import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME, lockFilePath, readLockFile, writeLockFile } from './lockFile.js';

const HASH = 'a'.repeat(64);

describe('lock file', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-lock-'));
    file = lockFilePath(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('lives beside the config and is absent until written', async () => {
    expect(file).toBe(path.join(dir, LOCK_FILE_NAME));
    expect(await readLockFile(file)).toBeUndefined();
  });

  it('writes datasets sorted by name and reads them back', async () => {
    const lock = {
      lockfileVersion: 1 as const,
      datasets: {
        'tinvest/1m/SBER': { version: 3, hash: HASH },
        'csv/1m/GAZP': { version: 1, hash: 'b'.repeat(64) },
      },
    };
    await writeLockFile(file, lock);
    const text = await readFile(file, 'utf8');
    expect(text.indexOf('csv/1m/GAZP')).toBeLessThan(text.indexOf('tinvest/1m/SBER'));
    expect(text.endsWith('}\n')).toBe(true);
    expect(await readLockFile(file)).toEqual(lock);
  });

  it('says the file is not JSON', async () => {
    await writeFile(file, '{ "lockfileVersion": 1, ');
    await expect(readLockFile(file)).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_LOCK_INVALID',
      message: expect.stringMatching(/moex-bot\.lock is not valid JSON .*moex-bot data lock/),
    });
  });

  it('names every wrong field', async () => {
    await writeFile(
      file,
      JSON.stringify({
        lockfileVersion: 1,
        datasets: { 'csv/1m/SBER': { version: 0, hash: 'xyz' }, 'not-a-dataset': {} },
      }),
    );
    const error = await readLockFile(file).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MOEXBOT_ERR_DATA_LOCK_INVALID' });
    const paths = (error as { problems: { path: string }[] }).problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'moex-bot.lock#datasets["csv/1m/SBER"].version',
        'moex-bot.lock#datasets["csv/1m/SBER"].hash',
      ]),
    );
    expect(paths.some((p) => p.includes('not-a-dataset'))).toBe(true);
  });
});
