import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRuns } from './listRuns.js';
import { writeSampleRun } from './runResult.fixture.js';

describe('listRuns', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-list-runs-'));
    await writeSampleRun(root, new Date('2026-11-24T10:15:00Z'), { name: 'older' });
    await writeSampleRun(root, new Date('2026-11-25T08:00:00Z'), { name: 'newer' });
    // A run that failed before writing run.json, and one whose run.json was damaged.
    await mkdir(path.join(root, '20261125-090000-aaaaaa'));
    await mkdir(path.join(root, '20261123-090000-bbbbbb'));
    await writeFile(path.join(root, '20261123-090000-bbbbbb', 'run.json'), '{"format": 1}');
    await writeFile(path.join(root, 'notes.txt'), 'not a run');
    await mkdir(path.join(root, 'scratch'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lists every run folder newest first, unreadable ones with the reason', async () => {
    const runs = await listRuns(root);
    expect(runs.map((run) => [path.basename(run.dir).slice(0, 15), run.ok])).toEqual([
      ['20261125-090000', false],
      ['20261125-080000', true],
      ['20261124-101500', true],
      ['20261123-090000', false],
      ['scratch', false],
    ]);
    const [missing, newer, older, damaged] = runs;
    expect(newer!.ok && newer!.record.name).toBe('newer');
    expect(older!.ok && older!.record.name).toBe('older');
    expect(!missing!.ok && missing!.reason).toMatch(
      /20261125-090000-aaaaaa\/run\.json is missing$/,
    );
    expect(!damaged!.ok && damaged!.reason).toMatch(/run\.json is not a valid run record: runId: /);
  });

  it('finds no runs in a runs folder that does not exist yet', async () => {
    expect(await listRuns(path.join(root, 'none'))).toEqual([]);
  });
});
