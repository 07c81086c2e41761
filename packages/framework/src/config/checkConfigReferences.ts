/**
 * Checks the schema cannot express: every instrument a strategy or bar file names exists
 * (by uid or ticker, unambiguously), instrument uids and plugin instance names are unique,
 * and a backtest period does not end before it starts. They run on the interpolated value,
 * before or despite schema problems, so that one check lists every mistake.
 * @module
 */
import type { ConfigPath } from './configPath.js';
import type { ConfigProblem } from './configProblem.js';

type Row = Record<string, unknown>;

function rows(value: unknown): [Row, number][] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, index): [Row, number][] =>
    item !== null && typeof item === 'object' && !Array.isArray(item) ? [[item as Row, index]] : [],
  );
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function problem(path: ConfigPath, message: string): ConfigProblem {
  return { path, code: 'CONFIG_INVALID', message };
}

/**
 * Lists the cross-field problems of a config value (which need not be schema-valid).
 * @example
 * checkConfigReferences({ instruments: [{ ticker: 'SBER' }], strategies: [{ plugin: 'x', instruments: ['GAZP'] }] });
 * // [{ path: ['strategies', 0, 'instruments', 0], message: 'unknown instrument "GAZP"; ...' }]
 */
export function checkConfigReferences(config: unknown): ConfigProblem[] {
  if (config === null || typeof config !== 'object') return [];
  const root = config as Row;
  const problems: ConfigProblem[] = [];

  const instruments = rows(root['instruments']).flatMap(([row, index]) => {
    const ticker = text(row['ticker']);
    const uid = text(row['uid']) ?? ticker;
    return uid === undefined
      ? []
      : [{ uid, ticker, index, uidWritten: text(row['uid']) !== undefined }];
  });
  const firstByUid = new Map<string, number>();
  for (const { uid, index, uidWritten } of instruments) {
    const first = firstByUid.get(uid);
    if (first === undefined) firstByUid.set(uid, index);
    else {
      problems.push(
        problem(
          ['instruments', index, uidWritten ? 'uid' : 'ticker'],
          `duplicate instrument uid "${uid}" (also instruments[${first}]); give each a distinct uid`,
        ),
      );
    }
  }

  const known = [...firstByUid.keys()];
  const checkName = (name: unknown, path: ConfigPath) => {
    const wanted = text(name);
    if (wanted === undefined || firstByUid.has(wanted)) return;
    const byTicker = instruments.filter((instrument) => instrument.ticker === wanted);
    const uids = new Set(byTicker.map((instrument) => instrument.uid));
    if (uids.size === 1) return;
    if (uids.size > 1) {
      const where = byTicker.map((instrument) => `instruments[${instrument.index}]`).join(', ');
      problems.push(problem(path, `"${wanted}" is the ticker of ${where}; name one by its uid`));
      return;
    }
    const list = known.length === 0 ? 'none' : known.join(', ');
    problems.push(
      problem(path, `unknown instrument "${wanted}"; configured instruments (uid): ${list}`),
    );
  };
  for (const [strategy, i] of rows(root['strategies'])) {
    const names = strategy['instruments'];
    if (Array.isArray(names)) {
      for (const [j, name] of names.entries()) checkName(name, ['strategies', i, 'instruments', j]);
    }
  }
  const data = root['data'];
  if (data !== null && typeof data === 'object') {
    for (const [bar, i] of rows((data as Row)['bars'])) {
      checkName(bar['instrument'], ['data', 'bars', i, 'instrument']);
    }
  }

  problems.push(...uniqueNames(root['strategies'], ['strategies'], 'strategy'));
  const risk = root['risk'];
  if (risk !== null && typeof risk === 'object') {
    problems.push(...uniqueNames((risk as Row)['plugins'], ['risk', 'plugins'], 'risk plugin'));
  }
  problems.push(...uniqueNames(root['alerts'], ['alerts'], 'alert channel'));
  problems.push(...checkPeriod(root['backtest']));
  return problems;
}

/** Instance names (`name`, else the plugin id) must be unique within one list. */
function uniqueNames(list: unknown, path: ConfigPath, what: string): ConfigProblem[] {
  const seen = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  for (const [ref, index] of rows(list)) {
    const named = text(ref['name']);
    const name = named ?? text(ref['plugin']);
    if (name === undefined) continue;
    const first = seen.get(name);
    if (first === undefined) seen.set(name, index);
    else {
      problems.push(
        problem(
          [...path, index, named === undefined ? 'plugin' : 'name'],
          `duplicate ${what} name "${name}" (also ${path.join('.')}[${first}]); give each instance a distinct \`name\``,
        ),
      );
    }
  }
  return problems;
}

/** `backtest.to` must come after `backtest.from` when both are written the same way. */
function checkPeriod(backtest: unknown): ConfigProblem[] {
  if (backtest === null || typeof backtest !== 'object') return [];
  const from = text((backtest as Row)['from']);
  const to = text((backtest as Row)['to']);
  // A date and a date-time are compared only with their own kind: how a bare date maps to
  // an instant (Moscow midnight) is the backtest's business, not the config's.
  if (from === undefined || to === undefined || (from.length === 10) !== (to.length === 10)) {
    return [];
  }
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (Number.isNaN(start) || Number.isNaN(end) || start < end) return [];
  return [
    problem(['backtest', 'to'], `must be after backtest.from (${from}); the period is empty`),
  ];
}
