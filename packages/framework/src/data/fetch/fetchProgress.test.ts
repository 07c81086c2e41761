import { describe, expect, it } from 'vitest';
import { type FetchProgress, formatDuration, formatFetchProgress } from './fetchProgress.js';

const progress: FetchProgress = {
  dataset: 'tinvest/1m/SBER',
  phase: 'fetching',
  chunksDone: 12,
  chunksTotal: 20,
  chunksResumed: 5,
  bars: 6240,
  elapsedMs: 3_000,
  etaMs: 4_200,
};

describe('formatFetchProgress', () => {
  it('says chunks done, resumed, bars and the time left while fetching', () => {
    expect(formatFetchProgress(progress)).toBe(
      'tinvest/1m/SBER  12/20 chunks (5 resumed)  6,240 bars  ETA 4s',
    );
    expect(formatFetchProgress({ ...progress, chunksResumed: 0, etaMs: undefined })).toBe(
      'tinvest/1m/SBER  12/20 chunks  6,240 bars',
    );
    expect(formatFetchProgress({ ...progress, phase: 'writing', etaMs: 0 })).toBe(
      'tinvest/1m/SBER  12/20 chunks (5 resumed)  6,240 bars  writing the store',
    );
  });

  it('ends with the total time', () => {
    expect(
      formatFetchProgress({ ...progress, phase: 'done', chunksDone: 20, elapsedMs: 65_000 }),
    ).toBe('fetched  20/20 chunks (5 resumed)  6,240 bars  in 1m05s');
  });

  it('formats durations for people', () => {
    expect([formatDuration(400), formatDuration(42_000), formatDuration(3_725_000)]).toEqual([
      '0s',
      '42s',
      '1h02m',
    ]);
  });
});
