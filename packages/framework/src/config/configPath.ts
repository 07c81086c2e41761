/**
 * Paths into the config as segment lists (`['strategies', 0, 'params', 'fast']`) and
 * their printed form (`strategies[0].params.fast`), the one spelling every problem uses.
 * @module
 */

/** A location in the config: mapping keys and sequence indexes from the root. */
export type ConfigPath = readonly (string | number)[];

/** Printed for the document itself, which has no key. */
const ROOT = '(root)';

/** Keys that print bare after a dot; anything else is quoted in brackets. */
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Prints a path the way problems show it.
 * @example
 * formatConfigPath(['strategies', 0, 'params', 'fast']); // 'strategies[0].params.fast'
 * formatConfigPath(['broker', 'params', 'a.b']); // 'broker.params["a.b"]'
 */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else {
      const key = String(segment);
      if (PLAIN_KEY.test(key)) text += text === '' ? key : `.${key}`;
      else text += `[${JSON.stringify(key)}]`;
    }
  }
  return text === '' ? ROOT : text;
}

/**
 * Reads a printed path back into segments; the inverse of {@link formatConfigPath}.
 * Problems from plugin loading carry printed paths, and this lets them be located in the YAML.
 * @example
 * parseConfigPath('strategies[0].params.fast'); // ['strategies', 0, 'params', 'fast']
 */
export function parseConfigPath(text: string): ConfigPath {
  if (text === ROOT || text === '') return [];
  const segments: (string | number)[] = [];
  const pattern = /\.?([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  let match: RegExpExecArray | null = pattern.exec(text);
  let end = 0;
  while (match !== null) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3] as string) as string);
    end = pattern.lastIndex;
    match = pattern.exec(text);
  }
  // A path we cannot read fully (a hand-written one) is kept whole as one key.
  return end === text.length ? segments : [text];
}
