/**
 * The data-quality checks in front of every backtest: the bars are checked under the
 * config's policies before the engine sees one. A finding at `error` stops the run
 * with one message naming instruments, checks and times; findings at `warn` (or checks
 * `off`) let it go on, with the bars a run cannot use (out of order, repeated, broken
 * OHLC or volume) set aside.
 * @module
 */
import type { BarInterval } from '../contracts/marketData.js';
import { type Bar, saneOhlc } from '../domain/bar.js';
import type { BarFeed } from '../market/feed.js';
import { checkBars } from '../quality/checkBars.js';
import { QualityChecker } from '../quality/QualityChecker.js';
import type { QualityOptions, QualityReport } from '../quality/QualityReport.js';
import { qualityError } from '../quality/qualityError.js';

/** A bar the engine can trade on: finite numbers, a positive low under sane OHLC. */
function usable(bar: Bar): boolean {
  const { open, high, low, close, volume } = bar;
  return (
    Number.isFinite(bar.time) &&
    Number.isFinite(open + high + low + close + volume) &&
    saneOhlc(open, high, low, close) &&
    volume >= 0
  );
}

/**
 * The series sorted by time with the first of each time kept and unusable bars left
 * out; the series itself when it is already clean (the usual case: no copy).
 */
export function usableBars(bars: Bar[]): Bar[] {
  let clean = true;
  for (let i = 0; i < bars.length && clean; i++) {
    clean = usable(bars[i]!) && (i === 0 || bars[i]!.time > bars[i - 1]!.time);
  }
  if (clean) return bars;
  const sorted = bars.filter(usable).sort((a, b) => a.time - b.time);
  return sorted.filter((bar, i) => i === 0 || bar.time !== sorted[i - 1]!.time);
}

/**
 * A gate for `csvFeed`: checks each instrument's bars as the files hold them, labelled
 * by `labelOf(uid)`, hands the report to `onReport`, then refuses (unless `refuse` is
 * false) or cleans.
 * @example
 * const feed = await csvFeed(files, { gate: csvQualityGate(config.data.quality, '1m', tickerOf, keep) });
 */
export function csvQualityGate(
  options: QualityOptions,
  interval: BarInterval,
  labelOf: (uid: string) => string,
  onReport: (report: QualityReport) => void,
  refuse = true,
): (series: readonly { instrument: string; bars: Bar[] }[]) => Bar[][] {
  return (series) => {
    const report = checkBars(
      series.map((s) => ({ instrument: labelOf(s.instrument), bars: s.bars })),
      options,
      interval,
    );
    onReport(report);
    if (refuse && !report.passed) throw qualityError(report);
    return series.map((s) => usableBars(s.bars));
  };
}

/**
 * Checks a feed's bars in one pass (the store's datasets, which are stored sorted and
 * unique); throws when a check at `error` failed, unless `refuse` is false.
 * @example
 * const report = await checkFeedQuality(feed, config.data.quality, '1m', tickerOf);
 */
export async function checkFeedQuality(
  feed: BarFeed,
  options: QualityOptions,
  interval: BarInterval,
  labelOf: (uid: string) => string,
  refuse = true,
): Promise<QualityReport> {
  const checker = new QualityChecker(options, { interval });
  const labels = new Map<string, string>();
  for await (const batch of feed.batches()) {
    for (const bar of batch) {
      let label = labels.get(bar.instrument);
      if (label === undefined) {
        label = labelOf(bar.instrument);
        labels.set(bar.instrument, label);
      }
      checker.add(label, bar);
    }
  }
  const report = checker.report();
  if (refuse && !report.passed) throw qualityError(report);
  return report;
}
