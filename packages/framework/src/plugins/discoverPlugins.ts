/**
 * Plugin discovery: finds the plugin packages an operator project can use by reading
 * package.json files only. Nothing is imported here; every manifest, host range and entry
 * is checked first and all problems are collected, so one run reports everything wrong.
 * @module
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { PluginKind } from '../contracts/define.js';
import type { Problem } from '../errors.js';
import { frameworkVersion } from '../version.js';
import { checkHostRange } from './checkHostRange.js';
import { findInstalledPackage } from './findInstalledPackage.js';
import { validateManifest } from './manifest.js';
import { type PackageJson, readPackageJson, stringField, stringMap } from './packageJson.js';
import { packagePath, pluginProblem } from './problem.js';
import { resolveEntry } from './resolveEntry.js';
import { expandWorkspaces, findWorkspace } from './workspace.js';

/** A plugin package that passed every check that needs no code to run; not imported yet. */
export interface DiscoveredPlugin {
  /** npm name, e.g. `@acme/moex-bot-strategy-momentum`. */
  readonly packageName: string;
  readonly version: string;
  /** The package folder, symlinks resolved. */
  readonly dir: string;
  readonly kind: PluginKind;
  readonly id: string;
  readonly description?: string;
  /** Absolute path of the ESM entry to import. */
  readonly entry: string;
  /** The declared `peerDependencies["@moex-bot/framework"]` range. */
  readonly hostRange: string;
}

/** Everything discovery found: valid plugins, and every problem of the others. */
export interface DiscoveryResult {
  readonly plugins: DiscoveredPlugin[];
  readonly problems: Problem[];
}

/** The dependency fields that can bring a plugin into an operator project. */
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

interface Candidate {
  /** How the candidate was found: its dependency name or its workspace folder. */
  readonly label: string;
  readonly dir: string;
}

/**
 * Finds the plugins of the operator project in `projectDir`: its dependencies, as Node would
 * resolve them through `node_modules`, plus every member of the npm workspace it sits in.
 * Packages without a `moexBot` field are ignored; broken plugin packages become problems.
 * @example
 * const { plugins, problems } = await discoverPlugins(process.cwd());
 * for (const p of plugins) console.log(`${p.kind}:${p.id} from ${p.packageName}@${p.version}`);
 */
export async function discoverPlugins(projectDir: string): Promise<DiscoveryResult> {
  const root = path.resolve(projectDir);
  const problems: Problem[] = [];
  const [project, workspace] = await Promise.all([readPackageJson(root), findWorkspace(root)]);
  if (project.status === 'missing' && workspace === undefined) return { plugins: [], problems };

  const candidates: Candidate[] = [];
  if (project.status === 'unreadable') {
    problems.push(unreadableProblem(root, root, project.reason));
  } else if (project.status === 'ok') {
    const names = dependencyNames(project.json);
    const dirs = await Promise.all(names.map((name) => findInstalledPackage(root, name)));
    names.forEach((name, index) => {
      const dir = dirs[index];
      // A dependency that is not installed cannot be a plugin we could load; npm reports it.
      if (dir !== undefined) candidates.push({ label: name, dir });
    });
  }
  if (workspace !== undefined) {
    for (const dir of await expandWorkspaces(workspace)) {
      candidates.push({ label: path.relative(workspace.root, dir) || '.', dir });
    }
  }

  const inspected = await Promise.all((await uniqueByRealPath(candidates)).map(inspectPackage));
  const plugins: DiscoveredPlugin[] = [];
  const byKey = new Map<string, DiscoveredPlugin>();
  for (const result of inspected) {
    problems.push(...result.problems);
    const plugin = result.plugin;
    if (plugin === undefined) continue;
    const first = byKey.get(`${plugin.kind}:${plugin.id}`);
    if (first !== undefined) {
      problems.push(duplicateProblem(plugin, first.packageName, first.dir));
      continue;
    }
    byKey.set(`${plugin.kind}:${plugin.id}`, plugin);
    plugins.push(plugin);
  }
  return { plugins, problems };
}

/**
 * The problem for a plugin whose kind and id another package (or a built-in) already took.
 * The first one found is kept, so listings stay useful; the run still stops on the problem.
 */
export function duplicateProblem(
  plugin: Pick<DiscoveredPlugin, 'packageName' | 'kind' | 'id'>,
  otherPackage: string,
  otherDir?: string,
): Problem {
  const where = `${otherPackage} (${otherDir ?? 'built in'})`;
  return pluginProblem(
    'PLUGIN_DUPLICATE_ID',
    packagePath(plugin.packageName, 'package.json#moexBot.id'),
    `${plugin.kind}:${plugin.id} is also provided by ${where}; expected one package per kind and id, uninstall one`,
  );
}

function dependencyNames(json: PackageJson): string[] {
  const names = DEPENDENCY_FIELDS.flatMap((field) => Object.keys(stringMap(json, field)));
  return [...new Set(names)];
}

/** Drops candidates that are the same folder reached twice (a dependency that is also a workspace member). */
async function uniqueByRealPath(candidates: readonly Candidate[]): Promise<Candidate[]> {
  const reals = await Promise.all(
    candidates.map((candidate) => realpath(candidate.dir).catch(() => undefined)),
  );
  const seen = new Set<string>();
  const unique: Candidate[] = [];
  candidates.forEach((candidate, index) => {
    const dir = reals[index];
    // A dangling symlink is a broken install, not a plugin; npm reports it better than we can.
    if (dir === undefined || seen.has(dir)) return;
    seen.add(dir);
    unique.push({ label: candidate.label, dir });
  });
  return unique;
}

async function inspectPackage(
  candidate: Candidate,
): Promise<{ plugin?: DiscoveredPlugin; problems: Problem[] }> {
  const read = await readPackageJson(candidate.dir);
  if (read.status !== 'ok') {
    const reason = read.status === 'missing' ? 'the file does not exist' : read.reason;
    return { problems: [unreadableProblem(candidate.label, candidate.dir, reason)] };
  }
  const json = read.json;
  if (json['moexBot'] === undefined) return { problems: [] };

  const packageName = stringField(json, 'name') ?? candidate.label;
  const manifest = validateManifest(packageName, json['moexBot']);
  const host = checkHostRange(packageName, json, frameworkVersion);
  const entry = await resolveEntry(candidate.dir, json);

  const problems: Problem[] = [];
  if (!manifest.ok) problems.push(...manifest.problems);
  if (!host.ok) problems.push(host.problem);
  if (!entry.ok) {
    problems.push(
      pluginProblem('PLUGIN_ENTRY_NOT_FOUND', packagePath(packageName, entry.field), entry.message),
    );
  }
  if (!manifest.ok || !host.ok || !entry.ok) return { problems };

  const description = manifest.manifest.description;
  const plugin: DiscoveredPlugin = {
    packageName,
    version: stringField(json, 'version') ?? '0.0.0',
    dir: candidate.dir,
    kind: manifest.manifest.kind,
    id: manifest.manifest.id,
    ...(description === undefined ? {} : { description }),
    entry: entry.entry,
    hostRange: host.range,
  };
  return { plugin, problems };
}

function unreadableProblem(label: string, dir: string, reason: string): Problem {
  return pluginProblem(
    'PLUGIN_PACKAGE_UNREADABLE',
    packagePath(label, 'package.json'),
    `could not read ${path.join(dir, 'package.json')}: ${reason}`,
  );
}
