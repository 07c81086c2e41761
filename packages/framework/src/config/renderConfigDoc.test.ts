import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './loadConfig.js';
import { CONFIG_DOC_MARKERS, renderConfigDoc, updateConfigDoc } from './renderConfigDoc.js';

const page = fileURLToPath(new URL('../../../../docs/config.md', import.meta.url));

/**
 * The page with table cells trimmed: Biome's Markdown formatter pads columns to one width,
 * which changes no content, so `npm run format` must not fail this test.
 */
function normalize(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => {
      if (!line.startsWith('|')) return line;
      const cells = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim());
      return `| ${cells.map((cell) => (/^:?-+:?$/.test(cell) ? '---' : cell)).join(' | ')} |`;
    })
    .join('\n');
}

describe('renderConfigDoc', () => {
  it('lists every section and nested field with type, default and meaning', () => {
    const tables = renderConfigDoc();
    for (const section of [
      'name',
      'mode',
      'instruments',
      'data',
      'strategies',
      'risk',
      'broker',
      'alerts',
      'backtest',
      'engine',
      'logging',
    ]) {
      expect(tables).toContain(`### \`${section}\``);
    }
    expect(tables).toContain(
      '| `instruments[].lot` | integer > 0 | required | Pieces in one lot |',
    );
    expect(tables).toContain(
      '| `risk.limits.onExposureBreach` | `"resize"`, `"deny"` | default `"resize"` |',
    );
    expect(tables).toContain('| `engine.historySize` | integer ≥ 1, ≤ 1000000 | default `500` |');
    // A `|` inside a description must not split the table cell.
    expect(tables).toContain('Cap on \\|position\\|');
  });

  it('matches docs/config.md (set MOEXBOT_UPDATE_DOCS=1 to refresh the page)', async () => {
    const current = await readFile(page, 'utf8');
    const expected = updateConfigDoc(current);
    expect(current).toContain(CONFIG_DOC_MARKERS.start);
    if (process.env['MOEXBOT_UPDATE_DOCS'] === '1') await writeFile(page, expected);
    else expect(normalize(current)).toBe(normalize(expected));
  });
});

describe('docs/config.md', () => {
  it('has a complete example that loads', async () => {
    const markdown = await readFile(page, 'utf8');
    const example = /## A complete example\s+```yaml\n([\s\S]*?)```/.exec(markdown)?.[1];
    expect(example).toBeDefined();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-doc-example-'));
    await mkdir(path.join(dir, 'secrets'));
    await writeFile(path.join(dir, 'secrets', 'telegram-bot-token'), '123456:doc-example-bot\n');
    await writeFile(path.join(dir, 'moex-bot.yaml'), example as string);
    const env = {
      TINVEST_TOKEN: 't.doc-example',
      TINVEST_ACCOUNT_ID: '2000000001',
      ALERT_WEBHOOK_URL: 'https://hooks.example.com/moex-bot',
    };
    const { config } = await loadConfig(path.join(dir, 'moex-bot.yaml'), { env });
    expect(config.mode).toBe('sandbox');
    expect(config.alerts[0]?.params['botToken']).toBe('123456:doc-example-bot');
    expect(config.alerts[1]).toMatchObject({
      minSeverity: 'critical',
      rateLimit: { perMinute: 10 },
    });
    expect(config.metrics.listen).toBe('127.0.0.1:9464');
  });
});
