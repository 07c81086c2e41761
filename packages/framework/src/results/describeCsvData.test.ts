import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCsvData, sha256File } from './describeCsvData.js';

describe('describeCsvData', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-csv-data-'));
    await writeFile(path.join(root, 'SBER.csv'), 'abc');
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lists each file as the config wrote it, with the sha256 of its bytes', async () => {
    // sha256('abc'), the FIPS 180-2 test vector.
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(await sha256File(path.join(root, 'SBER.csv'))).toBe(abc);
    expect(
      await describeCsvData(
        [
          { instrument: 'SBER', file: 'SBER.csv' },
          { instrument: 'GAZP', file: 'missing/GAZP.csv' },
        ],
        root,
      ),
    ).toEqual({
      kind: 'csv',
      files: [
        { instrument: 'SBER', file: 'SBER.csv', sha256: abc },
        { instrument: 'GAZP', file: 'missing/GAZP.csv' },
      ],
    });
  });
});
