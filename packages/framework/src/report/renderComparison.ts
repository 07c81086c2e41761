/**
 * A page comparing runs: their statistics side by side, and their equity (as growth of
 * one rouble, so runs with different starting cash compare) and drawdown curves on
 * shared charts.
 * @module
 */
import { displayCurve } from './displayCurve.js';
import { escapeHtml } from './html.js';
import type { ReportRun } from './ReportRun.js';
import { reportPage } from './renderReport.js';
import { statisticsRows } from './statisticsRows.js';

/**
 * @example
 * await writeFile('comparison.html', renderComparison([runA, runB]));
 */
export function renderComparison(runs: readonly ReportRun[]): string {
  const tables = runs.map((run) => statisticsRows(run.summary));
  const head = `<tr><th></th>${runs.map((r) => `<th>${escapeHtml(r.name)}<br><span class="meta">${escapeHtml(r.runId)}</span></th>`).join('')}</tr>`;
  const rows = tables[0]!
    .map(
      (row, i) =>
        `<tr><td>${escapeHtml(row.label)}</td>${tables.map((t, run) => `<td data-run="${run}" data-stat="${t[i]!.key}" data-value="${t[i]!.value ?? ''}">${escapeHtml(t[i]!.text)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const curves = runs.map((run) => {
    const curve = displayCurve(run.equity.times, run.equity.equity, run.initialCash);
    return {
      label: `${run.name} ${run.runId}`,
      time: curve.time,
      equity: curve.equity.map((e) => e / run.initialCash),
      drawdown: curve.drawdown,
    };
  });
  const body = `<header>
<h1>Comparison of ${runs.length} runs</h1>
<p class="meta">${runs.map((r) => escapeHtml(r.runId)).join(' · ')}</p>
</header>
<h2>Statistics</h2>
<table class="stats comparison">
${head}
${rows}
</table>
<h2>Growth of 1 RUB</h2>
<div class="chart" data-chart="equity"></div>
<h2>Drawdown, % below the running peak</h2>
<div class="chart small" data-chart="drawdown"></div>`;
  return reportPage(`Comparison of ${runs.length} runs`, body, { curves, candles: [] });
}
