/**
 * Checks the monitoring files in `deploy/`: promtool validates the rules, runs their unit
 * tests and validates the example config; the Grafana dashboard and the rules may only
 * name metrics a session exposes. Without promtool the tests fail rather than skip, so
 * the rules cannot go unchecked.
 * @module
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sessionMetrics } from '@moex-bot/framework';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROMETHEUS_DIR = 'deploy/prometheus';
const DASHBOARD = 'deploy/grafana/moex-bot.json';
const PROMTOOL_TIMEOUT_MS = 120_000;

/** The metrics a live session exposes, read from the framework's own registries. */
const KNOWN_METRICS: ReadonlyMap<string, string> = new Map(
  sessionMetrics().map((metric) => [metric.name, metric.type]),
);

interface Run {
  readonly code: number;
  readonly output: string;
}

/** Runs promtool from the repository root; rejects only when it cannot be started. */
function promtool(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      'promtool',
      args,
      { cwd: ROOT, timeout: PROMTOOL_TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (error?.code === 'ENOENT') {
          reject(new Error('promtool not found: apt-get install prometheus'));
          return;
        }
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `$ promtool ${args.join(' ')}\n${stdout}${stderr}` });
      },
    );
  });
}

function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

function ruleFiles(): string[] {
  return readdirSync(join(ROOT, PROMETHEUS_DIR))
    .filter((name) => name.endsWith('.rules.yml'))
    .sort()
    .map((name) => `${PROMETHEUS_DIR}/${name}`);
}

interface RuleFile {
  groups: { name: string; rules: { record?: string; alert?: string }[] }[];
}

function rules(path: string): { record?: string; alert?: string }[] {
  return (parse(read(path)) as RuleFile).groups.flatMap((group) => group.rules);
}

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: { expr?: string; refId?: string }[];
  panels?: Panel[];
}

/** Every panel, those inside collapsed rows included. */
function allPanels(panels: readonly Panel[]): Panel[] {
  return panels.flatMap((panel) => [panel, ...allPanels(panel.panels ?? [])]);
}

/** Names `text` uses that are neither a known metric nor a recording rule in `recorded`. */
function unknownNames(text: string, recorded: ReadonlySet<string>): string[] {
  const unknown = new Set<string>();
  for (const [name] of text.matchAll(/moexbot_[a-z_]+/g)) {
    if (KNOWN_METRICS.has(name)) continue;
    // A histogram is exposed as its _bucket, _count and _sum series.
    const base = name.replace(/_(bucket|count|sum)$/, '');
    if (base !== name && KNOWN_METRICS.get(base) === 'histogram') continue;
    unknown.add(name);
  }
  for (const [name] of text.matchAll(/moexbot:[a-z0-9_:]+/g)) {
    if (!recorded.has(name)) unknown.add(name);
  }
  return [...unknown].sort();
}

describe('Prometheus rules and config (promtool)', () => {
  it('promtool check rules passes', async () => {
    const files = ruleFiles();
    expect(files).toEqual(
      expect.arrayContaining([
        `${PROMETHEUS_DIR}/alerts.rules.yml`,
        `${PROMETHEUS_DIR}/recording.rules.yml`,
      ]),
    );
    const run = await promtool('check', 'rules', ...files);
    expect(run.code, run.output).toBe(0);
  });

  it(
    'promtool test rules passes',
    async () => {
      const run = await promtool('test', 'rules', `${PROMETHEUS_DIR}/rules.test.yml`);
      expect(run.code, run.output).toBe(0);
    },
    PROMTOOL_TIMEOUT_MS,
  );

  it('promtool check config passes', async () => {
    const run = await promtool('check', 'config', `${PROMETHEUS_DIR}/prometheus.yml`);
    expect(run.code, run.output).toBe(0);
  });

  it('every alert has a firing and a not-firing unit test', () => {
    const alerts = rules(`${PROMETHEUS_DIR}/alerts.rules.yml`).flatMap((r) => r.alert ?? []);
    const tests = parse(read(`${PROMETHEUS_DIR}/rules.test.yml`)) as {
      tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const cases = tests.tests.flatMap((group) => group.alert_rule_test ?? []);
    const missing = alerts.flatMap((alert) => {
      const mine = cases.filter((c) => c.alertname === alert);
      return [
        ...(mine.some((c) => c.exp_alerts.length > 0) ? [] : [`${alert}: no firing case`]),
        ...(mine.some((c) => c.exp_alerts.length === 0) ? [] : [`${alert}: no not-firing case`]),
      ];
    });
    expect(alerts.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });
});

describe('metric names', () => {
  const recorded = new Set(
    rules(`${PROMETHEUS_DIR}/recording.rules.yml`).flatMap((r) => r.record ?? []),
  );

  it.each([
    DASHBOARD,
    `${PROMETHEUS_DIR}/alerts.rules.yml`,
    `${PROMETHEUS_DIR}/recording.rules.yml`,
    `${PROMETHEUS_DIR}/rules.test.yml`,
  ])('%s names only exposed metrics and recording rules', (path) => {
    expect(unknownNames(read(path), recorded)).toEqual([]);
  });
});

describe('Grafana dashboard', () => {
  const dashboard = JSON.parse(read(DASHBOARD)) as {
    schemaVersion: number;
    __inputs: { name: string; type: string; pluginId: string }[];
    templating: { list: { name: string; type: string; query?: unknown }[] };
    panels: Panel[];
  };
  // Rows only group panels; they query nothing.
  const panels = allPanels(dashboard.panels).filter((panel) => panel.type !== 'row');

  it('takes its Prometheus data source as an import input and a variable', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
    expect(dashboard.__inputs).toContainEqual(
      expect.objectContaining({
        name: 'DS_PROMETHEUS',
        type: 'datasource',
        pluginId: 'prometheus',
      }),
    );
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', query: 'prometheus' }),
    );
  });

  it('gives every panel a data source and at least one query', () => {
    expect(panels.length).toBeGreaterThan(0);
    const faults = panels.flatMap((panel) => {
      const where = `panel ${panel.id} "${panel.title}"`;
      return [
        ...(panel.datasource?.uid === '${DS_PROMETHEUS}' ? [] : [`${where}: no data source`]),
        ...((panel.targets ?? []).length > 0 ? [] : [`${where}: no target`]),
        ...(panel.targets ?? [])
          .filter((target) => !target.expr?.trim())
          .map((target) => `${where}: target ${target.refId} has no expression`),
      ];
    });
    expect(faults).toEqual([]);
  });

  it('has unique panel ids', () => {
    const ids = allPanels(dashboard.panels).map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
