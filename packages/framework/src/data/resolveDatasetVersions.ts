/**
 * Which version of each dataset a backtest reads: the one the lock file pins (checked
 * against its hash), or else the latest, flagged as not pinned so the caller can warn
 * that the result may change when new data arrives.
 * @module
 */
import { formatConfigPath } from '../config/configPath.js';
import { type ErrorName, errorCode, MoexBotError } from '../errors.js';
import type { BarStore } from './barStore.js';
import { type DatasetId, formatDatasetId } from './datasetId.js';
import { type DataLock, LOCK_FILE_NAME } from './lockFile.js';
import type { DatasetManifest } from './manifest.js';

/** A dataset version chosen for a run. */
export interface ResolvedDataset {
  /** `source/interval/instrument`. */
  readonly dataset: string;
  readonly id: DatasetId;
  readonly version: number;
  /** Content hash of the version (what the lock pins). */
  readonly hash: string;
  /** True when the lock file chose the version, false when it is the latest. */
  readonly pinned: boolean;
  readonly manifest: DatasetManifest;
}

/** A dataset that cannot be read: where, why, and the code it fails with. */
interface Unreadable {
  readonly path: string;
  readonly message: string;
  readonly name: ErrorName;
}

type Outcome = ResolvedDataset | { readonly problem: Unreadable };

async function resolveOne(
  store: BarStore,
  id: DatasetId,
  lock: DataLock | undefined,
): Promise<Outcome> {
  const dataset = formatDatasetId(id);
  const where = store.objects.description;
  const pin = lock?.datasets[dataset];
  const lockPath = `${LOCK_FILE_NAME}#${formatConfigPath(['datasets', dataset])}`;
  if (pin !== undefined) {
    const manifest = await store.manifest(id, pin.version);
    if (manifest === undefined) {
      const message = `${dataset} v${pin.version} pinned by the lock is not in ${where}; restore the store or re-pin with \`moex-bot data lock\``;
      return { problem: { path: lockPath, message, name: 'DATA_VERSION_NOT_FOUND' } };
    }
    if (manifest.hash !== pin.hash) {
      const message = `${dataset} v${pin.version} in ${where} has hash ${manifest.hash}, the lock pins ${pin.hash}: the store does not hold the data the lock was made with`;
      return { problem: { path: lockPath, message, name: 'DATA_VERSION_NOT_FOUND' } };
    }
    return { dataset, id, version: pin.version, hash: manifest.hash, pinned: true, manifest };
  }
  const manifest = await store.manifest(id);
  if (manifest === undefined) {
    const others = (await store.datasets())
      .filter((other) => other.instrument === id.instrument)
      .map(formatDatasetId);
    const hint =
      others.length > 0
        ? `it has ${others.join(', ')}: set \`data.source\` / \`data.interval\` to read one`
        : `import bars with \`moex-bot data import <file.csv> --instrument ${id.instrument}\``;
    const message = `no dataset ${dataset} in ${where}; ${hint}`;
    return { problem: { path: 'data', message, name: 'DATA_DATASET_NOT_FOUND' } };
  }
  return { dataset, id, version: manifest.version, hash: manifest.hash, pinned: false, manifest };
}

/**
 * Resolves every dataset, then fails once listing every problem: a dataset missing
 * (`MOEXBOT_ERR_DATA_DATASET_NOT_FOUND`), or a pinned version missing or with another
 * hash (`MOEXBOT_ERR_DATA_VERSION_NOT_FOUND`).
 * @example
 * const used = await resolveDatasetVersions(store, ids, await readLockFile(lockFilePath(dir)));
 * for (const d of used) if (!d.pinned) logger.warn(`${d.dataset} is not pinned: reading v${d.version}`);
 */
export async function resolveDatasetVersions(
  store: BarStore,
  ids: readonly DatasetId[],
  lock: DataLock | undefined,
): Promise<ResolvedDataset[]> {
  const outcomes: Outcome[] = await Promise.all(ids.map((id) => resolveOne(store, id, lock)));
  const problems = outcomes.flatMap((outcome) => ('problem' in outcome ? [outcome.problem] : []));
  if (problems.length === 0) return outcomes as ResolvedDataset[];
  const first = problems[0]!;
  if (problems.length === 1) throw new MoexBotError(first.name, first.message);
  throw new MoexBotError(
    first.name,
    `${problems.length} datasets cannot be read; first: ${first.message}`,
    {
      problems: problems.map(({ path, message, name }) => ({
        path,
        message,
        code: errorCode(name),
      })),
    },
  );
}
