// biome-ignore-all lint/suspicious/noTemplateCurlyInString: this file is about ${...} reference syntax
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isSingleReference,
  parseReferences,
  resolveReference,
  type StringPart,
} from './interpolate.js';

type Reference = Exclude<StringPart, { kind: 'text' }>;

function resolveAll(text: string, env: Record<string, string>, dir = '/nowhere'): string {
  const { parts, problems } = parseReferences(text);
  expect(problems).toEqual([]);
  return parts
    .map((part) => {
      if (part.kind === 'text') return part.text;
      const resolved = resolveReference(part as Reference, { env, dir });
      if (!('value' in resolved)) throw new Error(resolved.message);
      return resolved.value;
    })
    .join('');
}

describe('parseReferences', () => {
  it('splits text and references', () => {
    expect(parseReferences('a ${X} b ${file:t.txt}${Y:-d}').parts).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'env', name: 'X' },
      { kind: 'text', text: ' b ' },
      { kind: 'file', path: 't.txt' },
      { kind: 'env', name: 'Y', fallback: 'd' },
    ]);
  });

  it('turns $${ into a literal ${', () => {
    expect(parseReferences('cost $${PRICE} and $$5').parts).toEqual([
      { kind: 'text', text: 'cost ${PRICE} and $$5' },
    ]);
  });

  it('tells a whole reference from one inside text', () => {
    expect(isSingleReference(parseReferences('${LOT}').parts)).toBe(true);
    expect(isSingleReference(parseReferences('x${LOT}').parts)).toBe(false);
    expect(isSingleReference(parseReferences('${A}${B}').parts)).toBe(false);
  });

  it('reports malformed references without echoing them', () => {
    for (const text of ['${UNCLOSED', '${1BAD}', '${has space}', '${file:}', '${}']) {
      const { problems } = parseReferences(text);
      expect(problems, text).toHaveLength(1);
      expect(problems[0]?.code).toBe('CONFIG_REFERENCE_INVALID');
    }
    expect(parseReferences('${secret value}').problems[0]?.message).not.toContain('secret value');
  });
});

describe('resolveReference', () => {
  it('reads variables and applies defaults when unset or empty', () => {
    expect(resolveAll('${A}-${B:-two}-${C:-three}', { A: 'one', C: '' })).toBe('one-two-three');
    expect(resolveAll('${A:-}', {})).toBe('');
  });

  it('keeps an empty variable without a default', () => {
    expect(resolveAll('[${A}]', { A: '' })).toBe('[]');
  });

  it('reports an unset variable', () => {
    const result = resolveReference({ kind: 'env', name: 'NOPE' }, { env: {}, dir: '.' });
    expect(result).toMatchObject({ code: 'CONFIG_ENV_MISSING' });
    expect((result as { message: string }).message).toContain('NOPE');
  });

  it('reads files relative to the config folder, trimming one trailing line break', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-ref-'));
    await writeFile(path.join(dir, 'token'), 't.abc\n');
    await writeFile(path.join(dir, 'crlf'), 'x\r\n');
    await writeFile(path.join(dir, 'two'), 'line1\nline2\n\n');
    expect(resolveAll('${file:token}', {}, dir)).toBe('t.abc');
    expect(resolveAll('${file:crlf}', {}, dir)).toBe('x');
    expect(resolveAll('${file:two}', {}, dir)).toBe('line1\nline2\n');
    expect(resolveAll(`\${file:${path.join(dir, 'token')}}`, {}, '/elsewhere')).toBe('t.abc');
  });

  it('reports an unreadable file', () => {
    const result = resolveReference(
      { kind: 'file', path: 'missing' },
      { env: {}, dir: '/nowhere' },
    );
    expect(result).toMatchObject({ code: 'CONFIG_SECRET_FILE_UNREADABLE' });
    expect((result as { message: string }).message).toContain('ENOENT');
  });
});
