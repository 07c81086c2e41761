/**
 * Maps a config path to the line and column of the YAML that wrote it, so that every
 * problem can say `(line 12:5)`.
 * @module
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type LineCounter } from 'yaml';
import type { ConfigPath } from './configPath.js';
import type { Locate } from './configProblem.js';

/**
 * Builds a locator for one parsed document. A path to a mapping entry points at its key;
 * a path that is not in the file (a missing required field) points at the deepest
 * mapping or sequence that is, which is where the field has to be added.
 * @example
 * const locate = locateInYaml(doc, lineCounter);
 * locate(['strategies', 0, 'params', 'fast']); // { line: 12, col: 5 }
 */
export function locateInYaml(doc: Document, lineCounter: LineCounter): Locate {
  const position = (offset: number | undefined) =>
    offset === undefined ? undefined : lineCounter.linePos(offset);
  return (path: ConfigPath) => {
    let node: unknown = doc.contents;
    let best = position((node as { range?: [number] } | null)?.range?.[0]) ?? { line: 1, col: 1 };
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find(
          (item) =>
            isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (pair === undefined) return best;
        const keyStart = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
        best = position(keyStart) ?? best;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        if (node === undefined) return best;
        best = position((node as { range?: [number] }).range?.[0]) ?? best;
      } else {
        return best;
      }
    }
    return best;
  };
}
