/**
 * Renders `docs/errors.md` from the error catalogue, so the page an operator reads and the
 * codes the host raises come from one table (`npm run docs:errors`; a test checks the page).
 * @module
 */
import { type ErrorInfo, errorCatalog } from './errors.js';

/** Areas in the order the page lists them: roughly the order a run meets them. */
const AREAS: ReadonlyArray<readonly [area: string, title: string]> = [
  ['PLUGIN', 'Plugins'],
  ['CONFIG', 'Config'],
  ['DATA', 'Market data'],
  ['DOMAIN', 'Domain values'],
  ['ORDER', 'Orders'],
  ['STRATEGY', 'Strategies'],
  ['RUN', 'Runs'],
  ['STATE', 'State store'],
  ['CLI', 'Command line'],
];

const INTRO = `Every error the moex-bot host raises has a stable code of the form
\`MOEXBOT_ERR_<AREA>_<CONDITION>\`. Codes never change meaning between releases, so scripts
and alerts may match on them.

The CLI prints one line per error, then one indented line per located problem:

\`\`\`text
error MOEXBOT_ERR_PLUGIN_PROBLEMS: Plugins could not be loaded: 2 plugin problems
  moex-bot-strategy-foo (package.json#moexBot.kind): found no "kind", expected one of strategy, risk, alert, broker [MOEXBOT_ERR_PLUGIN_KIND_MISSING]
  strategies[0].params.fast: strategy:sma-cross: Invalid input: expected number, received string [MOEXBOT_ERR_PLUGIN_PARAMS_INVALID]
\`\`\`

The path says where: a config path such as \`strategies[0].params.fast\`, or a package and its
field such as \`moex-bot-strategy-foo (package.json#moexBot.kind)\`. A code in brackets is the
problem's own when it differs from the error's. \`moex-bot plugins\` prints each problem on
one line as \`error <CODE>: <path>: <message>\`.

Stack traces are left out; run any command again with \`--debug\` to see them. Exit status is
2 for input errors (\`PLUGIN\`, \`CONFIG\`, \`DATA\`, \`DOMAIN\`, \`CLI\`) and 1 for a failed run.

This page is generated from \`packages/framework/src/errors.ts\` by \`npm run docs:errors\`.`;

/**
 * The markdown of `docs/errors.md`: a title, how to read errors, then one table per area
 * (code, what happened, what to do) in catalogue order. Areas not in the fixed list still
 * get a section, after the others, so a new area can never be left out.
 * @example
 * import { writeFile } from 'node:fs/promises';
 * await writeFile('docs/errors.md', renderErrorsDoc());
 */
export function renderErrorsDoc(): string {
  const entries = Object.entries(errorCatalog) as Array<[string, ErrorInfo]>;
  const known = new Set(AREAS.map(([area]) => area));
  const extra = [...new Set(entries.map(([name]) => areaOf(name)))]
    .filter((area) => !known.has(area))
    .map((area): readonly [string, string] => [area, area]);

  const sections = [...AREAS, ...extra].flatMap(([area, title]) => {
    const rows = entries.filter(([name]) => areaOf(name) === area);
    if (rows.length === 0) return [];
    return [
      [
        `## ${title} (\`${area}\`)`,
        '',
        '| code | what happened | what to do |',
        '| --- | --- | --- |',
        ...rows.map(
          ([name, info]) =>
            `| \`MOEXBOT_ERR_${name}\` | ${cell(info.summary)} | ${cell(info.fix)} |`,
        ),
      ].join('\n'),
    ];
  });
  return `# Error codes\n\n${INTRO}\n\n${sections.join('\n\n')}\n`;
}

function areaOf(name: string): string {
  return name.split('_')[0]!;
}

/** Keeps a catalogue sentence inside its table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
