/**
 * The human-readable backtest summary printed by `moex-bot backtest`.
 * @module
 */
import path from 'node:path';
import { rubText } from '../alerts/formatAlert.js';
import type { BacktestResult } from '../backtest/runBacktest.js';

const int = new Intl.NumberFormat('en-US');

function percent(value: number): string {
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(2)} %`;
}

/**
 * The summary of a finished backtest: headline figures, failed strategies, and where
 * the run folder is.
 * @example
 * process.stdout.write(formatSummary(config.name, result, { seconds, runId, outDir, files }));
 */
export function formatSummary(
  name: string,
  result: BacktestResult,
  run: { seconds: number; runId: string; outDir: string; files: readonly string[] },
): string {
  const s = result.summary;
  const period =
    s.start === null || s.end === null
      ? ''
      : `, ${new Date(s.start).toISOString().slice(0, 16)}Z → ${new Date(s.end).toISOString().slice(0, 16)}Z`;
  const rows: [string, string][] = [
    ['Total return', percent(s.totalReturn)],
    ...(s.cagr === undefined ? [] : [['CAGR', percent(s.cagr)] as [string, string]]),
    ['Max drawdown', `${(s.maxDrawdown * 100).toFixed(2)} %`],
    ['Sharpe (daily, annualised)', s.sharpe.toFixed(2)],
    ['Sortino (daily, annualised)', s.sortino.toFixed(2)],
    ['Fills', int.format(s.fills)],
    ['Closed trades', int.format(s.closedTrades)],
    ['Win rate', `${(s.winRate * 100).toFixed(1)} %`],
    ['Profit factor', s.profitFactor === null ? '—' : s.profitFactor.toFixed(2)],
    ['Exposure (time in market)', `${(s.exposure * 100).toFixed(1)} %`],
    ['Commission', rubText(s.commission)],
    ['Final equity', rubText(s.finalEquity)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [
    `Backtest ${name}: ${int.format(result.bars)} bars${period} in ${run.seconds.toFixed(2)} s`,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
  ];
  for (const strategy of result.strategies) {
    if (strategy.status === 'failed')
      lines.push(`  ! strategy ${strategy.name} failed: ${strategy.failure}`);
  }
  const relative = path.relative(process.cwd(), run.outDir) || '.';
  lines.push(
    `Run ${run.runId} in ${relative}/: ${run.files.map((f) => path.basename(f)).join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}
