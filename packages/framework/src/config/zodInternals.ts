/**
 * The one place that reads zod's schema internals (`_zod.def`), for walking schemas
 * without `instanceof`: a plugin's schema may come from another copy of zod.
 * @module
 */
import type { z } from 'zod';

/** The parts of a zod schema definition the config code reads. */
export interface SchemaDef {
  readonly type?: string;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly shape?: Record<string, z.ZodType>;
  readonly options?: readonly z.ZodType[];
}

export function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/** The schema one wrapper (optional, default, nullable, pipe input) down, if any. */
export function innerOf(schema: z.ZodType): z.ZodType | undefined {
  const def = defOf(schema);
  return def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
}

/** Peels every wrapper down to the schema that holds data (at most 16 deep). */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let depth = 0; depth < 16; depth += 1) {
    const next = innerOf(current);
    if (next === undefined) return current;
    current = next;
  }
  return current;
}
