/**
 * The lightweight-charts standalone build, read from the installed package, to be
 * inlined into reports: a report opens from disk with no network.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

let source: string | undefined;

/** The library's script text (it defines `window.LightweightCharts`). */
export function chartsLibrary(): string {
  if (source === undefined) {
    // The standalone file is not in the package's exports: find it beside package.json.
    const manifest = createRequire(import.meta.url).resolve('lightweight-charts/package.json');
    const file = path.join(
      path.dirname(manifest),
      'dist',
      'lightweight-charts.standalone.production.js',
    );
    // A `</script>` inside the library would end the inline element early.
    source = readFileSync(file, 'utf8').replace(/<\/script/gi, '<\\/script');
  }
  return source;
}
