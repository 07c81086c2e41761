/**
 * Finding datasets and versions in an object store: a dataset exists when it has a
 * manifest, and its versions are the manifest keys under its folder.
 * @module
 */
import { type DatasetId, datasetIdProblem, formatDatasetId } from './datasetId.js';
import {
  type DatasetManifest,
  manifestKey,
  manifestPrefix,
  parseManifest,
  versionOfKey,
} from './manifest.js';
import type { ObjectStore } from './ObjectStore.js';

/** Versions of a dataset, ascending; empty when it has none. */
export async function listVersions(objects: ObjectStore, id: DatasetId): Promise<number[]> {
  const keys = await objects.list(manifestPrefix(id));
  return keys
    .flatMap((key) => {
      const version = versionOfKey(key);
      // Only direct children: `manifests/a/1m/X/…` must not pick up a deeper folder.
      return version !== undefined && key === manifestKey(id, version) ? [version] : [];
    })
    .sort((a, b) => a - b);
}

/** One version's manifest, or undefined when the store has no such version. */
export async function loadManifest(
  objects: ObjectStore,
  id: DatasetId,
  version: number,
): Promise<DatasetManifest | undefined> {
  const key = manifestKey(id, version);
  const bytes = await objects.get(key);
  return bytes === undefined ? undefined : parseManifest(bytes, key, id, version);
}

/** The newest version's manifest, or undefined when the dataset has none. */
export async function latestManifest(
  objects: ObjectStore,
  id: DatasetId,
): Promise<DatasetManifest | undefined> {
  const versions = await listVersions(objects, id);
  const latest = versions.at(-1);
  return latest === undefined ? undefined : loadManifest(objects, id, latest);
}

/** Every dataset with at least one version, sorted by name. */
export async function listDatasets(objects: ObjectStore): Promise<DatasetId[]> {
  const found = new Map<string, DatasetId>();
  for (const key of await objects.list('manifests/')) {
    const parts = key.split('/');
    if (parts.length !== 5 || versionOfKey(key) === undefined) continue;
    const id = { source: parts[1]!, interval: parts[2]!, instrument: parts[3]! };
    if (datasetIdProblem(id) === undefined) found.set(formatDatasetId(id), id);
  }
  return [...found.keys()].sort().map((name) => found.get(name)!);
}
