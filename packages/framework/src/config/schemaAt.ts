/**
 * Small reads of zod schema internals: the sub-schema at a config path and the keys an
 * object accepts, used to suggest `strategies` for a misspelt `stratgies`.
 * @module
 */
import type { z } from 'zod';
import type { ConfigPath } from './configPath.js';
import { defOf, unwrap } from './zodInternals.js';

/**
 * The schema that validates the value at `path`, or undefined when the path leaves the
 * schema (inside plugin `params`, which only the plugin's own schema knows).
 */
export function schemaAt(schema: z.ZodType, path: ConfigPath): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    if (current === undefined) return undefined;
    const def = defOf(unwrap(current));
    if (typeof segment === 'number') current = def.type === 'array' ? def.element : undefined;
    else current = def.type === 'object' ? def.shape?.[segment] : undefined;
  }
  return current;
}

/** The keys the object schema at `path` accepts; empty when it is not an object. */
export function keysAt(schema: z.ZodType, path: ConfigPath): string[] {
  const at = schemaAt(schema, path);
  if (at === undefined) return [];
  const def = defOf(unwrap(at));
  return def.type === 'object' && def.shape !== undefined ? Object.keys(def.shape) : [];
}

/** The closest of `candidates` to `word` when it is a plausible typo (edit distance ≤ 2). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(3, Math.ceil(word.length / 2));
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
