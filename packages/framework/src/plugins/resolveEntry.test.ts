import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEntry } from './resolveEntry.js';

let dir: string;
beforeAll(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'moex-bot-entry-')));
  for (const file of [
    'index.js',
    'esm.js',
    'node.js',
    'default.js',
    'lib/main.js',
    'lib/index.js',
  ]) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), 'export default 1;\n');
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveEntry', () => {
  it.each([
    ['a string', { exports: './esm.js' }, 'esm.js'],
    [
      'a subpath map',
      { exports: { '.': './esm.js', './package.json': './package.json' } },
      'esm.js',
    ],
    [
      'import before node and default',
      { exports: { default: './default.js', node: './node.js', import: './esm.js' } },
      'esm.js',
    ],
    [
      'node before default',
      { exports: { '.': { require: './x.cjs', default: './default.js', node: './node.js' } } },
      'node.js',
    ],
    [
      'default when nothing better',
      { exports: { '.': { types: './x.d.ts', default: './default.js' } } },
      'default.js',
    ],
    [
      'nested conditions',
      { exports: { '.': { node: { require: './x.cjs', import: './esm.js' } } } },
      'esm.js',
    ],
    ['fallback arrays', { exports: { '.': [{ worker: './w.js' }, './default.js'] } }, 'default.js'],
    ['exports over main', { exports: './esm.js', main: 'index.js' }, 'esm.js'],
    ['main', { main: 'lib/main.js' }, 'lib/main.js'],
    ['main without extension', { main: './lib/main' }, 'lib/main.js'],
    ['main naming a folder', { main: 'lib' }, 'lib/index.js'],
  ])('takes %s', async (_case, json, file) => {
    expect(await resolveEntry(dir, json)).toEqual({ ok: true, entry: path.join(dir, file) });
  });

  it.each([
    [
      'no "." export',
      { exports: { './sub': './esm.js' } },
      'package.json#exports',
      'found no "." export',
    ],
    [
      'only require',
      { exports: { '.': { require: './x.cjs' } } },
      'package.json#exports',
      'found no "." export',
    ],
    [
      'a bare target',
      { exports: 'esm.js' },
      'package.json#exports',
      'expected a path starting with "./"',
    ],
    ['a missing file', { exports: './dist/index.js' }, 'package.json#exports', 'does not exist'],
    ['a non-string main', { main: 42 }, 'package.json#main', 'found number 42'],
    ['nothing', {}, 'package.json#exports', 'found neither "exports" nor "main"'],
  ])('refuses %s', async (_case, json, field, message) => {
    const result = await resolveEntry(dir, json);
    expect(result).toMatchObject({ ok: false, field });
    expect(result.ok ? '' : result.message).toContain(message);
  });
});
