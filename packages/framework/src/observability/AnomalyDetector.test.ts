import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { AnomalyDetector } from './AnomalyDetector.js';

const options = { zScore: 4, warmup: 10, halfLife: 20, minChange: 50, direction: 'up' as const };

describe('AnomalyDetector', () => {
  it('reports a spike once per episode, with the value and the baseline before it', () => {
    const detector = new AnomalyDetector(options);
    const normal = [1, 1.2, 0.9, 1.1, 1, 1.3, 0.8, 1, 1.1, 1, 0.9, 1.2];
    for (const v of normal) expect(detector.observe(v)).toBeUndefined();
    const first = detector.observe(400);
    expect(first).toMatchObject({ value: 400 });
    expect(first!.baseline).toBeGreaterThan(0.9);
    expect(first!.baseline).toBeLessThan(1.2);
    expect(first!.z).toBeGreaterThan(4);
    // The rest of the episode, and the calm samples that end it, raise nothing.
    for (const v of [420, 390, 1, 1, 1]) expect(detector.observe(v)).toBeUndefined();
    expect(detector.anomalous).toBe(false);
    // The spike did not teach the baseline: a new one is judged against about 1 ms again.
    expect(detector.baseline.mean).toBeLessThan(1.3);
    expect(detector.observe(300)?.value).toBe(300);
  });

  it('needs the floor as well as the z-score, and judges nothing during warm-up', () => {
    const detector = new AnomalyDetector(options);
    for (let i = 0; i < 9; i++) detector.observe(1);
    expect(detector.observe(1000)).toBeUndefined(); // 10th sample: still learning
    const flat = () => {
      const made = new AnomalyDetector(options);
      for (let i = 0; i < 20; i++) made.observe(1);
      return made;
    };
    // Infinitely many deviations away, but only 40 ms: under the floor.
    expect(flat().observe(41)).toBeUndefined();
    expect(flat().observe(51)).toEqual({ value: 51, baseline: 1, deviation: 0, z: Infinity });
  });

  it('watches the side it is told to', () => {
    const up = new AnomalyDetector(options);
    const both = new AnomalyDetector({ ...options, direction: 'both' });
    for (let i = 0; i < 20; i++) {
      up.observe(100);
      both.observe(100);
    }
    expect(up.observe(-500)).toBeUndefined();
    expect(both.observe(-500)).toMatchObject({ value: -500, baseline: 100 });
  });

  test.prop([
    fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 30, maxLength: 200 }),
  ])('never reports samples that stay within the floor of each other', (samples) => {
    const detector = new AnomalyDetector(options);
    for (const v of samples) expect(detector.observe(v)).toBeUndefined();
  });
});
