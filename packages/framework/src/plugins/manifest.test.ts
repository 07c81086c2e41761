import { describe, expect, it } from 'vitest';
import { validateManifest } from './manifest.js';

const valid = { manifestVersion: 1, kind: 'strategy', id: 'sma-cross' };

function problemsOf(raw: unknown) {
  const result = validateManifest('moex-bot-strategy-foo', raw);
  if (result.ok) throw new Error('expected the manifest to be refused');
  return result.problems;
}

describe('validateManifest', () => {
  it('accepts a valid manifest and keeps its description', () => {
    expect(validateManifest('p', { ...valid, description: 'Crossing averages' })).toEqual({
      ok: true,
      manifest: { ...valid, description: 'Crossing averages' },
    });
  });

  it('ignores unknown keys so newer plugins stay loadable', () => {
    expect(validateManifest('p', { ...valid, icon: 'chart.svg' })).toEqual({
      ok: true,
      manifest: valid,
    });
  });

  it.each([
    [
      { manifestVersion: 1, id: 'x1' },
      'MOEXBOT_ERR_PLUGIN_KIND_MISSING',
      'moexBot.kind',
      'found no "kind"',
    ],
    [
      { ...valid, kind: 'strat' },
      'MOEXBOT_ERR_PLUGIN_KIND_UNKNOWN',
      'moexBot.kind',
      'found string "strat"',
    ],
    [
      { ...valid, id: 'Bad_Id' },
      'MOEXBOT_ERR_PLUGIN_ID_INVALID',
      'moexBot.id',
      'found string "Bad_Id"',
    ],
    [{ ...valid, id: 'a' }, 'MOEXBOT_ERR_PLUGIN_ID_INVALID', 'moexBot.id', 'found string "a"'],
    [{ ...valid, id: '-lead' }, 'MOEXBOT_ERR_PLUGIN_ID_INVALID', 'moexBot.id', 'kebab-case'],
    [
      { manifestVersion: 1, kind: 'risk' },
      'MOEXBOT_ERR_PLUGIN_ID_INVALID',
      'moexBot.id',
      'found nothing',
    ],
    [
      { ...valid, manifestVersion: 2 },
      'MOEXBOT_ERR_PLUGIN_MANIFEST_VERSION_UNSUPPORTED',
      'moexBot.manifestVersion',
      'found number 2, expected 1',
    ],
    [
      { ...valid, description: 7 },
      'MOEXBOT_ERR_PLUGIN_MANIFEST_INVALID',
      'moexBot.description',
      'expected a string',
    ],
    [
      'strategy',
      'MOEXBOT_ERR_PLUGIN_MANIFEST_INVALID',
      'moexBot',
      'found string "strategy", expected an object',
    ],
    [null, 'MOEXBOT_ERR_PLUGIN_MANIFEST_INVALID', 'moexBot', 'found null'],
    [[valid], 'MOEXBOT_ERR_PLUGIN_MANIFEST_INVALID', 'moexBot', 'found an array'],
  ])('refuses %j with its own code', (raw, code, field, found) => {
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code,
      path: `moex-bot-strategy-foo (package.json#${field})`,
    });
    expect(problems[0]!.message).toContain(found);
  });

  it('says what is expected of a kind', () => {
    expect(problemsOf({ ...valid, kind: 'venue' })[0]!.message).toBe(
      'found string "venue", expected one of strategy, risk, alert, broker',
    );
  });

  it('collects every broken field of one manifest, one problem each', () => {
    const problems = problemsOf({ manifestVersion: '1', id: 'No Good', description: false });
    expect(problems.map((problem) => problem.code).sort()).toEqual([
      'MOEXBOT_ERR_PLUGIN_ID_INVALID',
      'MOEXBOT_ERR_PLUGIN_KIND_MISSING',
      'MOEXBOT_ERR_PLUGIN_MANIFEST_INVALID',
      'MOEXBOT_ERR_PLUGIN_MANIFEST_VERSION_UNSUPPORTED',
    ]);
  });

  it('cuts long found values', () => {
    const message = problemsOf({ ...valid, id: 'x'.repeat(500) })[0]!.message;
    expect(message.length).toBeLessThan(200);
    expect(message).toContain('...');
  });
});
