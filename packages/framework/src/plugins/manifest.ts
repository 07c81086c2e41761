/**
 * The plugin manifest: the `moexBot` field of a plugin's package.json, as one zod schema,
 * and its validation into coded problems (one per broken field, all collected).
 * @module
 */
import { z } from 'zod';
import { PLUGIN_KINDS } from '../contracts/define.js';
import type { ErrorName, Problem } from '../errors.js';
import { describeFound, packagePath, pluginProblem } from './problem.js';

/** Kebab-case plugin ids: a-z, 0-9 and dashes, 2 to 64 characters, no dash at either end. */
export const PLUGIN_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/;

/** The only manifest version this host understands. */
export const MANIFEST_VERSION = 1 as const;

/**
 * Schema of `package.json#moexBot`. Unknown keys are ignored rather than refused so that a
 * newer plugin can add optional fields without breaking older hosts.
 * @example
 * ```json
 * "moexBot": { "manifestVersion": 1, "kind": "strategy", "id": "sma-cross" }
 * ```
 */
export const PluginManifestSchema = z.object({
  manifestVersion: z.literal(MANIFEST_VERSION),
  kind: z.enum(PLUGIN_KINDS),
  id: z.string().regex(PLUGIN_ID_PATTERN),
  description: z.string().optional(),
});

/** A valid plugin manifest. */
export type PluginManifest = z.output<typeof PluginManifestSchema>;

/** The result of {@link validateManifest}. */
export type ManifestResult =
  | { readonly ok: true; readonly manifest: PluginManifest }
  | { readonly ok: false; readonly problems: Problem[] };

const KINDS_TEXT = PLUGIN_KINDS.join(', ');

/**
 * Validates the `moexBot` field of one package and maps every zod issue to the most
 * specific catalogue code, so that `moex-bot plugins` says exactly which field is wrong.
 * @example
 * const result = validateManifest('moex-bot-strategy-foo', packageJson.moexBot);
 * if (!result.ok) problems.push(...result.problems);
 */
export function validateManifest(packageName: string, raw: unknown): ManifestResult {
  const parsed = PluginManifestSchema.safeParse(raw);
  if (parsed.success) return { ok: true, manifest: parsed.data };

  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    const field = issue.path.length === 0 ? undefined : String(issue.path[0]);
    // One problem per field: zod may raise several issues for the same value.
    const key = field ?? '';
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problemFor(packageName, raw, field));
  }
  return { ok: false, problems };
}

function problemFor(packageName: string, raw: unknown, field: string | undefined): Problem {
  const at = (name: ErrorName, fieldPath: string, message: string) =>
    pluginProblem(name, packagePath(packageName, `package.json#${fieldPath}`), message);

  if (field === undefined || typeof raw !== 'object' || raw === null) {
    return at(
      'PLUGIN_MANIFEST_INVALID',
      'moexBot',
      `found ${describeFound(raw)}, expected an object such as ` +
        '{ "manifestVersion": 1, "kind": "strategy", "id": "my-id" }',
    );
  }
  const value = (raw as Record<string, unknown>)[field];
  const found = describeFound(value);
  switch (field) {
    case 'kind':
      return value === undefined
        ? at(
            'PLUGIN_KIND_MISSING',
            'moexBot.kind',
            `found no "kind", expected one of ${KINDS_TEXT}`,
          )
        : at(
            'PLUGIN_KIND_UNKNOWN',
            'moexBot.kind',
            `found ${found}, expected one of ${KINDS_TEXT}`,
          );
    case 'id':
      return at(
        'PLUGIN_ID_INVALID',
        'moexBot.id',
        `found ${found}, expected a kebab-case id of 2 to 64 characters (a-z, 0-9, dashes) such as "sma-cross"`,
      );
    case 'manifestVersion':
      return at(
        'PLUGIN_MANIFEST_VERSION_UNSUPPORTED',
        'moexBot.manifestVersion',
        `found ${found}, expected ${MANIFEST_VERSION} (the only version this host understands)`,
      );
    case 'description':
      return at(
        'PLUGIN_MANIFEST_INVALID',
        'moexBot.description',
        `found ${found}, expected a string`,
      );
    default:
      return at(
        'PLUGIN_MANIFEST_INVALID',
        `moexBot.${field}`,
        `found ${found}, which is not valid here`,
      );
  }
}
