import { describe, expect, it } from 'vitest';
import { heapTuningHint, RECOMMENDED_SEMI_SPACE_MB, semiSpaceSetting } from './heapTuning.js';

describe('semiSpaceSetting', () => {
  it('reads the flag from the command line in either spelling', () => {
    expect(semiSpaceSetting(['--max-semi-space-size=64'], undefined)).toBe(64);
    expect(semiSpaceSetting(['--max_semi_space_size', '32'], undefined)).toBe(32);
  });

  it('reads NODE_OPTIONS, the last setting winning as in Node', () => {
    expect(semiSpaceSetting([], '--enable-source-maps --max-semi-space-size=128')).toBe(128);
    expect(semiSpaceSetting(['--max-semi-space-size=16'], '--max-semi-space-size=64')).toBe(64);
  });

  it('is undefined with the default, or with a value that is not a number', () => {
    expect(semiSpaceSetting([], undefined)).toBeUndefined();
    expect(semiSpaceSetting(['--max-old-space-size=4096'], '')).toBeUndefined();
    expect(semiSpaceSetting(['--max-semi-space-size=big'], undefined)).toBeUndefined();
  });
});

describe('heapTuningHint', () => {
  it('names the setting to use while the young generation is below it', () => {
    expect(heapTuningHint(undefined)).toContain(
      `NODE_OPTIONS=--max-semi-space-size=${RECOMMENDED_SEMI_SPACE_MB}`,
    );
    expect(heapTuningHint(16)).toContain('16 MB');
  });

  it('is silent once the recommended size or more is set', () => {
    expect(heapTuningHint(RECOMMENDED_SEMI_SPACE_MB)).toBeUndefined();
    expect(heapTuningHint(256)).toBeUndefined();
  });
});
