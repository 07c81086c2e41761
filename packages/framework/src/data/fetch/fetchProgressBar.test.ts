import { describe, expect, it } from 'vitest';
import type { FetchProgress } from './fetchProgress.js';
import { fetchProgressBar } from './fetchProgressBar.js';

const at = (chunksDone: number, phase: FetchProgress['phase'] = 'fetching'): FetchProgress => ({
  dataset: 'tinvest/1m/SBER',
  phase,
  chunksDone,
  chunksTotal: 4,
  chunksResumed: 0,
  bars: chunksDone * 520,
  elapsedMs: 2_000,
  etaMs: undefined,
});

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe('fetchProgressBar', () => {
  it('prints one final line when not on a terminal', () => {
    const out = stream(false);
    const bar = fetchProgressBar(out);
    for (const done of [0, 1, 2, 3, 4]) bar.update(at(done));
    bar.update(at(4, 'writing'));
    bar.update(at(4, 'done'));
    expect(out.written).toEqual(['fetched  4/4 chunks  2,080 bars  in 2s\n']);
  });

  it('draws a bar on a terminal and ends it with the final line', () => {
    const out = stream(true);
    const bar = fetchProgressBar(out);
    bar.update(at(2));
    bar.update(at(3, 'writing'));
    bar.update(at(4, 'done'));
    expect(out.written).toEqual([
      `\r[${'█'.repeat(12)}${'░'.repeat(12)}]  50%  tinvest/1m/SBER  2/4 chunks  1,040 bars\x1b[K`,
      `\r[${'█'.repeat(18)}${'░'.repeat(6)}]  75%  tinvest/1m/SBER  3/4 chunks  1,560 bars  writing the store\x1b[K`,
      '\rfetched  4/4 chunks  2,080 bars  in 2s\x1b[K\n',
    ]);
  });

  it('leaves the line for an error after a bar, and draws nothing when disabled', () => {
    const out = stream(true);
    const bar = fetchProgressBar(out);
    bar.update(at(1));
    bar.abandon();
    expect(out.written.at(-1)).toBe('\n');
    const quiet = stream(true);
    const off = fetchProgressBar(quiet, false);
    off.update(at(1));
    off.update(at(4, 'done'));
    off.abandon();
    expect(quiet.written).toEqual([]);
  });
});
