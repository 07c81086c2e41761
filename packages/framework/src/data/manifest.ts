/**
 * Dataset manifests: one JSON object per dataset version listing its partition files.
 * A version is immutable; its `hash` covers the partition list, so two versions with the
 * same bars have the same hash and a lock file can tell a version was tampered with.
 * @module
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MoexBotError } from '../errors.js';
import { type DatasetId, formatDatasetId } from './datasetId.js';

const isoTime = z.iso.datetime();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** One partition (a UTC month) of a version: its file and what it holds. */
export const PartitionSchema = z
  .object({
    period: z.string().regex(/^\d{4}-\d{2}$/),
    key: z.string().min(1),
    sha256,
    rows: z.number().int().positive(),
    bytes: z.number().int().nonnegative(),
    firstTime: isoTime,
    lastTime: isoTime,
  })
  .strict();

/** A dataset version as stored under `manifests/<dataset>/v000001.json`. */
export const DatasetManifestSchema = z
  .object({
    format: z.literal(1),
    dataset: z.string(),
    source: z.string(),
    interval: z.string(),
    instrument: z.string(),
    version: z.number().int().positive(),
    createdAt: isoTime,
    hash: sha256,
    rows: z.number().int().nonnegative(),
    firstTime: isoTime.nullable(),
    lastTime: isoTime.nullable(),
    partitions: z.array(PartitionSchema),
  })
  .strict();

export type Partition = z.infer<typeof PartitionSchema>;
export type DatasetManifest = z.infer<typeof DatasetManifestSchema>;

/** Folder of a dataset's manifests. */
export function manifestPrefix(id: DatasetId): string {
  return `manifests/${formatDatasetId(id)}/`;
}

/** Key of a version's manifest: zero-padded so keys sort by version. */
export function manifestKey(id: DatasetId, version: number): string {
  return `${manifestPrefix(id)}v${String(version).padStart(6, '0')}.json`;
}

/** The version a manifest key names, or undefined for other keys. */
export function versionOfKey(key: string): number | undefined {
  const match = /\/v(\d{6,})\.json$/.exec(key);
  return match ? Number(match[1]) : undefined;
}

/** Key of a partition file: named by the SHA-256 of its bytes. */
export function partitionKey(id: DatasetId, period: string, hash: string): string {
  return `bars/${formatDatasetId(id)}/${period}/${hash}.parquet`;
}

/** The content hash of a version: over what each partition holds, not where it is. */
export function partitionsHash(partitions: readonly Partition[]): string {
  const content = partitions.map((p) => [p.period, p.sha256, p.rows, p.firstTime, p.lastTime]);
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** SHA-256 of bytes, hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Parses manifest bytes, checking that they describe the version they are stored as.
 * Throws `MOEXBOT_ERR_DATA_STORE_UNREADABLE` naming the key otherwise.
 */
export function parseManifest(bytes: Uint8Array, key: string, id: DatasetId, version: number) {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new MoexBotError('DATA_STORE_UNREADABLE', `manifest ${key} is not valid JSON`, {
      cause: error,
    });
  }
  const parsed = DatasetManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new MoexBotError(
      'DATA_STORE_UNREADABLE',
      `manifest ${key}: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  const manifest = parsed.data;
  if (manifest.dataset !== formatDatasetId(id) || manifest.version !== version) {
    throw new MoexBotError(
      'DATA_STORE_UNREADABLE',
      `manifest ${key} describes ${manifest.dataset} v${manifest.version}, not ${formatDatasetId(id)} v${version}`,
    );
  }
  if (partitionsHash(manifest.partitions) !== manifest.hash) {
    throw new MoexBotError(
      'DATA_STORE_UNREADABLE',
      `manifest ${key}: its hash does not match its partition list (the file was edited)`,
    );
  }
  return manifest;
}
