/**
 * How values are written to a state store: money and prices as exact decimal text,
 * opaque state as checked JSON. Shared by every store, so SQLite and PostgreSQL files
 * hold the same text for the same value.
 * @module
 */
import { formatNanos, parseDecimal, toNanos } from '../domain/decimal.js';
import { MoexBotError } from '../errors.js';
import type { JsonValue } from './StateStore.js';

/** Bigint nanos as decimal text: `250370000000n` → `"250.37"`. */
export function nanosToText(nanos: bigint): string {
  return formatNanos(nanos);
}

/** Decimal text back to bigint nanos, exactly. */
export function nanosFromText(text: string): bigint {
  return parseDecimal(text);
}

/**
 * A price or other number as decimal text that reads back as the very same double.
 * Prices on a grid print as themselves (`"250.37"`, never `"250.37000000000003"`);
 * a derived value such as equity with more than 9 decimals keeps its shortest
 * round-trip form, so nothing is rounded on the way to disk.
 */
export function numberToText(value: number, what: string): string {
  if (!Number.isFinite(value)) invalid(`${what} is ${value}, not a finite number`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Exponent forms (1e-7, 1e21) are written out in full when that is still exact.
  const plain = formatNanos(toNanos(value));
  return Number(plain) === value ? plain : text;
}

/** Decimal text back to the number it was written from. */
export function numberFromText(text: string): number {
  return Number(text);
}

/** Like `numberToText`, with NaN (no price yet) written as `null`. */
export function optionalNumberToText(value: number, what: string): string | null {
  return Number.isNaN(value) ? null : numberToText(value, what);
}

/** Like `numberFromText`, with `null` read back as NaN. */
export function optionalNumberFromText(text: string | null): number {
  return text === null ? Number.NaN : Number(text);
}

/**
 * JSON text of a value that must read back unchanged. `JSON.stringify` would quietly
 * turn NaN into null and drop undefined fields, functions and class instances; here
 * each of those is refused with the path to it, so a snapshot is never stored altered.
 */
export function jsonToText(value: JsonValue, what: string): string {
  checkJson(value, what);
  return JSON.stringify(value);
}

/** Parses stored JSON. */
export function jsonFromText(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}

function checkJson(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) invalid(`${path} is ${value}, which JSON cannot hold`);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkJson(value[i], `${path}[${i}]`);
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      invalid(`${path} is a ${proto?.constructor?.name ?? 'class'} instance, not a plain object`);
    }
    for (const [key, item] of Object.entries(value)) checkJson(item, `${path}.${key}`);
    return;
  }
  invalid(
    `${path} is ${typeof value === 'bigint' ? 'a bigint' : typeof value}, which JSON cannot hold`,
  );
}

function invalid(message: string): never {
  throw new MoexBotError('STATE_RECORD_INVALID', message);
}
