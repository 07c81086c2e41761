import { fc, test } from '@fast-check/vitest';
import type { Bar } from '@moex-bot/framework';
import { describe, expect, it } from 'vitest';
import { CandleAssembler } from './CandleAssembler.js';

const MINUTE = 60_000;
const bar = (instrument: string, minute: number, close = 100): Bar => ({
  instrument,
  time: minute * MINUTE,
  open: close,
  high: close,
  low: close,
  close,
  volume: 1,
});

function collect() {
  const out: Bar[] = [];
  const assembler = new CandleAssembler(MINUTE, (b) => out.push(b));
  return { out, assembler };
}

describe('CandleAssembler', () => {
  it('delivers a candle only when a later one arrives, with its last update', () => {
    const { out, assembler } = collect();
    assembler.update(bar('A', 0, 100));
    assembler.update(bar('A', 0, 101));
    expect(out).toEqual([]);
    assembler.update(bar('A', 1, 102));
    expect(out).toEqual([bar('A', 0, 101)]);
  });

  it('completes a quiet instrument once another one has moved past its end', () => {
    const { out, assembler } = collect();
    assembler.update(bar('A', 0));
    assembler.update(bar('B', 0));
    assembler.update(bar('B', 1));
    expect(out.map((b) => b.instrument)).toEqual(['A', 'B']);
  });

  it('completes on a clock tick after the interval', () => {
    const { out, assembler } = collect();
    assembler.update(bar('A', 5));
    assembler.closeUntil(5 * MINUTE + MINUTE - 1);
    expect(out).toEqual([]);
    assembler.closeUntil(6 * MINUTE);
    expect(out).toEqual([bar('A', 5)]);
  });

  it('merges back-filled history with the stream without loss or repeats', () => {
    const { out, assembler } = collect();
    assembler.update(bar('A', 0));
    assembler.update(bar('A', 1)); // delivers 0
    // Outage: minutes 1..4 come from history, minute 5 is forming on the stream.
    assembler.completed([bar('A', 1, 7), bar('A', 2), bar('A', 3), bar('A', 4)]);
    assembler.update(bar('A', 3)); // a late stream update of a bar already delivered
    assembler.update(bar('A', 5));
    assembler.update(bar('A', 6));
    expect(out.map((b) => b.time / MINUTE)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(out[1]!.close).toBe(7);
  });

  test.prop([
    fc.array(fc.tuple(fc.constantFrom('A', 'B'), fc.integer({ min: 0, max: 40 }), fc.boolean()), {
      maxLength: 200,
    }),
  ])('delivers each (instrument, minute) at most once, in time order per instrument', (events) => {
    const { out, assembler } = collect();
    for (const [instrument, minute, fromHistory] of events) {
      if (fromHistory) assembler.completed([bar(instrument, minute)]);
      else assembler.update(bar(instrument, minute));
    }
    for (const instrument of ['A', 'B']) {
      const times = out.filter((b) => b.instrument === instrument).map((b) => b.time);
      expect(times).toEqual([...new Set(times)].sort((x, y) => x - y));
    }
  });
});
