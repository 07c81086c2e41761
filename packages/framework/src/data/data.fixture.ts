/**
 * Helpers for the store's tests: a store in a fresh temporary folder and bars at
 * regular times.
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Bar } from '../domain/bar.js';
import { type BarStore, barStore } from './barStore.js';
import { localObjectStore } from './localObjectStore.js';
import type { ObjectStore } from './ObjectStore.js';
import type { WriteBarsOptions } from './writeBars.js';

/** A store in a new temporary folder; `cleanup` removes the folder. */
export async function tempStore(options: WriteBarsOptions = {}): Promise<{
  dir: string;
  objects: ObjectStore;
  store: BarStore;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'moex-bot-data-'));
  const objects = localObjectStore(dir);
  return {
    dir,
    objects,
    store: barStore(objects, options),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** `count` bars of `instrument`, `stepMs` apart from `start`; prices vary with `seed`. */
export function bars(
  instrument: string,
  count: number,
  start: number,
  options: { readonly stepMs?: number; readonly seed?: number } = {},
): Bar[] {
  const step = options.stepMs ?? 60_000;
  const seed = options.seed ?? 0;
  return Array.from({ length: count }, (_, i) => {
    const close = 100 + ((i * 13 + seed * 7) % 97) / 100;
    return {
      instrument,
      time: start + i * step,
      open: close - 0.01,
      high: close + 0.03,
      low: close - 0.02,
      close,
      volume: 1 + ((i + seed) % 50),
    };
  });
}

/** Every bar of a stream, in order. */
export async function collect(batches: AsyncIterable<readonly Bar[]>): Promise<Bar[]> {
  const out: Bar[] = [];
  for await (const batch of batches) for (const bar of batch) out.push(bar);
  return out;
}
