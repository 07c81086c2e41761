/**
 * Moscow wall-clock text of finding times.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { fromMoscow } from '../market/moscowTime.js';
import { isoTime, moscowSpanText, moscowText } from './moscowText.js';

const at = (day: number, hour: number, minute: number): number =>
  fromMoscow(2026, 9, day, hour, minute);

describe('moscowText', () => {
  it('writes Moscow date and time, with seconds only when a time has them', () => {
    expect(moscowText(at(1, 10, 5))).toBe('2026-09-01 10:05 MSK');
    expect(moscowText(at(1, 10, 5) + 30_000)).toBe('2026-09-01 10:05:30 MSK');
    expect(moscowText(at(1, 10, 5) + 1_500)).toBe('2026-09-01 10:05:01.500 MSK');
    expect(moscowText(at(2, 0, 0))).toBe('2026-09-02 00:00 MSK');
    expect(moscowText(at(2, 0, 0), true)).toBe('2026-09-02 MSK');
    expect(isoTime(at(2, 0, 0))).toBe('2026-09-01T21:00:00.000Z');
  });

  it('writes a span with one date when both ends share it', () => {
    expect(moscowSpanText(at(1, 10, 5), at(1, 10, 9))).toBe('2026-09-01 10:05 – 10:09 MSK');
    expect(moscowSpanText(at(1, 18, 30), at(2, 10, 4))).toBe(
      '2026-09-01 18:30 – 2026-09-02 10:04 MSK',
    );
    expect(moscowSpanText(at(1, 10, 5), at(1, 10, 5))).toBe('2026-09-01 10:05 MSK');
    expect(moscowSpanText(at(1, 0, 0), at(3, 0, 0), true)).toBe('2026-09-01 – 2026-09-03 MSK');
  });
});
