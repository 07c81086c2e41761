/**
 * The terminal text of a quality report.
 * @module
 */
import { describe, expect, it } from 'vitest';
import type { Bar } from '../domain/bar.js';
import { makeBars } from '../testing/makeBars.js';
import { checkBars } from './checkBars.js';
import { formatQualityReport } from './formatQualityReport.js';
import { qualityOptions } from './qualityBars.fixture.js';

function series(): { instrument: string; bars: Bar[] }[] {
  const sber = makeBars(
    'SBER',
    Array.from({ length: 30 }, (_, i) => ({ close: 300 + (i % 3), volume: i < 4 ? -1 : 10 })),
  );
  sber.splice(10, 2);
  sber.splice(20, 0, { ...sber[19]! });
  const gazp = makeBars('GAZP', [130, 131, 132]);
  return [
    { instrument: 'SBER', bars: sber },
    { instrument: 'GAZP', bars: gazp },
  ];
}

describe('formatQualityReport', () => {
  it('prints a line per check and instrument with counts, examples indented', () => {
    const report = checkBars(series(), qualityOptions({ checks: { stale: 'off' } }), '1m', 2);
    expect(formatQualityReport(report).split('\n')).toEqual([
      'Data quality of 2 instruments (1m bars): FAILED, 5 errors, 1 warning',
      '  schema    error  ok',
      '  order     error  SBER  1 duplicate',
      '      2026-09-01 10:21 MSK, bar #21: duplicate time; same prices and volume as the bar already there',
      '  ohlc      error  ok',
      '  volume    error  SBER  4 bars (negative)',
      '      2026-09-01 10:00 MSK, bar #1: volume -1 is negative',
      '      2026-09-01 10:01 MSK, bar #2: volume -1 is negative',
      '      … and 2 more',
      '  missing   warn   SBER  1 hole, 2 missing bars',
      '      2026-09-01 10:10 – 10:11 MSK: 2 bars missing in session between the bars at 2026-09-01 10:09 MSK and 2026-09-01 10:12 MSK',
      '  stale     off    skipped',
      '  outliers  warn   ok',
      'Instruments:',
      '  SBER  29 bars, 2026-09-01 10:00 – 10:29 MSK (1 out of order)',
      '  GAZP  3 bars, 2026-09-01 10:00 – 10:02 MSK',
    ]);
  });

  it('says passed for a clean report and names instruments without valid bars', () => {
    const report = checkBars(
      [{ instrument: 'LKOH', bars: [null as unknown as Bar] }],
      qualityOptions({ checks: { schema: 'warn' } }),
      '1m',
    );
    const text = formatQualityReport(report);
    expect(text).toContain('Data quality of 1 instrument (1m bars): passed, 0 errors, 1 warning');
    expect(text).toContain('      bar #1: not a bar but null');
    expect(text).toContain('  LKOH  1 bar, no valid bars (1 invalid)');
  });
});
