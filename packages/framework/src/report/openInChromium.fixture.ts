/**
 * Opens a report file in Debian's headless Chromium (playwright-core) with the network
 * cut off, and reads back what a person would see: console errors, requests that tried
 * to leave the file, whether each chart's canvases hold a drawing, the statistics cells.
 * @module
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/** Debian's Chromium, unless `CHROMIUM_PATH` names another build. */
/**
 * Runs in the page (as text, so that the tests compile without the DOM's types): the
 * painted pixels of each chart's busiest canvas, and the statistics cells.
 */
const READ_PAGE = `(() => {
  const painted = {};
  for (const element of document.querySelectorAll('[data-chart]')) {
    let best = 0;
    for (const canvas of element.querySelectorAll('canvas')) {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) continue;
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        // Anything visible that is not the white background.
        if (pixels[i + 3] > 0 && (pixels[i] < 240 || pixels[i + 1] < 240 || pixels[i + 2] < 240)) count++;
      }
      best = Math.max(best, count);
    }
    painted[element.dataset.chart] = best;
  }
  const stats = {};
  const table = document.querySelector('table.stats');
  for (const cell of table ? table.querySelectorAll('td[data-stat]') : []) {
    if (stats[cell.dataset.stat] === undefined) {
      stats[cell.dataset.stat] = { value: cell.dataset.value ?? '', text: cell.textContent ?? '' };
    }
  }
  return { painted, stats, chartsDrawn: Number(document.body.dataset.charts) };
})()`;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface OpenedReport {
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
  /** URLs other than the file itself that the page asked for. */
  readonly requests: string[];
  /** Per chart container (`data-chart`): painted pixels of its busiest canvas. */
  readonly painted: Record<string, number>;
  /** `data-stat` → { value, text } of the statistics cells (first table only). */
  readonly stats: Record<string, { value: string; text: string }>;
  /** Charts the page script reported as drawn. */
  readonly chartsDrawn: number;
}

/**
 * @example
 * const seen = await openInChromium('/tmp/run/report.html', '/tmp/run/report.png');
 */
export async function openInChromium(file: string, screenshot?: string): Promise<OpenedReport> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does, or set CHROMIUM_PATH`,
    );
  }
  const profile = await mkdtemp(path.join(tmpdir(), 'moexbot-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    offline: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    const url = pathToFileURL(file).href;
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.route('**/*', (route) => {
      if (route.request().url() === url) return route.continue();
      requests.push(route.request().url());
      return route.abort();
    });
    await page.goto(url);
    await page.waitForFunction('document.body.dataset.charts !== undefined', null, {
      timeout: 15_000,
    });
    // Charts paint on the next animation frames.
    await page.waitForTimeout(500);
    const seen = (await page.evaluate(READ_PAGE)) as Pick<
      OpenedReport,
      'painted' | 'stats' | 'chartsDrawn'
    >;
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    return { errors, requests, ...seen };
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
