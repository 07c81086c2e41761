/**
 * The JSON Schema of `moex-bot.yaml`, generated from {@link OperatorConfigSchema}. Editors
 * use it for completion (`# yaml-language-server: $schema=...`) and the config reference
 * page is rendered from it.
 * @module
 */
import { z } from 'zod';
import { frameworkVersion } from '../version.js';
import { OperatorConfigSchema } from './schema.js';

/** The `$id` of the schema; stable across releases so editors can cache it by name. */
export const CONFIG_SCHEMA_ID = 'urn:moex-bot:config';

/** A JSON Schema document (draft 2020-12). */
export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of what an operator writes. It describes the input side: fields with
 * defaults are optional, and `${VAR}` references are not modelled (they are strings until
 * resolved, so a numeric field written as a reference is flagged by editors, not by moex-bot).
 * @example
 * import { writeFile } from 'node:fs/promises';
 * await writeFile('moex-bot.schema.json', JSON.stringify(configJsonSchema(), null, 2));
 */
export function configJsonSchema(): JsonSchema {
  // io: 'input' describes what is written, before the instrument transform; any schema
  // zod cannot express (a transform's output) degrades to "anything" instead of throwing.
  const generated = z.toJSONSchema(OperatorConfigSchema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: CONFIG_SCHEMA_ID,
    title: 'moex-bot operator config',
    description: `The operator config (moex-bot.yaml) of @moex-bot/framework ${frameworkVersion}`,
    ...rest,
  };
}
