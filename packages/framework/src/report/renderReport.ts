/**
 * `report.html` of a run: one self-contained file (the chart library, styles and data
 * inlined, nothing fetched) with the statistics, equity and drawdown curves, monthly
 * returns, candles with entry and exit markers per instrument, the per-instrument
 * breakdown, and the data the run read with its quality report.
 * @module
 */

import { moscowSpanText } from '../quality/moscowText.js';
import { candleMarkers } from './candleMarkers.js';
import { chartsLibrary } from './chartsLibrary.js';
import { displayCurve } from './displayCurve.js';
import { duration, escapeHtml, percent, rub, scriptJson } from './html.js';
import { monthlyReturns } from './monthlyReturns.js';
import type { ReportRun } from './ReportRun.js';
import { REPORT_SCRIPT } from './reportScript.js';
import { REPORT_STYLE } from './reportStyle.js';
import { statisticsRows } from './statisticsRows.js';

/** A whole page around `body`, with the data the charts draw. */
export function reportPage(title: string, body: string, data: unknown): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
${body}
<script id="run-data" type="application/json">${scriptJson(data)}</script>
<script>${chartsLibrary()}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

const sign = (value: number) => (value > 0 ? 'pos' : value < 0 ? 'neg' : '');

function statisticsTable(run: ReportRun): string {
  const rows = statisticsRows(run.summary)
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.label)}</td><td data-stat="${row.key}" data-value="${row.value ?? ''}">${escapeHtml(row.text)}</td></tr>`,
    )
    .join('\n');
  return `<table class="stats">\n${rows}\n</table>`;
}

function heatmap(run: ReportRun): string {
  const months = monthlyReturns(run.equity.times, run.equity.equity, run.initialCash);
  if (months.length === 0) return '<p class="meta">No equity points.</p>';
  const years = [...new Set(months.map((m) => m.year))];
  const head = `<tr><th>Year</th>${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m) => `<th>${m}</th>`).join('')}<th>Year</th></tr>`;
  const body = years
    .map((year) => {
      let compound = 1;
      const cells = Array.from({ length: 12 }, (_, i) => {
        const month = months.find((m) => m.year === year && m.month === i + 1);
        if (month === undefined) return '<td></td>';
        compound *= 1 + month.value;
        // Colour strength saturates at ±10 % a month.
        const strength = Math.min(1, Math.abs(month.value) / 0.1);
        const colour =
          month.value >= 0
            ? `rgba(21, 128, 61, ${(0.1 + 0.5 * strength).toFixed(2)})`
            : `rgba(185, 28, 28, ${(0.1 + 0.5 * strength).toFixed(2)})`;
        return `<td data-month="${year}-${String(i + 1).padStart(2, '0')}" style="background:${colour}">${percent(month.value)}</td>`;
      }).join('');
      return `<tr><td>${year}</td>${cells}<td class="${sign(compound - 1)}">${percent(compound - 1)}</td></tr>`;
    })
    .join('\n');
  return `<table class="heatmap">\n${head}\n${body}\n</table>`;
}

function instrumentsTable(run: ReportRun): string {
  const rows = run.perInstrument
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.instrument)}</td><td>${row.trades}</td><td class="${sign(row.pnl)}">${rub(row.pnl)}</td><td>${rub(row.commission)}</td><td>${percent(row.winRate)}</td></tr>`,
    )
    .join('\n');
  return `<table class="instruments">\n<tr><th>Instrument</th><th>Trades</th><th>P&amp;L, RUB</th><th>Commission, RUB</th><th>Win rate</th></tr>\n${rows}\n</table>`;
}

function factsTable(facts: readonly { label: string; value: string }[], className: string): string {
  if (facts.length === 0) return '<p class="meta">None recorded.</p>';
  const rows = facts
    .map((f) => `<tr><td>${escapeHtml(f.label)}</td><td>${escapeHtml(f.value)}</td></tr>`)
    .join('\n');
  return `<table class="${className}">\n${rows}\n</table>`;
}

function quality(run: ReportRun): string {
  if (run.quality === undefined) return '<p class="meta">No quality checks ran for this run.</p>';
  const badge = run.quality.passed
    ? '<span class="badge ok">passed</span>'
    : '<span class="badge fail">failed</span>';
  return `<p>Data quality: ${badge}</p>\n<pre class="quality">${escapeHtml(run.quality.text)}</pre>`;
}

/** The chart data of one run's page. */
function chartData(run: ReportRun) {
  const curve = displayCurve(run.equity.times, run.equity.equity, run.initialCash);
  return {
    curves: [{ label: run.name, ...curve }],
    candles: run.candles.map((c) => ({
      instrument: c.instrument,
      time: Array.from(c.time, (t) => t / 1_000),
      open: Array.from(c.open),
      high: Array.from(c.high),
      low: Array.from(c.low),
      close: Array.from(c.close),
      markers: candleMarkers(
        c.time,
        run.trades.filter((t) => t.instrument === c.instrument),
      ),
    })),
  };
}

/**
 * @example
 * await writeFile(path.join(runDir, 'report.html'), renderReport(run));
 */
export function renderReport(run: ReportRun): string {
  const { summary } = run;
  const period =
    summary.start === null || summary.end === null
      ? 'no bars'
      : moscowSpanText(summary.start, summary.end);
  const candles = run.candles
    .map(
      (c) =>
        `<h3>${escapeHtml(c.instrument)}</h3>\n<div class="chart" data-chart="candles:${escapeHtml(c.instrument)}"></div>`,
    )
    .join('\n');
  const plugins = Object.entries(run.plugins).map(([label, value]) => ({ label, value }));
  const body = `<header>
<h1>${escapeHtml(run.name)}</h1>
<p class="meta">Run ${escapeHtml(run.runId)} · made ${escapeHtml(run.createdAt)} · engine ${escapeHtml(run.engineVersion)} · ${escapeHtml(period)}</p>
</header>
<h2>Statistics</h2>
${statisticsTable(run)}
<p class="meta">Max drawdown lasted ${duration(summary.maxDrawdownDuration)}; starting cash ${rub(run.initialCash)} RUB.</p>
<h2>Equity, RUB</h2>
<div class="chart" data-chart="equity"></div>
<h2>Drawdown, % below the running peak</h2>
<div class="chart small" data-chart="drawdown"></div>
<h2>Monthly returns (Moscow months)</h2>
${heatmap(run)}
<h2>Instruments</h2>
${instrumentsTable(run)}
${candles}
<h2>Data</h2>
${factsTable(run.data, 'data')}
${quality(run)}
<h2>Plugins</h2>
${factsTable(plugins, 'plugins')}`;
  return reportPage(`${run.name} · ${run.runId}`, body, chartData(run));
}
