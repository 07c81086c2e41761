/**
 * Run ids: the UTC time a run was made plus random hex, so that ids sort by time
 * (newest last) and two runs started in the same second still differ.
 * @module
 */
import { randomBytes } from 'node:crypto';

/** `YYYYMMDD-HHMMSS-xxxxxx`: the UTC time of the run, then 6 random hex digits. */
export const RUN_ID_PATTERN = /^\d{8}-\d{6}-[0-9a-f]{6}$/;

/**
 * A new run id for a run made at `now`.
 * @example
 * newRunId(new Date('2026-11-24T10:15:00Z')); // '20261124-101500-3fa9c1'
 */
export function newRunId(now: Date = new Date(), random: () => string = randomHex): string {
  const iso = now.toISOString(); // 2026-11-24T10:15:00.000Z
  const date = iso.slice(0, 10).replaceAll('-', '');
  const time = iso.slice(11, 19).replaceAll(':', '');
  return `${date}-${time}-${random()}`;
}

function randomHex(): string {
  return randomBytes(3).toString('hex');
}
