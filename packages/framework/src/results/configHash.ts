/**
 * The fingerprint of a run's config: two runs with the same hash ran the same parsed
 * config, whatever the YAML's key order, comments or defaults left implicit.
 * @module
 */
import { createHash } from 'node:crypto';
import { redactSecrets } from '../config/secrets.js';

/**
 * JSON with the keys of every object sorted and no whitespace, so that equal values
 * give equal text. `undefined` members are left out, as `JSON.stringify` does.
 * @example
 * canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }] }); // '{"a":[true,{"c":"x","d":null}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (member === null || typeof member !== 'object' || Array.isArray(member)) return member;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(member).sort()) {
      sorted[key] = (member as Record<string, unknown>)[key];
    }
    return sorted;
  });
}

/**
 * sha256 (hex) of the canonical JSON of a parsed config. Secrets are never written in a
 * config, but the parsed config holds the values its `${ENV}` references resolved to (a
 * broker token): the text goes through `redactSecrets` first, so the hash neither
 * changes with a rotated token nor lets anyone check a guessed one against it.
 * @example
 * const { config } = await loadConfig('moex-bot.yaml');
 * configHash(config); // 'a3f1…' (64 hex digits)
 */
export function configHash(config: unknown): string {
  return createHash('sha256')
    .update(redactSecrets(canonicalJson(config)))
    .digest('hex');
}
