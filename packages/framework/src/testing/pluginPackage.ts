/**
 * What every plugin package's own tests check first: the default export is a plugin
 * definition of the kind and id its `package.json` manifest declares, and every
 * parameter an operator may write is described (the config reference shows the text).
 * @module
 */
import type { z } from 'zod';
import { isPluginDefinition } from '../contracts/define.js';
import { validateManifest } from '../plugins/manifest.js';

/** Parameters (dotted paths) without a `.describe(...)`, nested objects included. */
export function undescribedParams(schema: z.ZodType): string[] {
  const walk = (node: unknown, prefix: string): string[] => {
    const inner = unwrapped(node) as { shape?: Record<string, unknown> };
    if (inner.shape === undefined) return [];
    return Object.entries(inner.shape).flatMap(([key, field]) => {
      const nested = walk(field, `${prefix}${key}.`);
      return (field as { description?: string }).description
        ? nested
        : [`${prefix}${key}`, ...nested];
    });
  };
  return walk(schema, '');
}

/** The schema under optional, default and nullable wrappers. */
function unwrapped(node: unknown): unknown {
  let current = node as { unwrap?: () => unknown };
  for (let depth = 0; typeof current.unwrap === 'function' && depth < 8; depth += 1) {
    current = current.unwrap() as { unwrap?: () => unknown };
  }
  return current;
}

/**
 * Everything wrong with a plugin package, as sentences; empty when it is sound.
 * @example
 * import packageJson from '../package.json' with { type: 'json' };
 * expect(pluginPackageProblems(plugin, packageJson)).toEqual([]);
 */
export function pluginPackageProblems(definition: unknown, packageJson: unknown): string[] {
  const pkg = (packageJson ?? {}) as { name?: string; moexBot?: unknown };
  const problems: string[] = [];
  const manifest = validateManifest(pkg.name ?? '(unnamed package)', pkg.moexBot);
  if (!manifest.ok) problems.push(...manifest.problems.map((problem) => problem.message));
  if (!isPluginDefinition(definition)) {
    problems.push(
      'the default export is not made by defineStrategy/defineRisk/defineAlert/defineBroker',
    );
    return problems;
  }
  if (
    manifest.ok &&
    (manifest.manifest.kind !== definition.kind || manifest.manifest.id !== definition.id)
  ) {
    problems.push(
      `the definition is ${definition.kind}:${definition.id} but the manifest says ${manifest.manifest.kind}:${manifest.manifest.id}`,
    );
  }
  for (const param of undescribedParams(definition.params)) {
    problems.push(`parameter ${param} has no description`);
  }
  return problems;
}
