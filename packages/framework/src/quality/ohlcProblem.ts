/**
 * Why a bar's prices are inconsistent, in words; run only for bars that fail the check.
 * @module
 */

/** An OHLC problem: the first kind that applies, and every violated relation in words. */
export interface OhlcProblem {
  readonly kind: 'high-below-low' | 'not-positive' | 'open-outside' | 'close-outside';
  readonly detail: string;
}

/**
 * The OHLC problem of a bar, or `undefined` when low ≤ open ≤ high, low ≤ close ≤ high and
 * low > 0 (a zero or negative price is a corrupt field, not a price on MOEX's stock market).
 * @example
 * ohlcProblem(300, 299, 301, 300); // { kind: 'high-below-low', detail: 'high 299 < low 301' }
 */
export function ohlcProblem(
  open: number,
  high: number,
  low: number,
  close: number,
): OhlcProblem | undefined {
  const problems: [OhlcProblem['kind'], string][] = [];
  if (high < low) problems.push(['high-below-low', `high ${high} < low ${low}`]);
  if (!(low > 0)) problems.push(['not-positive', `low ${low} is not positive`]);
  // With high below low there is no range to be inside: saying so once is enough.
  if (high >= low && (open < low || open > high)) {
    problems.push(['open-outside', `open ${open} outside low–high ${low}–${high}`]);
  }
  if (high >= low && (close < low || close > high)) {
    problems.push(['close-outside', `close ${close} outside low–high ${low}–${high}`]);
  }
  const first = problems[0];
  if (first === undefined) return undefined;
  return { kind: first[0], detail: problems.map(([, text]) => text).join('; ') };
}
