import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  METRICS_DOC_MARKERS,
  renderMetricsDoc,
  sessionMetrics,
  updateMetricsDoc,
} from './metricsDoc.js';

const page = fileURLToPath(new URL('../../../../docs/metrics.md', import.meta.url));

/** Table cells trimmed: Biome pads Markdown columns, which changes no content. */
function normalize(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split(/(?<!\\)\|/)
            .map((cell) => (/^\s*:?-+:?\s*$/.test(cell) ? '---' : cell.trim()))
            .join('|')
        : line,
    )
    .join('\n');
}

describe('the metrics reference', () => {
  it('lists every metric of a live session with its type and labels', () => {
    const byName = new Map(sessionMetrics().map((m) => [m.name, m]));
    expect(byName.get('moexbot_orders_submitted_total')).toMatchObject({
      type: 'counter',
      labels: ['strategy'],
    });
    expect(byName.get('moexbot_order_ack_seconds')).toMatchObject({
      type: 'histogram',
      labels: ['outcome'],
    });
    expect(byName.get('moexbot_alerts_suppressed_total')?.labels).toEqual(['channel', 'reason']);
    for (const metric of byName.values()) expect(metric.help.length).toBeGreaterThan(10);
  });

  it('matches docs/metrics.md (set MOEXBOT_UPDATE_DOCS=1 to refresh the page)', async () => {
    const current = await readFile(page, 'utf8');
    expect(current).toContain(METRICS_DOC_MARKERS.start);
    const expected = updateMetricsDoc(current);
    if (process.env['MOEXBOT_UPDATE_DOCS'] === '1') await writeFile(page, expected);
    else expect(normalize(current)).toBe(normalize(expected));
    expect(renderMetricsDoc()).toContain('| `moexbot_ready` | gauge | — |');
  });
});
