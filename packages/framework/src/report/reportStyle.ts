/**
 * The report's stylesheet, inlined: plain, printable, readable on a phone.
 * @module
 */
export const REPORT_STYLE = `
:root { color-scheme: light; --ink: #1f2933; --muted: #64748b; --line: #e2e8f0; --up: #15803d; --down: #b91c1c; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.meta { color: var(--muted); margin: 0; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
.stats td:first-child { color: var(--muted); }
.pos { color: var(--up); }
.neg { color: var(--down); }
.chart { width: 100%; height: 320px; margin: 4px 0 12px; }
.chart.small { height: 200px; }
.heatmap td { min-width: 58px; font-variant-numeric: tabular-nums; }
pre { background: #f8fafc; border: 1px solid var(--line); padding: 10px; overflow-x: auto; font-size: 12px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; }
.badge.ok { background: #dcfce7; color: var(--up); }
.badge.fail { background: #fee2e2; color: var(--down); }
`;
