import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandWorkspaces, findWorkspace } from './workspace.js';

let root: string;
const members = [
  'packages/framework',
  'packages/plugins/sma-cross',
  'packages/plugins/rsi',
  'packages/plugins/draft',
  'examples/basic',
  'examples/nested/deep/one',
];
beforeAll(async () => {
  root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'moex-bot-ws-')));
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ workspaces: ['packages/*'] }));
  for (const member of members) {
    await mkdir(path.join(root, member), { recursive: true });
    await writeFile(path.join(root, member, 'package.json'), '{}');
  }
  // Folders without a package.json, hidden folders and node_modules are never members.
  await mkdir(path.join(root, 'packages/plugins/empty'), { recursive: true });
  await mkdir(path.join(root, 'packages/plugins/.cache'), { recursive: true });
  await writeFile(path.join(root, 'packages/plugins/.cache/package.json'), '{}');
  await mkdir(path.join(root, 'examples/node_modules/dep'), { recursive: true });
  await writeFile(path.join(root, 'examples/node_modules/dep/package.json'), '{}');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const expand = (patterns: string[]) =>
  expandWorkspaces({ root, patterns }).then((dirs) => dirs.map((dir) => path.relative(root, dir)));

describe('findWorkspace', () => {
  it('finds the nearest folder declaring workspaces, from inside a member', async () => {
    expect(await findWorkspace(path.join(root, 'packages/plugins/rsi'))).toEqual({
      root,
      patterns: ['packages/*'],
    });
  });

  it('reads the Yarn form { packages: [...] }', async () => {
    const yarn = path.join(root, 'yarn');
    await mkdir(path.join(yarn, 'apps/bot'), { recursive: true });
    await writeFile(
      path.join(yarn, 'package.json'),
      JSON.stringify({ workspaces: { packages: ['apps/*'] } }),
    );
    expect(await findWorkspace(path.join(yarn, 'apps/bot'))).toEqual({
      root: yarn,
      patterns: ['apps/*'],
    });
  });
});

describe('expandWorkspaces', () => {
  it('expands exact paths and dir/* globs to folders holding a package.json', async () => {
    expect(await expand(['packages/framework', './packages/plugins/*'])).toEqual([
      'packages/framework',
      'packages/plugins/draft',
      'packages/plugins/rsi',
      'packages/plugins/sma-cross',
    ]);
  });

  it('supports wildcards inside a segment, ** and ! exclusions', async () => {
    expect(await expand(['packages/plugins/*s*', '!packages/plugins/rsi'])).toEqual([
      'packages/plugins/sma-cross',
    ]);
    expect(await expand(['examples/**'])).toEqual(['examples/basic', 'examples/nested/deep/one']);
  });

  it('ignores patterns that match nothing', async () => {
    expect(await expand(['missing/*', 'nowhere'])).toEqual([]);
  });
});
