import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openObjectStore } from './openObjectStore.js';

const S3 = {
  s3: { bucket: 'bars', prefix: 'moex/', region: 'us-east-1', forcePathStyle: true },
} as const;

describe('openObjectStore', () => {
  let project: string;
  beforeEach(async () => {
    project = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-project-'));
  });
  afterEach(() => rm(project, { recursive: true, force: true }));

  it('opens a folder relative to the config', async () => {
    const store = await openObjectStore({ path: 'market' }, project);
    expect(store.description).toBe(`folder ${path.join(project, 'market')}`);
  });

  it('says what to install when the S3 package is missing', async () => {
    await expect(openObjectStore(S3, project)).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_CLI_PACKAGE_MISSING',
      message: expect.stringContaining('the S3 store needs `npm install @moex-bot/store-s3`'),
    });
  });

  it('creates the S3 store through the installed package, with the config’s options', async () => {
    const dir = path.join(project, 'node_modules/@moex-bot/store-s3');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: '@moex-bot/store-s3', type: 'module', exports: './index.js' }),
    );
    await writeFile(
      path.join(dir, 'index.js'),
      'export function createS3ObjectStore(options) {\n' +
        '  return { description: `s3://${options.bucket}/${options.prefix}`, options,\n' +
        '    get: async () => undefined, put: async () => true, list: async () => [] };\n' +
        '}\n',
    );
    const store = await openObjectStore(
      { s3: { ...S3.s3, endpoint: 'http://127.0.0.1:9000' } },
      path.join(project, 'config'),
      project,
    );
    expect(store.description).toBe('s3://bars/moex/');
    expect((store as unknown as { options: unknown }).options).toEqual({
      bucket: 'bars',
      prefix: 'moex/',
      region: 'us-east-1',
      forcePathStyle: true,
      endpoint: 'http://127.0.0.1:9000',
    });
  });

  it('refuses an installed package without the factory', async () => {
    const dir = path.join(project, 'node_modules/@moex-bot/store-s3');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: '@moex-bot/store-s3', type: 'module', main: 'index.js' }),
    );
    await writeFile(path.join(dir, 'index.js'), 'export const nothing = 1;\n');
    await expect(openObjectStore(S3, project)).rejects.toThrow(
      /does not export createS3ObjectStore/,
    );
  });
});
