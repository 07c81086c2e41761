/**
 * Secrets in schemas: `secret()` marks a plugin parameter as a secret, and
 * {@link isSecretKey} is the key-name rule the config loader applies to every mapping
 * key, so that `token: abc123` is refused even where no schema is known yet.
 * @module
 */
import { z } from 'zod';
import type { ConfigPath } from './configPath.js';
import { defOf, innerOf } from './zodInternals.js';

/** Metadata that marks a schema as a secret; it also shows in the JSON Schema. */
const SECRET_META = { secret: true } as const;

/**
 * A string parameter holding a secret. The operator must write it as `${VAR}` or
 * `${file:...}`; its value is registered for redaction when the plugin is checked.
 * @example
 * export default defineAlert({
 *   id: 'telegram',
 *   params: z.object({ botToken: secret('Bot API token'), chatId: z.string() }),
 *   create: (params) => telegramChannel(params),
 * });
 */
export function secret(description?: string): z.ZodString {
  const schema = z.string().min(1).meta(SECRET_META);
  return description === undefined ? schema : schema.describe(description);
}

/** True when the schema, under optional/default/nullable wrappers, was made by {@link secret}. */
export function isSecretSchema(schema: z.ZodType): boolean {
  let current: z.ZodType | undefined = schema;
  for (let depth = 0; current !== undefined && depth < 16; depth += 1) {
    if ((current.meta() as { secret?: unknown } | undefined)?.secret === true) return true;
    current = innerOf(current);
  }
  return false;
}

/** A secret found in a value by {@link findSecrets}. */
export interface FoundSecret {
  readonly path: ConfigPath;
  readonly value: string;
}

/**
 * Lists the strings of `value` that sit where `schema` declares a {@link secret}.
 * Walks objects, arrays, records, unions and wrappers; anything else is a leaf.
 * @example
 * findSecrets(z.object({ token: secret() }), { token: 'x' }); // [{ path: ['token'], value: 'x' }]
 */
export function findSecrets(
  schema: z.ZodType,
  value: unknown,
  path: ConfigPath = [],
): FoundSecret[] {
  if (isSecretSchema(schema)) return typeof value === 'string' ? [{ path, value }] : [];
  const inner = innerOf(schema);
  if (inner !== undefined) return findSecrets(inner, value, path);
  const def = defOf(schema);
  if (def.type === 'union' && def.options !== undefined) {
    return def.options.flatMap((option) => findSecrets(option, value, path));
  }
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) {
    const element = def.element;
    if (def.type !== 'array' || element === undefined) return [];
    return value.flatMap((item, index) => findSecrets(element, item, [...path, index]));
  }
  const record = value as Record<string, unknown>;
  if (def.type === 'object' && def.shape !== undefined) {
    return Object.entries(def.shape).flatMap(([key, field]) =>
      key in record ? findSecrets(field, record[key], [...path, key]) : [],
    );
  }
  const valueType = def.valueType;
  if (def.type === 'record' && valueType !== undefined) {
    return Object.entries(record).flatMap(([key, item]) =>
      findSecrets(valueType, item, [...path, key]),
    );
  }
  return [];
}

/**
 * The key-name rule: `token`, `password`, `passwd`, `secret`, `apiKey` and `privateKey`,
 * alone or as the last word of a longer key in snake, kebab or camel case
 * (`bot_token`, `smtp-password`, `botToken`, `clientSecret`, `TINVEST_API_KEY`).
 * @example
 * isSecretKey('botToken'); // true
 * isSecretKey('maxTokens'); // false
 */
export function isSecretKey(key: string): boolean {
  // camelCase → snake_case first, so one anchored pattern covers every spelling.
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  return /(^|[_-])(token|password|passwd|passphrase|secret|api[_-]?key|private[_-]?key)$/i.test(
    words,
  );
}
