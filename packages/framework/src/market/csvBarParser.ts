/**
 * The row loop behind `readCsvBars`: finds fields by position in the text, parses them in
 * place and validates each row, collecting located problems instead of stopping at the first.
 * @module
 */
import { type Bar, saneOhlc } from '../domain/bar.js';
import { MoexBotError, type Problem } from '../errors.js';
import { describeBadTime, parseIsoTime, parseNumberField } from './csvValues.js';

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
const [TIME, OPEN, HIGH, LOW, CLOSE, VOLUME] = [0, 1, 2, 3, 4, 5] as const;
/** Problems kept in the error; the rest are only counted. */
const MAX_PROBLEMS = 20;

/** Parses `text[start, end)` as epoch milliseconds or ISO-8601 with offset; NaN if neither. */
function parseTime(text: string, start: number, end: number): number {
  const fifth = text.charCodeAt(start + 4);
  if (fifth === 45 /* '-' */) return parseIsoTime(text, start, end);
  let value = 0;
  let i = start;
  const negative = text.charCodeAt(i) === 45;
  if (negative) i++;
  if (i === end || end - i > 16) return Number.NaN;
  for (; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    value = value * 10 + c;
  }
  return negative ? -value : value;
}

/** Incremental parser: feed it whole lines (any number per call), then `finish()`. */
export class CsvBarParser {
  private readonly bars: Bar[] = [];
  private readonly problems: Problem[] = [];
  private problemCount = 0;
  private line = 0;
  /** For each file column, the bar field it holds (an index into COLUMNS) or -1. */
  private slots: Int8Array | undefined;
  private previousTime = Number.NEGATIVE_INFINITY;
  private previousLine = 0;
  private headerFailed = false;
  private readonly starts = new Int32Array(COLUMNS.length);
  private readonly ends = new Int32Array(COLUMNS.length);

  /**
   * @param semantic false: only parsing is checked (numbers, times); order, OHLC and
   *   volume are left to the data-quality checks, whose policies decide. Bars keep
   *   the file's order then.
   */
  constructor(
    private readonly source: string,
    private readonly instrument: string,
    private readonly from = Number.NEGATIVE_INFINITY,
    private readonly to = Number.POSITIVE_INFINITY,
    private readonly semantic = true,
  ) {}

  private problem(line: number, message: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) {
      this.problems.push({ path: `${this.source}:${line}`, message });
    }
  }

  private header(line: number, text: string): void {
    const names = text.split(',').map((name) =>
      name
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase(),
    );
    const slots = new Int8Array(names.length).fill(-1);
    const missing: string[] = [];
    COLUMNS.forEach((column, slot) => {
      const at = names.indexOf(column);
      if (at === -1) missing.push(column);
      else if (names.indexOf(column, at + 1) !== -1)
        this.problem(line, `column ${column} appears twice`);
      else slots[at] = slot;
    });
    if (missing.length > 0) {
      this.problem(
        line,
        `header lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; ` +
          `expected ${COLUMNS.join(',')} (any order), found "${text}"`,
      );
    }
    this.slots = slots;
    this.headerFailed = this.problemCount > 0;
  }

  /** Parses the lines of `text`; a call must end at a line end or at the end of the file. */
  feed(text: string): void {
    if (this.headerFailed) return;
    let pos = this.line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const length = text.length;
    const { starts, ends, bars, instrument, from, to } = this;
    let line = this.line;
    while (pos < length) {
      let next = text.indexOf('\n', pos);
      if (next === -1) next = length;
      let lineEnd = next;
      if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--; // CRLF
      line++;
      const start = pos;
      pos = next + 1;
      if (lineEnd === start || isBlank(text, start, lineEnd)) continue;
      const slots = this.slots;
      if (slots === undefined) {
        this.header(line, text.slice(start, lineEnd));
        // Without the columns no row can be read: report the header alone.
        if (this.problemCount > 0) break;
        continue;
      }
      // Split by commas, remembering where the six wanted fields are.
      let column = 0;
      let fieldStart = start;
      for (;;) {
        let comma = text.indexOf(',', fieldStart);
        if (comma === -1 || comma > lineEnd) comma = lineEnd;
        const slot = column < slots.length ? slots[column]! : -1;
        if (slot >= 0) {
          starts[slot] = fieldStart;
          ends[slot] = comma;
        }
        column++;
        if (comma === lineEnd) break;
        fieldStart = comma + 1;
      }
      if (column !== slots.length) {
        this.problem(line, `has ${column} fields, the header has ${slots.length}`);
        continue;
      }
      const time = parseTime(text, starts[TIME]!, ends[TIME]!);
      const open = parseNumberField(text, starts[OPEN]!, ends[OPEN]!);
      const high = parseNumberField(text, starts[HIGH]!, ends[HIGH]!);
      const low = parseNumberField(text, starts[LOW]!, ends[LOW]!);
      const close = parseNumberField(text, starts[CLOSE]!, ends[CLOSE]!);
      const volume = parseNumberField(text, starts[VOLUME]!, ends[VOLUME]!);
      // One check on the happy path; the detailed diagnosis runs only for a bad row.
      if (!this.semantic) {
        if (parsed(time, open, high, low, close, volume)) {
          if (time >= from && time < to) {
            bars.push({ instrument, time, open, high, low, close, volume });
          }
        } else {
          this.diagnose(text, line, [time, open, high, low, close, volume]);
        }
      } else if (
        time > this.previousTime &&
        saneOhlc(open, high, low, close) &&
        volume >= 0 &&
        Math.abs(time) <= 8.64e15 &&
        !(time >= 1e8 && time < 1e11)
      ) {
        this.previousTime = time;
        this.previousLine = line;
        if (time >= from && time < to) {
          bars.push({ instrument, time, open, high, low, close, volume });
        }
      } else {
        this.diagnose(text, line, [time, open, high, low, close, volume]);
      }
    }
    this.line = line;
  }

  private field(text: string, slot: number): string {
    return text.slice(this.starts[slot], this.ends[slot]);
  }

  /** Reports everything wrong with a row that failed the fast check. */
  private diagnose(text: string, line: number, values: readonly number[]): void {
    const before = this.problemCount;
    const [time, open, high, low, close, volume] = values as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (Number.isNaN(time) || Math.abs(time) > 8.64e15) {
      const field = this.field(text, TIME);
      this.problem(line, `column time: "${field}" ${describeBadTime(field)}`);
    } else if (time >= 1e8 && time < 1e11) {
      this.problem(
        line,
        `column time: ${time} looks like epoch seconds; the column takes milliseconds`,
      );
    }
    COLUMNS.forEach((column, slot) => {
      if (slot !== TIME && Number.isNaN(values[slot])) {
        this.problem(line, `column ${column}: "${this.field(text, slot)}" is not a number`);
      }
    });
    if (this.problemCount > before || !this.semantic) return;
    if (volume < 0) this.problem(line, `column volume: ${volume} is negative`);
    // A price of zero or below cannot trade; the simulator would otherwise fill at one step.
    if (!(low > 0)) this.problem(line, `column low: ${low} is not a positive price`);
    if (high < Math.max(open, close)) {
      this.problem(
        line,
        `column high: ${high} is below ${high < open ? `open ${open}` : `close ${close}`}`,
      );
    }
    if (low > Math.min(open, close)) {
      this.problem(
        line,
        `column low: ${low} is above ${low > open ? `open ${open}` : `close ${close}`}`,
      );
    }
    if (this.problemCount > before) return;
    const earlier = new Date(this.previousTime).toISOString();
    this.problem(
      line,
      `column time: ${new Date(time).toISOString()} ` +
        (time === this.previousTime
          ? `duplicates line ${this.previousLine}`
          : `is before line ${this.previousLine} (${earlier}); times must be strictly increasing`),
    );
  }

  /** The bars read, or the one error listing every problem found. */
  finish(): Bar[] {
    if (this.slots === undefined && this.problemCount === 0) {
      this.problem(1, `is empty; expected the header ${COLUMNS.join(',')}`);
    }
    if (this.problemCount === 0) return this.bars;
    const [first] = this.problems;
    const more = this.problemCount > this.problems.length;
    throw new MoexBotError(
      'DATA_CSV_INVALID',
      `${this.problemCount} problem${this.problemCount > 1 ? 's' : ''} in bar file ${this.source}` +
        `${more ? ` (first ${this.problems.length} listed)` : ''}; ${first!.path}: ${first!.message}`,
      { problems: this.problems },
    );
  }
}

/** Every field parsed: a time in range and numbers (the checks of a parse-only read). */
function parsed(
  time: number,
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
): boolean {
  return (
    Math.abs(time) <= 8.64e15 &&
    !(time >= 1e8 && time < 1e11) &&
    !Number.isNaN(open + high + low + close + volume)
  );
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}
