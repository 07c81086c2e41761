/**
 * Reading and writing bar CSV files: the happy path, every kind of bad row, file errors,
 * filtering, and a write → read round trip as a property.
 * @module
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as fcTest } from '@fast-check/vitest';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../domain/bar.js';
import { MoexBotError } from '../errors.js';
import { CsvBarParser } from './csvBarParser.js';
import { parseCsvBars, readCsvBars, writeCsvBars } from './csvBars.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'moex-bot-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const HEADER = 'time,open,high,low,close,volume';
const T0 = Date.UTC(2026, 8, 1, 7, 0);

/** The error a call throws, typed; fails the test when nothing is thrown. */
function failure(run: () => unknown): MoexBotError {
  try {
    run();
  } catch (error) {
    if (error instanceof MoexBotError) return error;
    throw error;
  }
  throw new Error('expected a MoexBotError');
}

describe('parseCsvBars', () => {
  it('reads ISO and epoch times into bars of the instrument', () => {
    const text = `${HEADER}\n2026-09-01T07:00:00Z,300,301,299.5,300.5,12\n${T0 + 60_000},300.5,300.5,300,300.1,0\n`;
    expect(parseCsvBars(text, 'SBER')).toEqual([
      { instrument: 'SBER', time: T0, open: 300, high: 301, low: 299.5, close: 300.5, volume: 12 },
      {
        instrument: 'SBER',
        time: T0 + 60_000,
        open: 300.5,
        high: 300.5,
        low: 300,
        close: 300.1,
        volume: 0,
      },
    ]);
  });

  it('takes columns in any order and case, ignores extra columns, BOM, CRLF, blank lines', () => {
    const text =
      '\uFEFFVolume,Close,ticker,LOW,High,Open,TIME\r\n' +
      '7,10.5,SBER,10,11,10.2,2026-09-01T10:00:00+03:00\r\n' +
      '\r\n' +
      '8,10.6,SBER,10.1,10.9,10.5,2026-09-01T10:01:00+03:00\r\n\r\n\n';
    const bars = parseCsvBars(text, 'X');
    expect(
      bars.map((bar) => [bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume]),
    ).toEqual([
      [T0, 10.2, 11, 10, 10.5, 7],
      [T0 + 60_000, 10.5, 10.9, 10.1, 10.6, 8],
    ]);
  });

  it('accepts a header-only file as no bars, and rejects an empty one', () => {
    expect(parseCsvBars(`${HEADER}\n`, 'SBER')).toEqual([]);
    expect(failure(() => parseCsvBars('', 'SBER', { source: 'e.csv' })).message).toMatch(
      /e\.csv:1: is empty/,
    );
  });

  it('names missing and duplicated header columns and reads no rows', () => {
    const error = failure(() =>
      parseCsvBars('time,open,close,open\n1,2,3,4\n', 'S', { source: 'h.csv' }),
    );
    expect(error.code).toBe('MOEXBOT_ERR_DATA_CSV_INVALID');
    expect(error.problems.map((p) => p.message)).toEqual([
      'column open appears twice',
      'header lacks columns high, low, volume; expected time,open,high,low,close,volume (any order), found "time,open,close,open"',
    ]);
  });

  it('reports every bad row with file:line, column and value, up to 20', () => {
    const rows = [
      '2026-09-01T07:00:00Z,300,301,299,300,1', // line 2: fine
      '2026-09-01T10:01:00,300,301,299,300,1', // line 3: no offset
      '2026-09-01T07:02:00Z,abc,301,299,300,1', // line 4: bad open
      '2026-09-01T07:03:00Z,300,301,299,300', // line 5: short
      '2026-09-01T07:04:00Z,300,299.5,299,300,1', // line 6: high below open
      '2026-09-01T07:05:00Z,300,301,300.5,300,1', // line 7: low above open
      '2026-09-01T07:06:00Z,300,301,299,300,-1', // line 8: negative volume
      '2026-09-01T07:00:00Z,300,301,299,300,1', // line 9: duplicate of line 2
      '2026-08-31T07:00:00Z,300,301,299,300,1', // line 10: goes back
      '1788242400,300,301,299,300,1', // line 11: epoch seconds
      '2026-09-01T07:07:00Z,,301,299,300,1', // line 12: empty open
    ];
    const error = failure(() =>
      parseCsvBars(`${HEADER}\n${rows.join('\n')}\n`, 'S', { source: 'b.csv' }),
    );
    expect(error.code).toBe('MOEXBOT_ERR_DATA_CSV_INVALID');
    expect(error.message).toMatch(
      /^10 problems in bar file b\.csv; b\.csv:3: column time: "2026-09-01T10:01:00" has no UTC offset/,
    );
    expect(error.problems.map((p) => `${p.path} ${p.message}`)).toEqual([
      expect.stringMatching(/^b\.csv:3 column time: "2026-09-01T10:01:00" has no UTC offset/),
      'b.csv:4 column open: "abc" is not a number',
      'b.csv:5 has 5 fields, the header has 6',
      'b.csv:6 column high: 299.5 is below open 300',
      'b.csv:7 column low: 300.5 is above open 300',
      'b.csv:8 column volume: -1 is negative',
      'b.csv:9 column time: 2026-09-01T07:00:00.000Z duplicates line 2',
      'b.csv:10 column time: 2026-08-31T07:00:00.000Z is before line 2 (2026-09-01T07:00:00.000Z); times must be strictly increasing',
      'b.csv:11 column time: 1788242400 looks like epoch seconds; the column takes milliseconds',
      'b.csv:12 column open: "" is not a number',
    ]);
  });

  it('explains bad epoch times, extra fields and OHLC against the close', () => {
    const rows = [
      'yesterday,1,1,1,1,1', // line 2
      '12345678901234567,1,1,1,1,1', // line 3: beyond the Date range
      `${T0},1,1,1,1,1,extra`, // line 4: more fields than the header
      `${T0 + 60_000},1,1.5,0.5,2,1`, // line 5: high below close
      `${T0 + 120_000},1,2,0.9,0.8,1`, // line 6: low above close
    ];
    const error = failure(() =>
      parseCsvBars(`${HEADER}\n${rows.join('\n')}`, 'S', { source: 'e.csv' }),
    );
    expect(error.problems.map((p) => p.message)).toEqual([
      'column time: "yesterday" is not an ISO-8601 time with offset (2026-09-01T07:00:00Z) or epoch milliseconds',
      'column time: "12345678901234567" is not an ISO-8601 time with offset (2026-09-01T07:00:00Z) or epoch milliseconds',
      'has 7 fields, the header has 6',
      'column high: 1.5 is below close 2',
      'column low: 0.9 is above close 0.8',
    ]);
    expect(
      parseCsvBars(`${HEADER}\n-60000,1,1,1,1,1\n0,1,1,1,1,1`, 'S').map((b) => b.time),
    ).toEqual([-60_000, 0]);
  });

  it('stops at a bad header even when more text follows in later pieces', () => {
    const parser = new CsvBarParser('p.csv', 'S');
    parser.feed('time,open,high,low,close\n');
    parser.feed(`${T0},1,1,1,1\n`);
    expect(() => parser.finish()).toThrow(
      /1 problem in bar file p\.csv; p\.csv:1: header lacks column volume;/,
    );
  });

  it('keeps the first 20 problems and counts the rest', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${T0 + i * 60_000},x,1,1,1,1`);
    const error = failure(() =>
      parseCsvBars(`${HEADER}\n${rows.join('\n')}`, 'S', { source: 'm.csv' }),
    );
    expect(error.problems).toHaveLength(20);
    expect(error.message).toMatch(/^30 problems in bar file m\.csv \(first 20 listed\)/);
  });

  it('refuses a bar whose low is zero or negative: such a price cannot trade', () => {
    const text = ['time,open,high,low,close,volume', '1,1,2,0,1,10', '2,-4,-4,-6,-5,10'].join('\n');
    expect(() => parseCsvBars(text, 'SBER', { source: 'bad.csv' })).toThrow(/MOEXBOT_ERR|bar file/);
    try {
      parseCsvBars(text, 'SBER', { source: 'bad.csv' });
    } catch (error) {
      const problems = (error as MoexBotError).problems.map((p) => `${p.path} ${p.message}`);
      expect(problems).toEqual([
        'bad.csv:2 column low: 0 is not a positive price',
        'bad.csv:3 column low: -6 is not a positive price',
      ]);
    }
  });

  it('filters by from (inclusive) and to (exclusive) after validating every row', () => {
    const rows = [0, 1, 2, 3].map((i) => `${T0 + i * 60_000},1,1,1,1,1`).join('\n');
    const bars = parseCsvBars(`${HEADER}\n${rows}`, 'S', { from: T0 + 60_000, to: T0 + 180_000 });
    expect(bars.map((bar) => bar.time)).toEqual([T0 + 60_000, T0 + 120_000]);
    expect(() => parseCsvBars(`${HEADER}\n${rows}\n${T0},1,1,1,1,1`, 'S', { to: T0 + 1 })).toThrow(
      /<csv>:6: column time: .* is before line 5/,
    );
  });

  it('gives the same bars whether the text arrives whole or line by line', () => {
    const text = `${HEADER}\r\n${[0, 1, 2].map((i) => `${T0 + i * 60_000},1,2,0.5,1.5,3`).join('\r\n')}\r\n`;
    const parser = new CsvBarParser('pieces', 'S');
    for (const piece of text.match(/[^\n]*\n/g)!) parser.feed(piece);
    expect(parser.finish()).toEqual(parseCsvBars(text, 'S'));
  });
});

describe('readCsvBars', () => {
  it('reads a file', async () => {
    const file = join(dir, 'ok.csv');
    await writeFile(file, `${HEADER}\n2026-09-01T07:00:00Z,300,301,299,300,5\n`);
    expect(await readCsvBars(file, 'SBER')).toHaveLength(1);
  });

  it('reports a missing file as DATA_FILE_NOT_FOUND and a folder as DATA_FILE_UNREADABLE', async () => {
    await expect(readCsvBars(join(dir, 'nope.csv'), 'SBER')).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_FILE_NOT_FOUND',
      message: expect.stringContaining('nope.csv'),
    });
    await mkdir(join(dir, 'folder.csv'), { recursive: true });
    await expect(readCsvBars(join(dir, 'folder.csv'), 'SBER')).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_FILE_UNREADABLE',
    });
  });

  it('reads a file larger than one 32 MB decoding chunk, with multi-byte text, intact', async () => {
    const file = join(dir, 'large.csv');
    const rows = 400_000;
    // Epoch times keep the build cheap; the Cyrillic note makes rows ~90 bytes (36 MB).
    const note = 'ПАО Сбербанк — обыкновенные акции';
    const lines = ['time,open,high,low,close,volume,note'];
    for (let i = 0; i < rows; i++) {
      lines.push(`${T0 + i * 60_000},${300 + (i % 97) / 100},301,299,300,${i},${note}`);
    }
    await writeFile(file, `${lines.join('\n')}\n`);
    const bars = await readCsvBars(file, 'SBER');
    expect(bars).toHaveLength(rows);
    expect(bars.every((bar, i) => bar.volume === i && bar.time === T0 + i * 60_000)).toBe(true);
    expect(bars[rows - 1]!.open).toBe(300 + ((rows - 1) % 97) / 100);
  });

  it('names the file and line in row problems', async () => {
    const file = join(dir, 'bad.csv');
    await writeFile(file, `${HEADER}\n2026-09-01T07:00:00Z,300,301,299,oops,5\n`);
    await expect(readCsvBars(file, 'SBER')).rejects.toMatchObject({
      code: 'MOEXBOT_ERR_DATA_CSV_INVALID',
      problems: [{ path: `${file}:2`, message: 'column close: "oops" is not a number' }],
    });
  });
});

describe('writeCsvBars', () => {
  it('writes the header and ISO times with Z, creating the folder, leaving no temporary file', async () => {
    const file = join(dir, 'nested', 'out.csv');
    await writeCsvBars(file, [
      { instrument: 'S', time: T0, open: 300.1, high: 300.2, low: 300, close: 300.15, volume: 4 },
    ]);
    expect(await readFile(file, 'utf8')).toBe(
      `${HEADER}\n2026-09-01T07:00:00.000Z,300.1,300.2,300,300.15,4\n`,
    );
    await writeCsvBars(file, []);
    expect(await readFile(file, 'utf8')).toBe(`${HEADER}\n`);
  });

  it('writes large files in pieces and leaves nothing behind when the write fails', async () => {
    const bar = { instrument: 'S', open: 300.01, high: 300.02, low: 300, close: 300.01 };
    const bars = Array.from(
      { length: 30_000 },
      (_, i): Bar => ({ ...bar, time: T0 + i * 60_000, volume: i }),
    );
    const file = join(dir, 'many.csv');
    await writeCsvBars(file, bars);
    expect(await readCsvBars(file, 'S')).toEqual(bars);
    const occupied = join(dir, 'occupied');
    await mkdir(occupied, { recursive: true });
    await expect(writeCsvBars(occupied, bars)).rejects.toThrow();
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  const barSeries = fc
    .array(
      fc.record({
        gap: fc.integer({ min: 1, max: 10 ** 9 }),
        open: fc.double({ min: 1e-9, max: 1e9, noNaN: true }),
        close: fc.double({ min: 1e-9, max: 1e9, noNaN: true }),
        up: fc.double({ min: 0, max: 1e6, noNaN: true }),
        // The low stays a positive price: a fraction of the way down from the lower body.
        down: fc.double({ min: 0, max: 0.99, noNaN: true }),
        volume: fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e12, noNaN: true })),
      }),
      { maxLength: 50 },
    )
    .map((rows) => {
      let time = Date.UTC(2000, 0, 1);
      return rows.map((row): Bar => {
        time += row.gap;
        return {
          instrument: 'RT',
          time,
          open: row.open,
          close: row.close,
          high: Math.max(row.open, row.close) + row.up,
          low: Math.min(row.open, row.close) * (1 - row.down),
          volume: row.volume,
        };
      });
    });

  fcTest.prop([barSeries], { numRuns: 60 })(
    'round-trips exactly through readCsvBars',
    async (bars) => {
      const file = join(dir, 'roundtrip.csv');
      await writeCsvBars(file, bars);
      const back = await readCsvBars(file, 'RT');
      // -0 is written as "0": compare values, not signs of zero (x + 0 turns -0 into 0).
      const unsigned = (b: Bar): Bar => ({
        ...b,
        open: b.open + 0,
        high: b.high + 0,
        low: b.low + 0,
        close: b.close + 0,
        volume: b.volume + 0,
      });
      expect(back.map(unsigned)).toEqual(bars.map(unsigned));
    },
  );
});
