import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRunFolder } from './createRunFolder.js';
import { newRunId, RUN_ID_PATTERN } from './runId.js';

describe('newRunId', () => {
  it('is the UTC time then 6 random hex digits', () => {
    const id = newRunId(new Date('2026-11-24T10:15:07.999Z'));
    expect(id).toMatch(RUN_ID_PATTERN);
    expect(id.slice(0, 15)).toBe('20261124-101507');
  });

  it('sorts as the times do, and differs between runs of the same second', () => {
    const ids = ['2026-01-02T00:00:00Z', '2025-12-31T23:59:59Z', '2026-01-01T09:00:00Z'].map(
      (iso) => newRunId(new Date(iso)),
    );
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
    const now = new Date();
    const many = new Set(Array.from({ length: 50 }, () => newRunId(now)));
    expect(many.size).toBe(50);
  });
});

describe('createRunFolder', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-runs-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates the runs folder and the run folder under a new id', async () => {
    const now = new Date('2026-11-24T10:15:00Z');
    const folder = await createRunFolder(path.join(root, 'runs'), now);
    expect(folder.dir).toBe(path.join(root, 'runs', folder.runId));
    expect(folder.runId.startsWith('20261124-101500-')).toBe(true);
    expect(folder.createdAt).toBe(now);
  });

  it('draws another id when one is taken, never sharing a folder', async () => {
    const ids = ['20261124-101500-aaaaaa', '20261124-101500-aaaaaa', '20261124-101500-bbbbbb'];
    const next = () => ids.shift()!;
    const first = await createRunFolder(root, undefined, next);
    const second = await createRunFolder(root, undefined, next);
    expect([first.runId, second.runId]).toEqual([
      '20261124-101500-aaaaaa',
      '20261124-101500-bbbbbb',
    ]);
  });

  it('says in one coded line why the runs folder cannot be made', async () => {
    await writeFile(path.join(root, 'a-file'), 'not a folder');
    await expect(createRunFolder(path.join(root, 'a-file', 'runs'))).rejects.toThrow(
      /^cannot create the results folder .*a-file\/runs \(ENOTDIR\)$/,
    );
    await expect(createRunFolder(path.join(root, 'a-file', 'runs'))).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_CLI_OUTPUT_UNWRITABLE',
    });
  });
});
