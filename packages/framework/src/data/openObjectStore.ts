/**
 * The ObjectStore a config's `data.store` names: a local folder (relative to the config)
 * or an S3 bucket through `@moex-bot/store-s3`, an optional package found in the operator
 * project the way plugins are, and imported only when a config asks for S3.
 * @module
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OperatorConfig } from '../config/schema.js';
import { MoexBotError } from '../errors.js';
import { findInstalledPackage } from '../plugins/findInstalledPackage.js';
import { readPackageJson } from '../plugins/packageJson.js';
import { resolveEntry } from '../plugins/resolveEntry.js';
import { localObjectStore } from './localObjectStore.js';
import type { ObjectStore } from './ObjectStore.js';

/** The `data.store` section of a config. */
export type DataStoreConfig = OperatorConfig['data']['store'];

/** The package providing the S3 backend. */
export const S3_STORE_PACKAGE = '@moex-bot/store-s3';

/**
 * Where an S3 store is: the `data.store.s3` config section, as `createS3ObjectStore`
 * (the factory `@moex-bot/store-s3` exports) takes it.
 */
export interface S3StoreLocation {
  /** Bucket name; the bucket must exist. */
  readonly bucket: string;
  /** Key prefix inside the bucket (`''` for the whole bucket); slashes around it are optional. */
  readonly prefix: string;
  /** Endpoint URL of an S3-compatible server (`http://127.0.0.1:9000`); AWS when omitted. */
  readonly endpoint?: string;
  /** Region (S3-compatible servers mostly accept any, `us-east-1` is customary). */
  readonly region: string;
  /** Bucket in the path instead of the host name, as MinIO and most local servers need. */
  readonly forcePathStyle: boolean;
}

type S3Factory = (options: S3StoreLocation) => ObjectStore;

const missing = (projectDir: string, why: string) =>
  new MoexBotError(
    'CLI_PACKAGE_MISSING',
    `the S3 store needs \`npm install ${S3_STORE_PACKAGE}\` (in ${projectDir}: ${why})`,
  );

/** Finds and imports `createS3ObjectStore` from the project's installed packages. */
async function loadS3Factory(projectDir: string): Promise<S3Factory> {
  const dir = await findInstalledPackage(projectDir, S3_STORE_PACKAGE);
  if (dir === undefined) throw missing(projectDir, 'it is not installed');
  const json = await readPackageJson(dir);
  if (json.status !== 'ok') throw missing(projectDir, `its package.json is ${json.status}`);
  const entry = await resolveEntry(dir, json.json);
  if (!entry.ok) throw missing(projectDir, `${entry.field}: ${entry.message}; is it built?`);
  let namespace: { createS3ObjectStore?: unknown };
  try {
    namespace = (await import(pathToFileURL(entry.entry).href)) as typeof namespace;
  } catch (error) {
    throw missing(projectDir, `importing it failed: ${(error as Error).message}`);
  }
  if (typeof namespace.createS3ObjectStore !== 'function') {
    throw missing(projectDir, 'it does not export createS3ObjectStore; install a current version');
  }
  return namespace.createS3ObjectStore as S3Factory;
}

/**
 * Opens the store a config names: `{ path }` relative to `configDir`, or `{ s3 }` through
 * `@moex-bot/store-s3` looked up from `projectDir` (default `configDir`). Throws
 * `MOEXBOT_ERR_CLI_PACKAGE_MISSING` when S3 is asked for and the package is not installed.
 * @example
 * const objects = await openObjectStore(loaded.config.data.store, loaded.dir);
 * const store = barStore(objects);
 */
export async function openObjectStore(
  store: DataStoreConfig,
  configDir: string,
  projectDir = configDir,
): Promise<ObjectStore> {
  if ('path' in store) return localObjectStore(path.resolve(configDir, store.path));
  const create = await loadS3Factory(projectDir);
  const { bucket, prefix, endpoint, region, forcePathStyle } = store.s3;
  return create({
    bucket,
    prefix,
    region,
    forcePathStyle,
    ...(endpoint === undefined ? {} : { endpoint }),
  });
}
