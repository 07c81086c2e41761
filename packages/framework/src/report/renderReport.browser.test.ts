import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInChromium } from './openInChromium.fixture.js';
import { renderComparison } from './renderComparison.js';
import { renderReport } from './renderReport.js';
import { sampleReportRun } from './report.fixture.js';
import { statisticsRows } from './statisticsRows.js';

/** Screenshots are kept here for a person to look at (CI keeps the folder). */
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../../../artifacts');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'moexbot-report-'));
  await mkdir(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('report.html in headless Chromium, network off', () => {
  it('draws every chart without console errors or requests, and shows the run’s statistics', async () => {
    const { run } = await sampleReportRun('sma');
    const file = path.join(dir, 'report.html');
    await writeFile(file, renderReport(run));
    const screenshot = path.join(SCREENSHOTS, 'report.png');
    const seen = await openInChromium(file, screenshot);

    expect(seen.errors).toEqual([]);
    expect(seen.requests).toEqual([]);
    // Equity, drawdown and one candle chart per instrument.
    expect(Object.keys(seen.painted).sort()).toEqual(
      ['candles:LKOH', 'candles:SBER', 'drawdown', 'equity'].sort(),
    );
    expect(seen.chartsDrawn).toBe(4);
    for (const [chart, pixels] of Object.entries(seen.painted)) {
      expect(pixels, `chart ${chart} is blank`).toBeGreaterThan(500);
    }
    expect(run.summary.closedTrades).toBeGreaterThan(4);
    for (const row of statisticsRows(run.summary)) {
      expect(seen.stats[row.key], row.key).toEqual({
        value: String(row.value ?? ''),
        text: row.text,
      });
      if (typeof row.value === 'number') expect(Number(seen.stats[row.key]!.value)).toBe(row.value);
    }
  });

  it('compares runs on one page', async () => {
    const a = (await sampleReportRun('first')).run;
    const b = { ...(await sampleReportRun('second')).run, initialCash: 2_000_000 };
    const file = path.join(dir, 'comparison.html');
    await writeFile(file, renderComparison([a, b]));
    const seen = await openInChromium(file, path.join(SCREENSHOTS, 'comparison.png'));
    expect(seen.errors).toEqual([]);
    expect(seen.requests).toEqual([]);
    expect(seen.chartsDrawn).toBe(2);
    expect(seen.painted.equity).toBeGreaterThan(500);
    expect(seen.painted.drawdown).toBeGreaterThan(500);
    expect(seen.stats.totalReturn?.value).toBe(String(a.summary.totalReturn));
  });
});
