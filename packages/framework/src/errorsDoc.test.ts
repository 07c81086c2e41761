import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { errorCatalog } from './errors.js';
import { renderErrorsDoc } from './errorsDoc.js';

/** docs/errors.md at the repository root, three folders above this file (packages/framework/src). */
const page = new URL('../../../docs/errors.md', import.meta.url);

describe('renderErrorsDoc', () => {
  it('lists every catalogue code with what happened and what to do', () => {
    const doc = renderErrorsDoc();
    for (const [name, info] of Object.entries(errorCatalog)) {
      expect(doc).toContain(`| \`MOEXBOT_ERR_${name}\` | ${info.summary.replace(/\|/g, '\\|')} |`);
    }
  });

  it('has one section per area, in the order a run meets them', () => {
    const headings = renderErrorsDoc()
      .split('\n')
      .filter((line) => line.startsWith('## '));
    const areas = headings.map((heading) => /\(`(\w+)`\)/.exec(heading)?.[1]);
    expect(areas.slice(0, 9)).toEqual([
      'PLUGIN',
      'CONFIG',
      'DATA',
      'DOMAIN',
      'ORDER',
      'STRATEGY',
      'RUN',
      'STATE',
      'CLI',
    ]);
  });

  it('explains how to read errors and --debug', () => {
    const doc = renderErrorsDoc();
    expect(doc.startsWith('# Error codes\n')).toBe(true);
    expect(doc).toContain('MOEXBOT_ERR_<AREA>_<CONDITION>');
    expect(doc).toContain('--debug');
  });

  it('matches docs/errors.md (regenerate with `npm run build && npm run docs:errors`)', async () => {
    expect(await readFile(page, 'utf8')).toBe(renderErrorsDoc());
  });
});
